package report

import (
	"math"
	"sync"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Recorder collects attempts and limiter rate samples during a run. Its zero
// value is ready to use and it is safe for concurrent use. It keeps every
// record in memory (about 200 bytes per attempt) until it is dropped.
type Recorder struct {
	// Secrets are removed from everything recorded and from the Meta given
	// to Report, before the patterns of the second layer; nil: patterns only.
	Secrets *redact.Set

	mu       sync.Mutex
	attempts []attempt
	rates    []rateSample
	pauses   []pauseSpan
}

// pauseSpan is one call of Recorder.Pause.
type pauseSpan struct {
	host, why   string
	from, until time.Time
}

// Pause records that host's limiter paused every request from from until
// until, and why (the reason the limiter logs). Overlapping pauses of a host
// (extensions) are drawn as one span with the reasons joined.
func (r *Recorder) Pause(host string, from, until time.Time, why string) {
	if until.Before(from) {
		return
	}
	p := pauseSpan{host: cleanText(host), why: r.text(why), from: from.Round(0), until: until.Round(0)}
	r.mu.Lock()
	r.pauses = append(r.pauses, p)
	r.mu.Unlock()
}

// attempt is a fetch.Attempt with its text already scrubbed.
type attempt struct {
	host, label, url, err string
	start                 time.Time
	duration              time.Duration
	status, n             int
	failed                bool
}

// rateSample is one call of Recorder.Rate.
type rateSample struct {
	host string
	t    time.Time
	rps  float64
}

// Attempt records one HTTP attempt; use it as fetch.Client.OnAttempt. The
// URL and error are stripped of secrets before they are stored.
func (r *Recorder) Attempt(a fetch.Attempt) {
	rec := attempt{
		host:     cleanText(a.Host),
		label:    r.text(a.Label),
		url:      r.Secrets.Remove(scrubURL(r.Secrets.Remove(a.URL))),
		start:    a.Start.Round(0),
		duration: a.Duration,
		status:   a.Status,
		n:        a.Attempt,
		failed:   a.Err != nil,
	}
	if a.Err != nil {
		rec.err = r.text(a.Err.Error())
	}
	r.mu.Lock()
	r.attempts = append(r.attempts, rec)
	r.mu.Unlock()
}

// Rate records that host's limiter allows rps request starts per second from
// t on. Call it on every change of the rate, and once at the start. A
// negative or non-finite rps cannot be drawn or written and is ignored.
func (r *Recorder) Rate(host string, t time.Time, rps float64) {
	if rps < 0 || math.IsInf(rps, 0) || math.IsNaN(rps) {
		return
	}
	s := rateSample{host: cleanText(host), t: t.Round(0), rps: rps}
	r.mu.Lock()
	r.rates = append(r.rates, s)
	r.mu.Unlock()
}

// Report returns a snapshot of everything recorded so far, with meta. It may
// be called while recording goes on.
func (r *Recorder) Report(meta Meta) *Report {
	r.mu.Lock()
	attempts := append([]attempt(nil), r.attempts...)
	rates := append([]rateSample(nil), r.rates...)
	pauses := append([]pauseSpan(nil), r.pauses...)
	r.mu.Unlock()
	return build(r.scrubMeta(meta), attempts, rates, pauses)
}

// text returns s with the Secrets removed, then the patterns.
func (r *Recorder) text(s string) string {
	return r.Secrets.Remove(scrubText(r.Secrets.Remove(s)))
}

// scrubMeta returns a copy of meta with the Secrets removed from its text
// (build applies the patterns).
func (r *Recorder) scrubMeta(meta Meta) Meta {
	if r.Secrets.Len() == 0 {
		return meta
	}
	meta.Hub = r.Secrets.Remove(meta.Hub)
	sources := make(map[string]Source, len(meta.Sources))
	for name, s := range meta.Sources {
		s.Profile = r.Secrets.Remove(s.Profile)
		s.Endpoint = r.Secrets.Remove(s.Endpoint)
		sources[r.Secrets.Remove(name)] = s
	}
	meta.Sources = sources
	filters := make([]FilterStatus, len(meta.Filters))
	for i, f := range meta.Filters {
		f.Source = r.Secrets.Remove(f.Source)
		f.Name = r.Secrets.Remove(f.Name)
		f.Error = r.Secrets.Remove(f.Error)
		filters[i] = f
	}
	meta.Filters = filters
	return meta
}
