package report

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"
)

// build assembles a Report from meta and copies of the recorded data.
func build(meta Meta, attempts []attempt, rates []rateSample, pauses []pauseSpan) *Report {
	origin, end := span(meta, attempts, rates)
	slices.SortFunc(attempts, compareAttempts)
	slices.SortStableFunc(rates, func(a, b rateSample) int {
		return cmp.Or(strings.Compare(a.host, b.host), a.t.Compare(b.t))
	})

	rep := &Report{
		Version: Version,
		Meta: RunInfo{
			Started:    formatTime(origin),
			Finished:   formatTime(meta.Finished),
			DurationMs: ms(end.Sub(origin)),
			Hub:        scrubText(meta.Hub),
			Sources:    sources(meta.Sources),
			Filters:    filters(meta.Filters),
		},
		Hosts:    []HostReport{},
		Requests: make([]Request, 0, len(attempts)),
	}
	hosts := map[string]*HostReport{}
	host := func(name string) *HostReport {
		h := hosts[name]
		if h == nil {
			h = &HostReport{Host: name, Rate: []RateSample{}, Pauses: []Pause{}}
			hosts[name] = h
		}
		return h
	}
	for _, a := range attempts {
		req := Request{
			Host:       a.host,
			Filter:     a.label,
			URL:        a.url,
			DurationMs: ms(a.duration),
			Status:     a.status,
			Attempt:    a.n,
			Outcome:    outcome(a.status, a.failed),
			Error:      a.err,
		}
		if !a.start.IsZero() {
			req.Start = formatTime(a.start)
			req.OffsetMs = ms(a.start.Sub(origin))
		}
		rep.Requests = append(rep.Requests, req)
		host(a.host)
	}
	for _, s := range rates {
		h := host(s.host)
		h.Rate = append(h.Rate, RateSample{At: formatTime(s.t), OffsetMs: ms(s.t.Sub(origin)), RPS: s.rps})
	}
	slices.SortStableFunc(pauses, func(a, b pauseSpan) int {
		return cmp.Or(strings.Compare(a.host, b.host), a.from.Compare(b.from), a.until.Compare(b.until), strings.Compare(a.why, b.why))
	})
	var until time.Time // end of the host's last span
	for i, p := range pauses {
		h := host(p.host)
		from := p.from
		if from.Before(origin) {
			from = origin
		}
		if n := len(h.Pauses); n > 0 && i > 0 && pauses[i-1].host == p.host && !from.After(until) {
			last := &h.Pauses[n-1]
			if p.until.After(until) {
				until = p.until
				last.DurationMs = ms(until.Sub(origin)) - last.OffsetMs
			}
			if !strings.Contains(last.Why, p.why) {
				last.Why += "; " + p.why
			}
			continue
		}
		until = p.until
		h.Pauses = append(h.Pauses, Pause{Start: formatTime(from), OffsetMs: ms(from.Sub(origin)), DurationMs: ms(p.until.Sub(from)), Why: p.why})
	}
	for _, name := range slices.Sorted(maps.Keys(hosts)) {
		h := hosts[name]
		h.Totals = totals(rep.Requests, name)
		rep.Hosts = append(rep.Hosts, *h)
	}
	return rep
}

// span returns the report's time zero and end: the earlier of meta.Started
// and the first event, and the later of meta.Finished and the last event.
func span(meta Meta, attempts []attempt, rates []rateSample) (origin, end time.Time) {
	origin, end = meta.Started.Round(0), meta.Finished.Round(0)
	see := func(from, to time.Time) {
		if from.IsZero() {
			return
		}
		if origin.IsZero() || from.Before(origin) {
			origin = from
		}
		if end.Before(to) {
			end = to
		}
	}
	for _, a := range attempts {
		see(a.start, a.start.Add(max(a.duration, 0)))
	}
	for _, s := range rates {
		see(s.t, s.t)
	}
	if origin.IsZero() {
		origin = end
	}
	if end.Before(origin) {
		end = origin
	}
	return origin, end
}

// compareAttempts orders attempts by start, then by every other field, so
// the order does not depend on the order of recording.
func compareAttempts(a, b attempt) int {
	return cmp.Or(
		a.start.Compare(b.start),
		strings.Compare(a.host, b.host),
		strings.Compare(a.label, b.label),
		strings.Compare(a.url, b.url),
		cmp.Compare(a.n, b.n),
		cmp.Compare(a.status, b.status),
		cmp.Compare(a.duration, b.duration),
		strings.Compare(a.err, b.err),
		compareBool(a.failed, b.failed),
	)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	default:
		return 1
	}
}

// sources copies m with secrets removed from the endpoints; never nil.
func sources(m map[string]Source) map[string]Source {
	out := make(map[string]Source, len(m))
	for name, s := range m {
		s.Profile = scrubText(s.Profile)
		s.Endpoint = scrubURL(s.Endpoint)
		out[cleanText(name)] = s
	}
	return out
}

// filters copies fs, scrubbed and sorted by source and name; never nil.
func filters(fs []FilterStatus) []FilterStatus {
	out := make([]FilterStatus, 0, len(fs))
	for _, f := range fs {
		out = append(out, FilterStatus{
			Source: cleanText(f.Source),
			Name:   scrubText(f.Name),
			Status: cleanText(f.Status),
			Error:  scrubText(f.Error),
		})
	}
	slices.SortStableFunc(out, func(a, b FilterStatus) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Name, b.Name),
			strings.Compare(a.Status, b.Status), strings.Compare(a.Error, b.Error))
	})
	return out
}
