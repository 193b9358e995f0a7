package report

import (
	"cmp"
	"slices"
)

// Totals counts one host's attempts.
type Totals struct {
	Requests    int     `json:"requests"`       // attempts made
	OK          int     `json:"ok2xx"`          // 2xx without error
	NotModified int     `json:"notModified304"` // 304
	Throttled   int     `json:"throttled429"`   // 429
	ServerError int     `json:"server5xx"`      // 5xx
	OtherStatus int     `json:"otherStatus"`    // any other status
	Errors      int     `json:"errors"`         // outcome "error": no response, or a 2xx that failed
	Retries     int     `json:"retries"`        // attempts with Attempt > 1
	MaxInFlight int     `json:"maxInFlight"`    // most attempts overlapping in time
	AchievedRPS float64 `json:"achievedRps"`    // (requests − 1) / (last start − first start); 0 if undefined
}

// totals counts the requests of host; reqs are sorted by start.
func totals(reqs []Request, host string) Totals {
	var t Totals
	var first, last float64
	timed := 0
	type edge struct {
		at    float64
		delta int
	}
	var edges []edge
	for _, r := range reqs {
		if r.Host != host {
			continue
		}
		t.Requests++
		switch r.Outcome {
		case Outcome2xx:
			t.OK++
		case Outcome304:
			t.NotModified++
		case Outcome429:
			t.Throttled++
		case Outcome5xx:
			t.ServerError++
		case OutcomeOther:
			t.OtherStatus++
		case OutcomeError:
			t.Errors++
		}
		if r.Attempt > 1 {
			t.Retries++
		}
		if r.Start == "" {
			continue
		}
		if timed == 0 {
			first = r.OffsetMs
		}
		last = r.OffsetMs
		timed++
		edges = append(edges, edge{r.OffsetMs, 1}, edge{r.OffsetMs + max(r.DurationMs, 0), -1})
	}
	if timed > 1 && last > first {
		t.AchievedRPS = round3(float64(timed-1) / ((last - first) / 1e3))
	}
	// Ends sort before starts at the same instant: back-to-back is not overlap.
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.delta, b.delta)) })
	n := 0
	for _, e := range edges {
		n += e.delta
		t.MaxInFlight = max(t.MaxInFlight, n)
	}
	return t
}
