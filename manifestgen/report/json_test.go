package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

func TestJSONRoundTrip(t *testing.T) {
	var rec Recorder
	rec.Rate("h", at(0), 4)
	rec.Rate("h", at(1500), 2)
	rec.Attempt(fetch.Attempt{Host: "h", Label: "f", URL: "https://h/a?limit=1", Start: at(0), Duration: 120 * time.Millisecond, Status: 200, Attempt: 1})
	rec.Attempt(fetch.Attempt{Host: "h", Label: "f", URL: "https://h/a?limit=2", Start: at(250.5), Duration: 80*time.Millisecond + 1500, Status: 429, Attempt: 1})
	rec.Attempt(fetch.Attempt{Host: "h", Label: "f", URL: "https://h/a?limit=2", Start: at(1750), Duration: 90 * time.Millisecond, Status: 200, Attempt: 2})
	meta := Meta{Started: t0, Finished: at(2000), Hub: "embedded",
		Sources: map[string]Source{"civitai": {Endpoint: "http://127.0.0.1:1", Concurrency: 2, RPS: 4, Burst: 1}},
		Filters: []FilterStatus{{Source: "civitai", Name: "f", Status: StatusOK}},
	}
	rep := rec.Report(meta)

	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, rep) {
		t.Fatalf("round trip differs\n got %+v\nwant %+v", back, *rep)
	}

	wantReqs := []Request{
		{Host: "h", Filter: "f", URL: "https://h/a?limit=1", Start: "2025-03-01T12:00:00.000Z", DurationMs: 120, Status: 200, Attempt: 1, Outcome: Outcome2xx},
		{Host: "h", Filter: "f", URL: "https://h/a?limit=2", Start: "2025-03-01T12:00:00.250Z", OffsetMs: 250.5, DurationMs: 80.002, Status: 429, Attempt: 1, Outcome: Outcome429},
		{Host: "h", Filter: "f", URL: "https://h/a?limit=2", Start: "2025-03-01T12:00:01.750Z", OffsetMs: 1750, DurationMs: 90, Status: 200, Attempt: 2, Outcome: Outcome2xx},
	}
	if !reflect.DeepEqual(back.Requests, wantReqs) {
		t.Errorf("requests\n got %+v\nwant %+v", back.Requests, wantReqs)
	}
	wantTotals := Totals{Requests: 3, OK: 2, Throttled: 1, Retries: 1, MaxInFlight: 1, AchievedRPS: 1.143}
	if len(back.Hosts) != 1 || back.Hosts[0].Totals != wantTotals {
		t.Errorf("hosts = %+v, want one with totals %+v", back.Hosts, wantTotals)
	}
	wantRate := []RateSample{{At: "2025-03-01T12:00:00.000Z", RPS: 4}, {At: "2025-03-01T12:00:01.500Z", OffsetMs: 1500, RPS: 2}}
	if !reflect.DeepEqual(back.Hosts[0].Rate, wantRate) {
		t.Errorf("rate = %+v, want %+v", back.Hosts[0].Rate, wantRate)
	}
	if back.Meta.Started != "2025-03-01T12:00:00.000Z" || back.Meta.Finished != "2025-03-01T12:00:02.000Z" || back.Meta.DurationMs != 2000 {
		t.Errorf("meta = %+v", back.Meta)
	}

	// The documented key names are what readers of report.json rely on.
	var raw struct {
		Meta     map[string]any   `json:"meta"`
		Hosts    []map[string]any `json:"hosts"`
		Requests []map[string]any `json:"requests"`
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"host", "filter", "url", "start", "durationMs", "status", "attempt"} {
		if _, ok := raw.Requests[0][k]; !ok {
			t.Errorf("request has no %q: %v", k, raw.Requests[0])
		}
	}
	for _, k := range []string{"started", "finished", "hub", "sources", "filters"} {
		if _, ok := raw.Meta[k]; !ok {
			t.Errorf("meta has no %q", k)
		}
	}
	tot, _ := raw.Hosts[0]["totals"].(map[string]any)
	for _, k := range []string{"requests", "throttled429", "retries", "server5xx", "errors", "achievedRps"} {
		if _, ok := tot[k]; !ok {
			t.Errorf("totals have no %q: %v", k, tot)
		}
	}
	ms3 := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	for _, r := range raw.Requests {
		if s, _ := r["start"].(string); !ms3.MatchString(s) {
			t.Errorf("start %q is not RFC 3339 with milliseconds", s)
		}
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		name      string
		meta      Meta
		first     float64 // ms of the only attempt, lasting 100 ms
		wantStart string
		wantDurMs float64
	}{
		{"meta covers events", Meta{Started: at(-1000), Finished: at(5000)}, 0, "2025-03-01T11:59:59.000Z", 6000},
		{"event before Started", Meta{Started: at(500), Finished: at(5000)}, 0, "2025-03-01T12:00:00.000Z", 5000},
		{"event after Finished", Meta{Started: at(0), Finished: at(50)}, 0, "2025-03-01T12:00:00.000Z", 100},
		{"zero meta", Meta{}, 250, "2025-03-01T12:00:00.250Z", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec Recorder
			rec.Attempt(fetch.Attempt{Host: "h", Start: at(tt.first), Duration: 100 * time.Millisecond, Status: 200, Attempt: 1})
			rep := rec.Report(tt.meta)
			if rep.Meta.Started != tt.wantStart || rep.Meta.DurationMs != tt.wantDurMs {
				t.Errorf("started %s, duration %v ms; want %s, %v ms", rep.Meta.Started, rep.Meta.DurationMs, tt.wantStart, tt.wantDurMs)
			}
		})
	}
}

func TestEmptyReport(t *testing.T) {
	var rec Recorder
	rep := rec.Report(Meta{})
	j, h := render(t, rep)
	var back Report
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, rep) || back.Hosts == nil || back.Requests == nil {
		t.Errorf("empty report round trip: %s", j)
	}
	parseXML(t, h)
}
