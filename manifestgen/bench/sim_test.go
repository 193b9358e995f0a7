package bench

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// simEndpoint is the endpoint of both sources in simulations: the hub's
// in-memory transport serves any host.
const simEndpoint = "https://hub.test"

// sim is the outcome of one strategy on the fake clock.
type sim struct {
	wall   time.Duration
	sum    *manifestgen.Summary // manifestgen only
	failed int
	stats  hub.Stats
	bound  time.Duration // manifestgen only
}

func (s sim) requests() int  { return s.stats.CivitAI.Requests + s.stats.HuggingFace.Requests }
func (s sim) served429() int { return s.stats.CivitAI.Served429 + s.stats.HuggingFace.Served429 }
func (s sim) ok() int {
	return s.stats.CivitAI.ByStatus[http.StatusOK] + s.stats.HuggingFace.ByStatus[http.StatusOK]
}
func (s sim) rate() float64  { return float64(s.ok()) / s.wall.Seconds() }
func (s sim) ratio() float64 { return float64(s.wall) / float64(s.bound) }

// simulate runs one strategy on w's config against a hub with w's options,
// in memory, inside a synctest bubble: the wall time is the exact schedule,
// free of CPU time and machine load. It swaps http.DefaultClient's
// transport for the hub's while it runs, so tests that call it must not run
// in parallel.
func simulate(t *testing.T, w workload, strategy string) sim {
	t.Helper()
	var s sim
	synctest.Test(t, func(t *testing.T) {
		h := hub.New(w.hub)
		prev := http.DefaultClient.Transport
		http.DefaultClient.Transport = h.Transport()
		defer func() { http.DefaultClient.Transport = prev }()
		cfg, err := w.config(simEndpoint, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if strategy == Manifestgen {
			s.sum, err = manifestgen.Generate(context.Background(), cfg, manifestgen.GenerateOptions{
				Hub: manifest.HubEmbedded, Stderr: io.Discard, Logger: slog.New(slog.DiscardHandler),
			})
			var fe *manifestgen.FailedError
			if errors.As(err, &fe) {
				err = nil
			}
		} else {
			var sources []directSource
			if sources, err = directSources(cfg, http.DefaultClient); err == nil {
				s.failed, _, err = runDirect(context.Background(), strategy, sources, cfg.Output)
			}
		}
		s.wall = time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		s.stats = h.Stats()
		if s.sum != nil {
			for _, src := range s.sum.Sources {
				s.failed += len(src.Failed)
			}
			s.bound = workloadBound(w, cfg, sourcePages(s.sum))
		}
	})
	return s
}

// retries is the number of retries manifestgen's summary counts.
func (s sim) retries() int {
	n := 0
	for _, src := range s.sum.Sources {
		n += src.Retries
	}
	return n
}
