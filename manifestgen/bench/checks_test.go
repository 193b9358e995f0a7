package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// passing is a report that meets every target.
func passing() *Report {
	s := func(f float64) Duration { return Duration(f * float64(time.Second)) }
	return &Report{
		Rows: []Row{
			{Workload: WorkloadDefault, Strategy: Classic, Wall: s(3), LowerBound: s(1.55), Ratio: 1.94, Requests: 30, Filters: 25},
			{Workload: WorkloadDefault, Strategy: Manifestgen, Wall: s(1.6), LowerBound: s(1.55), Ratio: 1.03, Requests: 23, Pages: 23, PageNeeds: 30, Filters: 25},
			{Workload: WorkloadBucket, Strategy: Manifestgen, Wall: s(20), Requests: 101, OK: 100, Served429: 1, Rate: 4.9, Filters: 100},
			{Workload: WorkloadWindow, Strategy: Manifestgen, Wall: s(17.3), LowerBound: s(15.95), Ratio: 1.08, Requests: 100, Filters: 100},
			{Workload: WorkloadFaults, Strategy: Manifestgen, Failed: 0, Retries: 4, Filters: 25},
			{Workload: WorkloadScale, Strategy: Sequential, Skipped: "too slow"},
			{Workload: WorkloadScale, Strategy: Manifestgen, Filters: 2000, Wall: s(61), CPU: s(1.8), Requests: 2000, Runner: true, Latency: s(0.1), HubCPU: s(9)},
			{Workload: WorkloadFleet, Strategy: PerProcess, Requests: 116, Served429: 16, Filters: 100}, // 429s reported, not a target
			{Workload: WorkloadFleet, Strategy: Shared, Requests: 105, Served429: 5, Filters: 100},
		},
		Rerun: &Rerun{
			FreshWall: s(0.02), FreshUpToDate: true, WarmRequests: 23, Warm304: 23,
			Sources: []RerunSource{{Name: "civitai", Pages: 16, Revalidated: 16}, {Name: "huggingface", Pages: 7, Revalidated: 7}},
		},
	}
}

func TestChecks(t *testing.T) {
	s := func(f float64) Duration { return Duration(f * float64(time.Second)) }
	tests := []struct {
		name   string
		mutate func(r *Report)
		miss   string // the check that fails; "": none
	}{
		{"all met", func(*Report) {}, ""},
		{"default slow", func(r *Report) { r.Rows[1].Ratio = 1.2 }, "default: manifestgen near the lower bound"},
		{"default slower than classic", func(r *Report) { r.Rows[1].Wall = r.Rows[0].Wall }, "default: manifestgen faster than the classic limiter"},
		{"duplicate requests", func(r *Report) { r.Rows[1].Requests = 25 }, "default: requests vs distinct pages"},
		{"bucket 429s", func(r *Report) { r.Rows[2].Served429 = 3 }, "bucket: 429s served"},
		{"bucket two 429s in 200", func(r *Report) { r.Rows[2].Served429, r.Rows[2].Requests = 2, 200 }, "bucket: 429s served"},
		{"bucket rate", func(r *Report) { r.Rows[2].Rate = 4.74 }, "bucket: achieved rate"},
		{"bucket rate at 95%", func(r *Report) { r.Rows[2].Rate = 4.75 }, ""},
		{"bucket failed", func(r *Report) { r.Rows[2].Failed = 1 }, "bucket: no failed filter"},
		{"window 429s", func(r *Report) { r.Rows[3].Served429 = 2 }, "window: 429s served"},
		{"window slow", func(r *Report) { r.Rows[3].Ratio = 1.16 }, "window: wall vs ideal"},
		{"faults no retries", func(r *Report) { r.Rows[4].Retries = 0 }, "faults: retries counted in the summary"},
		{"faults failed", func(r *Report) { r.Rows[4].Failed = 2 }, "faults: every filter completes"},
		{"scale failed", func(r *Report) { r.Rows[6].Failed = 1 }, "scale: no failed filter"},
		{"scale client CPU at 5%", func(r *Report) { r.Rows[6].Wall, r.Rows[6].CPU = s(60), s(3) }, ""},
		{"scale client CPU above 5%", func(r *Report) { r.Rows[6].CPU = s(3.06) }, "scale: client CPU <= 5% of wall"},
		{"scale client CPU not measured", func(r *Report) { r.Rows[6].CPU = 0 }, "scale: client CPU <= 5% of wall"},
		{"scale in the bench process", func(r *Report) { r.Rows[6].Runner = false }, "scale: client CPU <= 5% of wall"},
		{"fleet per-process failed", func(r *Report) { r.Rows[7].Failed = 3 }, ""},
		{"fleet shared failed", func(r *Report) { r.Rows[8].Failed = 1 }, "fleet: shared, no failed filter"},
		{"fleet shared 429s", func(r *Report) { r.Rows[8].Served429 = 6 }, "fleet: shared, 429s served"},
		{"fleet shared skipped", func(r *Report) { r.Rows[8] = Row{Workload: WorkloadFleet, Strategy: Shared, Skipped: skipNoRedis} }, ""},
		{"rerun not skipped", func(r *Report) { r.Rerun.FreshUpToDate = false }, "rerun within maxAge: skipped"},
		{"rerun slow", func(r *Report) { r.Rerun.FreshWall = Duration(2 * time.Second) }, "rerun within maxAge: skipped"},
		{"rerun downloads", func(r *Report) { r.Rerun.Sources[1].Revalidated = 6 }, "rerun past maxAge: every page 304"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := passing()
			tt.mutate(r)
			var missed []string
			for _, c := range checks(r) {
				if !c.OK {
					missed = append(missed, c.Name)
				}
			}
			want := []string{}
			if tt.miss != "" {
				want = []string{tt.miss}
			}
			if strings.Join(missed, "|") != strings.Join(want, "|") {
				t.Errorf("missed %q; want %q", missed, want)
			}
		})
	}
	if n := len(checks(&Report{})); n != 0 {
		t.Errorf("%d checks for an empty report; want 0", n)
	}
}

