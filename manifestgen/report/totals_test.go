package report

import (
	"errors"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

func TestTotals(t *testing.T) {
	errNet := errors.New("connection reset")
	// a is an attempt on host h starting at ms, lasting d ms.
	a := func(h string, ms, d float64, status, n int, err error) fetch.Attempt {
		return fetch.Attempt{Host: h, URL: "https://" + h + "/x", Start: at(ms), Duration: time.Duration(d * float64(time.Millisecond)), Status: status, Attempt: n, Err: err}
	}
	tests := []struct {
		name     string
		attempts []fetch.Attempt
		want     map[string]Totals
	}{
		{
			name: "outcomes and retries",
			attempts: []fetch.Attempt{
				a("h", 0, 50, 200, 1, nil),
				a("h", 100, 50, 429, 1, errors.New("429")),
				a("h", 200, 50, 429, 2, errors.New("429")),
				a("h", 300, 50, 200, 3, nil),
				a("h", 400, 50, 503, 1, nil),
				a("h", 500, 50, 304, 1, nil),
				a("h", 600, 50, 404, 1, errors.New("404")),
				a("h", 700, 50, 0, 1, errNet),
				a("h", 800, 50, 200, 2, errors.New("body too large")),
			},
			want: map[string]Totals{"h": {
				Requests: 9, OK: 2, NotModified: 1, Throttled: 2, ServerError: 1, OtherStatus: 1, Errors: 2,
				Retries: 3, MaxInFlight: 1, AchievedRPS: 10,
			}},
		},
		{
			name: "achieved rate is mean start rate, per host",
			attempts: []fetch.Attempt{
				a("a", 0, 10, 200, 1, nil), a("a", 250, 10, 200, 1, nil), a("a", 500, 10, 200, 1, nil),
				a("a", 750, 10, 200, 1, nil), a("a", 1000, 10, 200, 1, nil),
				a("b", 0, 10, 200, 1, nil), a("b", 3000, 10, 200, 1, nil),
			},
			want: map[string]Totals{
				"a": {Requests: 5, OK: 5, MaxInFlight: 1, AchievedRPS: 4},
				"b": {Requests: 2, OK: 2, MaxInFlight: 1, AchievedRPS: 0.333},
			},
		},
		{
			name:     "one request has no rate",
			attempts: []fetch.Attempt{a("h", 0, 10, 200, 1, nil)},
			want:     map[string]Totals{"h": {Requests: 1, OK: 1, MaxInFlight: 1}},
		},
		{
			name: "overlap counts in flight; back-to-back does not",
			attempts: []fetch.Attempt{
				a("h", 0, 100, 200, 1, nil), a("h", 10, 100, 200, 1, nil), a("h", 20, 100, 200, 1, nil),
				a("h", 120, 100, 200, 1, nil), // starts as the third ends
				a("h", 220, 10, 200, 1, nil),
			},
			want: map[string]Totals{"h": {Requests: 5, OK: 5, MaxInFlight: 3, AchievedRPS: 18.182}},
		},
		{
			name: "unknown start is counted but not timed",
			attempts: []fetch.Attempt{
				{Host: "h", Status: 200, Attempt: 1},
				a("h", 0, 10, 200, 1, nil), a("h", 500, 10, 200, 1, nil),
			},
			want: map[string]Totals{"h": {Requests: 3, OK: 3, MaxInFlight: 1, AchievedRPS: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec Recorder
			for _, at := range tt.attempts {
				rec.Attempt(at)
			}
			rep := rec.Report(Meta{Started: t0})
			if len(rep.Hosts) != len(tt.want) {
				t.Fatalf("hosts = %d, want %d", len(rep.Hosts), len(tt.want))
			}
			for _, h := range rep.Hosts {
				if h.Totals != tt.want[h.Host] {
					t.Errorf("%s totals\n got %+v\nwant %+v", h.Host, h.Totals, tt.want[h.Host])
				}
			}
		})
	}
}
