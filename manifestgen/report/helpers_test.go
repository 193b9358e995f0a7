package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// t0 is the start of every test run.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// at returns t0 plus ms milliseconds.
func at(ms float64) time.Time { return t0.Add(time.Duration(ms * float64(time.Millisecond))) }

// sampleRun records a realistic run on rec: two hosts with concurrent
// requests, 429s answered by retries and a limiter that halves its rate on
// each 429 and recovers slowly, some 5xx and transport errors. It is
// deterministic and returns the run's meta.
func sampleRun(rec *Recorder) Meta {
	rng := rand.New(rand.NewPCG(1, 2))
	type hostSpec struct {
		host, label string
		rps         float64
		conc        int
		n           int
	}
	specs := []hostSpec{
		{"civitai.com", "checkpoints", 2, 3, 110},
		{"huggingface.co", "text-gen", 5, 6, 200},
	}
	end := t0
	for _, h := range specs {
		rps := h.rps
		rec.Rate(h.host, t0, rps)
		next := 0.0                     // ms of the next start allowed by the rate
		busy := make([]float64, h.conc) // ms when each slot frees
		successes := 0
		page := 0
		attempt := 1
		for i := 0; i < h.n; i++ {
			slot := 0
			for j := range busy {
				if busy[j] < busy[slot] {
					slot = j
				}
			}
			start := max(next, busy[slot])
			dur := 80 + rng.Float64()*500
			status := 200
			var err error
			switch r := rng.Float64(); {
			case r < 0.08:
				status = 429
			case r < 0.1:
				status = 503
			case r < 0.11:
				status, dur = 0, 10_000
				err = errors.New("context deadline exceeded")
			case h.host == "huggingface.co" && r < 0.2:
				status = 304
			}
			rec.Attempt(fetch.Attempt{
				Host: h.host, Label: fmt.Sprintf("%s-%d", h.label, page%4),
				URL:   fmt.Sprintf("https://%s/api/models?limit=100&cursor=c%d&token=SECRET", h.host, page),
				Start: at(start), Duration: time.Duration(dur * float64(time.Millisecond)),
				Status: status, Attempt: attempt, Err: err,
			})
			busy[slot] = start + dur
			next = start + 1000/rps
			if status == 200 || status == 304 {
				page++
				attempt = 1
				successes++
				if successes == 5 && rps < h.rps {
					rps = min(h.rps, rps+h.rps/5)
					rec.Rate(h.host, at(start+dur), rps)
					successes = 0
				}
				continue
			}
			attempt++
			successes = 0
			if status == 429 {
				rps = max(rps/2, h.rps/4)
				rec.Rate(h.host, at(start+dur), rps)
				next = start + dur + 1000 + rng.Float64()*1000 // Retry-After
			}
			if attempt > 4 {
				page++
				attempt = 1
			}
		}
		for _, b := range busy {
			end = later(end, at(b))
		}
	}
	return Meta{
		Started: t0, Finished: end.Add(50 * time.Millisecond), Hub: "real",
		Sources: map[string]Source{
			"civitai":     {Profile: "civitai-anon", Endpoint: "https://civitai.com", Concurrency: 3, RPS: 2, Burst: 2, MinRPS: 0.1, MaxAttempts: 4},
			"huggingface": {Profile: "hf-token", Endpoint: "https://huggingface.co", Concurrency: 6, RPS: 5, Burst: 5, MinRPS: 0.25, MaxAttempts: 4},
		},
		Filters: []FilterStatus{
			{Source: "civitai", Name: "checkpoints-0", Status: StatusOK},
			{Source: "civitai", Name: "checkpoints-1", Status: StatusStale, Error: "GET https://civitai.com/api/v1/models?cursor=x: 429 Too Many Requests (giving up after 4 attempts)"},
			{Source: "huggingface", Name: "text-gen-2", Status: StatusFailed, Error: "server asked to wait 3h0m0s, more than 10m0s"},
		},
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// element is one start tag of a parsed document.
type element struct {
	name  string
	attrs map[string]string
}

// parseXML parses doc strictly as XML (report.html is XHTML-compatible) and
// returns its start tags and the text of its style elements.
func parseXML(t testing.TB, doc []byte) (elems []element, css string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	inStyle := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return elems, css
		}
		if err != nil {
			t.Fatalf("report.html is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				name := a.Name.Local
				if a.Name.Space != "" {
					name = a.Name.Space + ":" + name
				}
				e.attrs[name] = a.Value
			}
			elems = append(elems, e)
			inStyle = e.name == "style"
		case xml.EndElement:
			inStyle = false
		case xml.CharData:
			if inStyle {
				css += string(tok)
			}
		}
	}
}

// hasClass reports whether e has the CSS class c.
func (e element) hasClass(c string) bool {
	for _, f := range strings.Fields(e.attrs["class"]) {
		if f == c {
			return true
		}
	}
	return false
}

// count returns how many elements named name have class c ("" for any).
func count(elems []element, name, c string) int {
	n := 0
	for _, e := range elems {
		if e.name == name && (c == "" || e.hasClass(c)) {
			n++
		}
	}
	return n
}

// render returns rep's JSON and HTML.
func render(t testing.TB, rep *Report) (jsonOut, htmlOut []byte) {
	t.Helper()
	var j, h bytes.Buffer
	if err := rep.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteHTML(&h); err != nil {
		t.Fatal(err)
	}
	return j.Bytes(), h.Bytes()
}
