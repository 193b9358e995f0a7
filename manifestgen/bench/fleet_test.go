package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/internal/redistest"
)

// TestFleet runs the fleet workload for real, 4 runner processes of 2
// filters each, and asserts only what does not depend on the machine's
// load: both rows ran, every runner reported every filter, and the shared
// fleet failed none. Skipped with -short, and when redis-server is missing
// unless CI=true.
func TestFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("real processes and a redis-server; run without -short")
	}
	if _, err := exec.LookPath("redis-server"); err != nil && os.Getenv("CI") != "true" {
		t.Skipf("redis-server not found (%v); apt-get install redis-server to run it", err)
	}
	const filters = 2
	var out, progress bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := Run(ctx, Options{
		Workloads: []string{WorkloadFleet}, FleetFilters: filters, Latency: 10 * time.Millisecond,
		Stdout: &out, Stderr: &progress, TempDir: t.TempDir(),
	})
	if err != nil && !errors.Is(err, ErrTargets) {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	t.Logf("\n%s", out.String())
	got := map[string]Row{}
	for _, r := range rep.Rows {
		got[r.Strategy] = r
	}
	if len(rep.Rows) != 2 {
		t.Fatalf("rows %+v; want %s and %s", rep.Rows, PerProcess, Shared)
	}
	for _, s := range FleetStrategies() {
		r, ok := got[s]
		switch {
		case !ok || r.Skipped != "":
			t.Errorf("%s: missing or skipped: %+v", s, r)
		case r.Runners != FleetRunners || r.Filters != FleetRunners*filters:
			t.Errorf("%s: %d runners reported %d filters; want %d and %d", s, r.Runners, r.Filters, FleetRunners, FleetRunners*filters)
		case r.Requests < r.Filters || r.Wall <= 0 || r.LowerBound <= 0:
			t.Errorf("%s: %d requests for %d filters, wall %v, lower bound %v", s, r.Requests, r.Filters, r.Wall, r.LowerBound)
		}
	}
	if sh := got[Shared]; sh.Failed != 0 {
		t.Errorf("shared: %d failed filters (first: %s); want 0", sh.Failed, sh.FirstFailure)
	}
}

// TestFleetWithoutRedis: a missing redis-server makes the shared row say
// so, without failing the bench or any target.
func TestFleetWithoutRedis(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the runner; run without -short")
	}
	startRedis = func(string) (*redistest.Server, error) {
		return nil, fmt.Errorf("%w: exec: not in PATH", redistest.ErrNotFound)
	}
	defer func() { startRedis = redistest.StartServer }()
	var out bytes.Buffer
	rep, err := Run(context.Background(), Options{
		Workloads: []string{WorkloadFleet}, Strategies: []string{Shared},
		Stdout: &out, Stderr: &bytes.Buffer{}, TempDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].Skipped != skipNoRedis || len(rep.Checks) != 0 {
		t.Errorf("rows %+v, checks %+v; want one skipped row, no check", rep.Rows, rep.Checks)
	}
	if !strings.Contains(out.String(), skipNoRedis) {
		t.Errorf("table lacks %q:\n%s", skipNoRedis, out.String())
	}
}

func TestFleetConfig(t *testing.T) {
	for _, n := range []int{1, DefaultFleetFilters, MaxFleetFilters} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			doc := fleetYAML(n)("http://127.0.0.1:1", t.TempDir()) + redisYAML("redis://127.0.0.1:2/0")
			cfg, err := config.Parse("fleet.yaml", []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			s := cfg.Source(config.CivitAI)
			if len(cfg.Sources) != 1 || s == nil || len(s.Filters) != n {
				t.Fatalf("sources %v; want civitai with %d filters", cfg.Sources, n)
			}
			if s.Concurrency != fleetConcurrency || s.RPS != fleetRPS || s.Burst != 1 {
				t.Errorf("limits %d in flight, %v/s, burst %d", s.Concurrency, s.RPS, s.Burst)
			}
			if cfg.Redis.URL != "redis://127.0.0.1:2/0" || cfg.Redis.Fail != "closed" {
				t.Errorf("redis %+v", cfg.Redis)
			}
		})
	}
	for _, n := range []int{-1, MaxFleetFilters + 1} {
		if _, err := Run(context.Background(), Options{Workloads: []string{WorkloadFleet}, FleetFilters: n}); err == nil {
			t.Errorf("FleetFilters %d accepted", n)
		}
	}
}

// TestRunRunner covers the runner's protocol up to the generation: usage,
// a bad config, and no GO line.
func TestRunRunner(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte(fleetYAML(1)("http://127.0.0.1:1", dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("nope: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		stdin      string
		code       int
		stdout     string
		stderrPart string
	}{
		{"no config", nil, "", 2, "", "usage: runner"},
		{"extra arg", []string{"-config", good, "x"}, "", 2, "", "usage: runner"},
		{"unknown flag", []string{"-nope"}, "", 2, "", "flag provided but not defined"},
		{"missing file", []string{"-name", "r1", "-config", filepath.Join(dir, "none.yaml")}, "", 1, "", "runner r1: config:"},
		{"bad config", []string{"-name", "r1", "-config", bad}, "", 1, "", "unknown key"},
		{"no GO", []string{"-name", "r1", "-config", good}, "STOP\n", 1, "READY\n", `want "GO" on stdin, got "STOP\n"`},
		{"stdin closed", []string{"-name", "r1", "-config", good}, "", 1, "READY\n", `got "" (EOF)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := RunRunner(tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if code != tt.code || stdout.String() != tt.stdout || !strings.Contains(stderr.String(), tt.stderrPart) {
				t.Errorf("code %d, stdout %q, stderr %q; want %d, %q, containing %q",
					code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderrPart)
			}
		})
	}
}

func TestRunnerReportParse(t *testing.T) {
	tests := []struct {
		name, stdout, err string
	}{
		{"ok", "READY\n{\"name\":\"r1\",\"filters\":3}\n", ""},
		{"no ready", "{\"name\":\"r1\"}\n", "no report on stdout"},
		{"nothing after ready", "READY\n", "no report on stdout"},
		{"not json", "READY\nboom\n", "bad report"},
		{"other runner", "READY\n{\"name\":\"r2\"}\n", `report of "r2", want "r1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &runnerProc{name: "r1", stdout: &readyBuffer{ready: make(chan struct{})}}
			p.stdout.Write([]byte(tt.stdout))
			rep, err := p.report()
			if tt.err == "" {
				if err != nil || rep.Filters != 3 {
					t.Errorf("report %+v, %v", rep, err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("err %v; want %q", err, tt.err)
			}
		})
	}
}

func TestProcBuffers(t *testing.T) {
	b := &readyBuffer{ready: make(chan struct{})}
	b.Write([]byte("REA"))
	select {
	case <-b.ready:
		t.Fatal("ready before the line ended")
	default:
	}
	b.Write([]byte("DY\n{}"))
	b.Write([]byte("READY\n")) // a second READY does not close twice
	select {
	case <-b.ready:
	default:
		t.Fatal("not ready after READY")
	}
	tb := &tailBuffer{max: 4}
	for _, s := range []string{"ab", "cdef", "g"} {
		tb.Write([]byte(s))
	}
	if got := tb.String(); got != "defg" {
		t.Errorf("tail %q; want defg", got)
	}
}
