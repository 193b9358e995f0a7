package report

import (
	stdhtml "html"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// A short run with a pause, a 429 and a retry: the pause is one merged
// span per host with its reasons (JSON), shaded over its lane with the
// reason (HTML); the 429 and the retry are marked; the host label is whole;
// the axis counts milliseconds; the learned rate is suggested as rps.
func TestPausesMarksAndSuggestion(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	at := func(ms float64) time.Time { return t0.Add(time.Duration(ms * float64(time.Millisecond))) }
	host := "civitai · a-rather-long-mirror-host.example.org:8443"
	var rec Recorder
	rec.Attempt(fetch.Attempt{Host: host, Label: "f", URL: "https://m/a", Start: at(0), Duration: 50 * time.Millisecond, Status: 200, Attempt: 1})
	rec.Attempt(fetch.Attempt{Host: host, Label: "f", URL: "https://m/b", Start: at(100), Duration: 20 * time.Millisecond, Status: 429, Attempt: 1})
	rec.Attempt(fetch.Attempt{Host: host, Label: "f", URL: "https://m/b", Start: at(700), Duration: 50 * time.Millisecond, Status: 200, Attempt: 2})
	rec.Pause(host, at(120), at(500), "429 with Retry-After")
	rec.Pause(host, at(400), at(650), "quota exhausted (r=0)") // extends the first
	rec.Pause(host, at(300), at(310), "429 with Retry-After")  // inside it
	rec.Pause(host, at(10), at(5), "backwards")                // ignored
	rec.Rate(host, at(0), 10)
	rep := rec.Report(Meta{Started: t0, Finished: at(800), Sources: map[string]Source{"civitai": {RPS: 10, LearnedRPS: 4.9816}}})

	if n := len(rep.Hosts[0].Pauses); n != 1 {
		t.Fatalf("%d pauses; want 1 merged: %+v", n, rep.Hosts[0].Pauses)
	}
	p := rep.Hosts[0].Pauses[0]
	if p.OffsetMs != 120 || p.DurationMs != 530 || p.Why != "429 with Retry-After; quota exhausted (r=0)" {
		t.Errorf("pause %+v", p)
	}
	_, h := render(t, rep)
	elems, _ := parseXML(t, h)
	html := stdhtml.UnescapeString(string(h))
	for _, c := range []struct {
		name, class string
		want        int
	}{{"rect", "pause", 2}, {"rect", "m429", 2}, {"rect", "mretry", 2}} { // each: one in the legend
		if got := count(elems, c.name, c.class); got != c.want {
			t.Errorf("%d <%s class=%s>; want %d", got, c.name, c.class, c.want)
		}
	}
	for _, want := range []string{
		"paused +0.120 s for 530 ms: 429 with Retry-After; quota exhausted (r=0)", // the span's tooltip
		">paused: 429 with Retry-After",                                           // its label
		">civitai<", ">a-rather-long-mirror-hos<", ">t.example.org:8443<",         // the whole host name
		">100 ms<", ">800 ms<", // a millisecond axis
		"sources.civitai.rps: 4.9</code>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

func TestSuggestRPS(t *testing.T) {
	for in, want := range map[float64]string{4.9816: "4.9", 0.736: "0.73", 12.9: "12", 5: "5", 0: "0", -1: "0", 0.05: "0.05"} {
		if got := SuggestRPS(in); got != want {
			t.Errorf("SuggestRPS(%v) = %q; want %q", in, got, want)
		}
	}
}