func TestWriteTable(t *testing.T) {
	r := passing()
	r.Rows[2].Served429 = 9
	r.Latency, r.ScaleLat = Duration(50*time.Millisecond), Duration(100*time.Millisecond)
	r.Checks = checks(r)
	var b bytes.Buffer
	WriteTable(&b, r)
	out := b.String()
	for _, want := range []string{
		"hub latency 50ms, scale 100ms)",
		"workload     strategy", // right-aligned header
		"pages 23 of 30 needed, retries 0",
		"too slow",
		"MISS  bucket: 429s served",
		"ok    window: wall vs ideal",
		"huggingface 7 of 7 pages revalidated",
		"client CPU 900µs/request vs hub latency 100ms, hub process CPU 9s",
		"want <= 3.05s (5% of 1m1s)",
		"got 1.8s = 2.95%",
		"scale/manifestgen = the runner process alone",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// Right-aligned: every row's ratio ends where the header's does.
	lines := strings.Split(out, "\n")
	end := -1
	rows := 0
	for _, l := range lines {
		if i := strings.Index(l, " ratio "); i >= 0 && end < 0 {
			end = i + len(" ratio")
			continue
		}
		if end > 0 && strings.Contains(l, "  "+Manifestgen+"  ") {
			rows++
			if len(l) <= end || l[end-1] < '0' || l[end-1] > '9' || l[end] != ' ' {
				t.Errorf("row not aligned with the header's ratio column (ends at %d):\n%s", end, l)
			}
		}
	}
	if rows != 5 {
		t.Errorf("%d manifestgen rows; want 5:\n%s", rows, out)
	}
}

func TestReportJSON(t *testing.T) {
	r := passing()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"wall":1.6,`) {
		t.Errorf("durations not in seconds: %s", data)
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Rows[1].Wall != r.Rows[1].Wall || back.Rerun.Sources[0].Revalidated != 16 {
		t.Errorf("round trip: %+v", back.Rows[1])
	}
}

func TestFilterFailure(t *testing.T) {
	err := &fetch.Error{URL: "http://127.0.0.1:1/api/v1/models?limit=20&sort=Newest", Status: 429, Attempts: 1, Body: `{"error":"Too Many Requests"}`}
	got := (&filterFailure{filter: "civitai/newest", err: fmt.Errorf("civitai: %w", err)}).Error()
	if want := `civitai/newest: civitai: GET 429 Too Many Requests: {"error":"Too Many Requests"}`; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	plain := (&filterFailure{filter: "hf/x", err: errors.New("listing did not end")}).Error()
	if plain != "hf/x: listing did not end" {
		t.Errorf("got %q", plain)
	}
}
