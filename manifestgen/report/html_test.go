package report

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

func TestHTMLStructure(t *testing.T) {
	var rec Recorder
	rep := rec.Report(sampleRun(&rec))
	_, h := render(t, rep)
	elems, css := parseXML(t, h)

	// Self-contained: nothing that loads from anywhere.
	for _, e := range elems {
		switch e.name {
		case "script", "link", "img", "image", "iframe", "object", "embed", "use", "foreignObject", "base", "audio", "video", "source":
			t.Errorf("element <%s> may load external content", e.name)
		}
		for k, v := range e.attrs {
			lk := strings.ToLower(k)
			if lk == "src" || strings.HasSuffix(lk, "href") || lk == "action" || lk == "srcset" || lk == "style" || strings.HasPrefix(lk, "on") {
				t.Errorf("<%s %s=%q>: attribute not allowed", e.name, k, v)
			}
			if lv := strings.ToLower(v); strings.Contains(lv, "http:") || strings.Contains(lv, "https:") || strings.Contains(lv, "url(") {
				t.Errorf("<%s %s=%q> references a URL", e.name, k, v)
			}
		}
	}
	for _, bad := range []string{"url(", "@import", "http", "@font-face"} {
		if strings.Contains(css, bad) {
			t.Errorf("CSS contains %q", bad)
		}
	}

	// One lane, one rate line and one bar per request per host.
	if got := count(elems, "g", "lane"); got != len(rep.Hosts) {
		t.Errorf("lanes = %d, want %d", got, len(rep.Hosts))
	}
	if got := count(elems, "path", "rate"); got != len(rep.Hosts) {
		t.Errorf("rate lines = %d, want %d", got, len(rep.Hosts))
	}
	byOutcome := map[string]int{}
	retries := 0
	for _, r := range rep.Requests {
		byOutcome[r.Outcome]++
		if r.Attempt > 1 {
			retries++
		}
	}
	for _, o := range outcomes {
		// The legend draws one swatch per outcome, and a 2xx one for retries.
		want := byOutcome[o] + 1
		if o == Outcome2xx {
			want++
		}
		if got := count(elems, "rect", "o"+o); got != want {
			t.Errorf("rects of outcome %s = %d, want %d", o, got, want)
		}
	}
	if got := count(elems, "rect", "retry"); got != retries+1 {
		t.Errorf("retry bars = %d, want %d", got, retries+1)
	}
	if byOutcome[Outcome429] == 0 || retries == 0 {
		t.Fatalf("sample run has no 429s or retries: %v", byOutcome)
	}

	// Axis ticks in seconds, rate axis in req/s.
	s := string(h)
	if ticks := regexp.MustCompile(`>\d+ s<`).FindAllString(s, -1); len(ticks) < 2*5 { // above and below
		t.Errorf("x axis ticks = %q, want at least 5 each above and below", ticks)
	}
	for _, want := range []string{">0 s<", "limiter req/s", "civitai.com", "huggingface.co", "checkpoints-1", "stale", "failed", "text-gen-2"} {
		if !strings.Contains(s, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(s, ">checkpoints-0<") {
		t.Error("filter with status ok listed among failed and stale filters")
	}
}

func TestHTMLEscapesData(t *testing.T) {
	const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>&amp;`
	var rec Recorder
	rec.Rate(evil, at(0), 1)
	rec.Attempt(fetch.Attempt{Host: evil, Label: evil, URL: "https://h/" + evil, Start: at(0), Duration: time.Second, Status: 500, Attempt: 2, Err: fmt.Errorf("%s", evil)})
	rep := rec.Report(Meta{Hub: evil, Sources: map[string]Source{evil: {Endpoint: evil, Profile: evil}},
		Filters: []FilterStatus{{Source: evil, Name: evil, Status: evil, Error: evil}}})
	_, h := render(t, rep)
	elems, _ := parseXML(t, h)
	for _, e := range elems {
		if e.name == "script" || e.name == "img" {
			t.Errorf("data produced a <%s> element", e.name)
		}
	}
	if bytes.Contains(h, []byte("<script")) || bytes.Contains(h, []byte("<img")) {
		t.Error("unescaped markup in report.html")
	}
}

func TestHTMLAggregatesManyRequests(t *testing.T) {
	var rec Recorder
	n := MaxBars + 5000
	for i := range n {
		status, attempt := 200, 1
		if i%10 == 0 {
			status = 429
		}
		if i%10 == 1 {
			attempt = 2
		}
		rec.Attempt(fetch.Attempt{Host: fmt.Sprintf("h%d", i%2), URL: "https://h/x", Start: at(float64(i) * 10), Duration: 300 * time.Millisecond, Status: status, Attempt: attempt})
	}
	rep := rec.Report(Meta{Started: t0})
	_, h := render(t, rep)
	elems, _ := parseXML(t, h)
	if got := count(elems, "rect", "retry"); got != 1 { // the legend only
		t.Errorf("%d per-request retry bars drawn in aggregated mode", got-1)
	}
	cols, most := count(elems, "rect", "hit"), 2*int(math.Ceil(plotWidth/aggColumn)) // two hosts
	if cols == 0 || cols > most {
		t.Errorf("aggregated columns = %d, want 1..%d", cols, most)
	}
	if count(elems, "rect", "o429") < 2 || count(elems, "rect", "retries") == 0 {
		t.Error("aggregated columns do not show 429s and retries")
	}
	if len(h) > 1<<20 {
		t.Errorf("aggregated report.html is %d bytes", len(h))
	}
	if !bytes.Contains(h, []byte("More than 20000 requests")) {
		t.Error("aggregated mode not explained")
	}
}

func TestNiceScales(t *testing.T) {
	tests := []struct {
		in, step, ceil float64
		dec            int
	}{
		{0.7, 1, 1, 0},
		{1, 1, 1, 0},
		{1.2, 2, 2, 0},
		{2.2, 5, 2.5, 0},
		{7, 10, 10, 0},
		{0.03, 0.05, 0.05, 2},
		{130, 200, 200, 0},
	}
	for _, tt := range tests {
		if got := niceStep(tt.in); got != tt.step {
			t.Errorf("niceStep(%v) = %v, want %v", tt.in, got, tt.step)
		}
		if got := niceCeil(tt.in); got != tt.ceil {
			t.Errorf("niceCeil(%v) = %v, want %v", tt.in, got, tt.ceil)
		}
		if got := decimals(tt.step); got != tt.dec {
			t.Errorf("decimals(%v) = %v, want %v", tt.step, got, tt.dec)
		}
	}
}
