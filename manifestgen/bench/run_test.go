package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FullEnv, set to 1, makes TestRun run every workload and strategy (a few
// minutes) instead of manifestgen on the default workload and the reruns.
const FullEnv = "MANIFESTGEN_BENCH_FULL"

// TestRun runs the real benchmark on 127.0.0.1 with a short latency and
// asserts only what does not depend on the machine's load: the rows are
// there, manifestgen fails no filter and makes one request per distinct
// page, and the reruns skip and revalidate. Timing targets are asserted on
// the fake clock (targets_test.go). Skipped with -short.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time benchmark; run without -short")
	}
	workloads, strategies := []string{WorkloadDefault, WorkloadRerun}, []string{Manifestgen}
	if os.Getenv(FullEnv) == "1" {
		workloads, strategies = nil, nil
	}
	var out, progress bytes.Buffer
	jsonPath := filepath.Join(t.TempDir(), "report", "bench.json")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	rep, err := Run(ctx, Options{
		Workloads: workloads, Strategies: strategies, Latency: 20 * time.Millisecond,
		Stdout: &out, Stderr: &progress, JSON: jsonPath, TempDir: t.TempDir(),
	})
	if err != nil && !errors.Is(err, ErrTargets) {
		t.Fatal(err)
	}
	t.Logf("\n%s", out.String())
	for _, r := range rep.Rows {
		if r.Strategy != Manifestgen || r.Skipped != "" {
			continue
		}
		if r.Failed != 0 || r.Filters == 0 || r.Requests != r.Pages+r.Retries {
			t.Errorf("%s: %d of %d failed, %d requests for %d pages and %d retries; want 0 failed, requests = pages + retries",
				r.Workload, r.Failed, r.Filters, r.Requests, r.Pages, r.Retries)
		}
	}
	if len(rep.Rows) == 0 || rep.Rows[0].Workload != WorkloadDefault || rep.Rows[0].Wall <= 0 || rep.Rows[0].LowerBound <= 0 {
		t.Errorf("rows %+v", rep.Rows)
	}
	for _, c := range rep.Checks {
		if strings.HasPrefix(c.Name, "rerun") || strings.Contains(c.Name, "requests vs distinct pages") {
			if !c.OK {
				t.Errorf("%s: want %s, got %s", c.Name, c.Want, c.Got)
			}
		}
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil || len(back.Rows) != len(rep.Rows) || back.Rerun == nil {
		t.Errorf("JSON report: %v, %d rows", err, len(back.Rows))
	}
	if !strings.Contains(out.String(), "Targets:") || !strings.Contains(progress.String(), "bench: default / manifestgen ...") {
		t.Errorf("output:\n%s\nprogress:\n%s", out.String(), progress.String())
	}
}

func TestRunUnknownNames(t *testing.T) {
	if _, err := Run(context.Background(), Options{Workloads: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), "unknown workload") {
		t.Errorf("err = %v; want unknown workload", err)
	}
	if _, err := Run(context.Background(), Options{Strategies: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), "unknown strategy") {
		t.Errorf("err = %v; want unknown strategy", err)
	}
}
