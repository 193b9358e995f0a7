package bench

import (
	"net/url"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
)

func TestWorkloadConfigs(t *testing.T) {
	tests := []struct {
		name     string
		filters  map[string]int
		distinct bool // every filter's query is distinct: no shared first page
	}{
		{WorkloadDefault, map[string]int{config.CivitAI: 16, config.HuggingFace: 9}, false},
		{WorkloadBucket, map[string]int{config.CivitAI: 100}, true},
		{WorkloadWindow, map[string]int{config.HuggingFace: 100}, true},
		{WorkloadFaults, map[string]int{config.CivitAI: 16, config.HuggingFace: 9}, false},
		{WorkloadScale, map[string]int{config.CivitAI: 2000}, true},
		{WorkloadFleet, map[string]int{config.CivitAI: DefaultFleetFilters}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := newWorkload(tt.name, 10*time.Millisecond, time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := w.config("http://127.0.0.1:1", t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if cfg.CacheDir != "" || cfg.MaxAge != 0 {
				t.Errorf("cache %q, maxAge %v; want none, 0", cfg.CacheDir, cfg.MaxAge)
			}
			got := map[string]int{}
			for _, s := range cfg.Sources {
				got[s.Name] = len(s.Filters)
				if s.Endpoint != "http://127.0.0.1:1" {
					t.Errorf("%s endpoint %q", s.Name, s.Endpoint)
				}
				seen := map[string]bool{}
				for _, f := range s.Filters {
					q := url.Values(f.Query).Encode()
					if tt.distinct && seen[q] {
						t.Errorf("%s: query %s twice", s.Name, q)
					}
					seen[q] = true
				}
			}
			if len(got) != len(tt.filters) {
				t.Errorf("filters %v; want %v", got, tt.filters)
			}
			for k, n := range tt.filters {
				if got[k] != n {
					t.Errorf("filters %v; want %v", got, tt.filters)
				}
			}
		})
	}
	if _, err := newWorkload("nope", 0, 0); err == nil {
		t.Error("unknown workload accepted")
	}
}

// The scale workload runs at the default ceilings (3 in flight, 10 req/s,
// burst 1) against a 100 ms hub, so its lower bound for 2,000 pages is the
// rate's: about 200 s.
func TestScalePacing(t *testing.T) {
	w, err := newWorkload(WorkloadScale, DefaultLatency, DefaultScaleLatency)
	if err != nil {
		t.Fatal(err)
	}
	if !w.runner || w.hub.Latency != 100*time.Millisecond || len(w.strategies) != 1 || w.strategies[0] != Manifestgen {
		t.Errorf("runner %v, latency %v, strategies %v; want a runner, 100ms, manifestgen only", w.runner, w.hub.Latency, w.strategies)
	}
	cfg, err := w.config("http://127.0.0.1:1", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Source(config.CivitAI)
	def, err := config.Parse("default.yaml", config.Default())
	if err != nil {
		t.Fatal(err)
	}
	d := def.Source(config.CivitAI)
	if s == nil || s.RPS != d.RPS || s.Burst != d.Burst || s.Concurrency != d.Concurrency {
		t.Fatalf("source %+v; want the default ceilings %d in flight, %g req/s, burst %d", s, d.Concurrency, d.RPS, d.Burst)
	}
	lb := workloadBound(w, cfg, map[string]int{config.CivitAI: 2000})
	if lb < 199*time.Second || lb > 201*time.Second {
		t.Errorf("lower bound %v; want about 200s", lb)
	}
}
