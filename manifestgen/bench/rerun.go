package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Rerun is the outcome of the second-run checks on the default config.
type Rerun struct {
	// Within maxAge: manifestgen.Run twice (MANIFESTGEN_HUB=embedded, maxAge
	// 1h, no HTTP cache); the second must skip without any request.
	FreshWall     Duration `json:"fresh_wall"`       // the second Run
	FreshUpToDate bool     `json:"fresh_up_to_date"` // it reported the output up to date
	FreshSources  int      `json:"fresh_sources"`    // sources it ran (0: no hub started, no request)

	// Past maxAge: Generate twice with an HTTP cache against one long-lived
	// hub; every page of the second run must be answered 304.
	ColdWall     Duration      `json:"cold_wall"`     // first Generate, empty cache
	WarmWall     Duration      `json:"warm_wall"`     // second Generate
	WarmRequests int           `json:"warm_requests"` // requests the hub received in the second
	Warm304      int           `json:"warm_304"`      // 304s the hub sent in the second
	Sources      []RerunSource `json:"sources"`
}

// RerunSource is one source of the second Generate.
type RerunSource struct {
	Name        string `json:"name"`
	Pages       int    `json:"pages"`
	Revalidated int    `json:"revalidated"`
}

// runRerun makes both second-run checks under dir; latency is the
// long-lived hub's.
func runRerun(ctx context.Context, dir string, latency time.Duration) (*Rerun, error) {
	r := &Rerun{}
	if err := rerunFresh(ctx, filepath.Join(dir, "fresh"), r); err != nil {
		return nil, err
	}
	if err := rerunWarm(ctx, filepath.Join(dir, "warm"), latency, r); err != nil {
		return nil, err
	}
	return r, nil
}

// rerunFresh runs manifestgen.Run twice in dir within maxAge.
func rerunFresh(ctx context.Context, dir string, r *Rerun) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench: rerun: %w", err)
	}
	env := map[string]string{
		manifestgen.HubEnv:       "embedded",
		manifestgen.ReportDirEnv: filepath.Join(dir, "report"),
		config.EnvOut:            filepath.Join(dir, "output"),
		config.EnvMaxAge:         "1h",
		config.EnvCacheDir:       "off",
		config.EnvConfig:         "",
		config.EnvCivitAIURL:     "",
		config.EnvHFURL:          "",
		manifestgen.ForceEnv:     "",
		config.EnvAllowStale:     "",
	}
	opts := manifestgen.Options{
		Getenv: func(k string) string { return env[k] }, Dir: dir,
		Stderr: io.Discard, Logger: slog.New(slog.DiscardHandler),
	}
	if _, err := manifestgen.Run(ctx, opts); err != nil {
		return fmt.Errorf("bench: rerun: first run: %w", err)
	}
	start := time.Now()
	sum, err := manifestgen.Run(ctx, opts)
	r.FreshWall = Duration(time.Since(start))
	if err != nil {
		return fmt.Errorf("bench: rerun: second run: %w", err)
	}
	r.FreshUpToDate, r.FreshSources = sum.UpToDate, len(sum.Sources)
	return nil
}

// rerunWarm runs Generate twice against one hub with an HTTP cache in dir.
func rerunWarm(ctx context.Context, dir string, latency time.Duration, r *Rerun) error {
	srv, err := hub.Start(hub.Options{Latency: latency})
	if err != nil {
		return fmt.Errorf("bench: rerun: %w", err)
	}
	defer srv.Close()
	w, err := newWorkload(WorkloadDefault, latency, 0)
	if err != nil {
		return err
	}
	cfg, err := w.config(srv.URL(), filepath.Join(dir, "output"))
	if err != nil {
		return err
	}
	cfg.CacheDir = filepath.Join(dir, "cache")
	gen := manifestgen.GenerateOptions{Hub: manifest.HubEmbedded, Stderr: io.Discard, Logger: slog.New(slog.DiscardHandler)}
	closeIdle()
	start := time.Now()
	if _, err := manifestgen.Generate(ctx, cfg, gen); err != nil {
		return fmt.Errorf("bench: rerun: cold run: %w", err)
	}
	r.ColdWall = Duration(time.Since(start))
	srv.Hub().ResetStats()
	start = time.Now()
	sum, err := manifestgen.Generate(ctx, cfg, gen)
	r.WarmWall = Duration(time.Since(start))
	var fe *manifestgen.FailedError
	if err != nil && !errors.As(err, &fe) {
		return fmt.Errorf("bench: rerun: warm run: %w", err)
	}
	st := srv.Hub().Stats()
	r.WarmRequests = st.CivitAI.Requests + st.HuggingFace.Requests
	r.Warm304 = st.CivitAI.NotModified + st.HuggingFace.NotModified
	for _, s := range sum.Sources {
		r.Sources = append(r.Sources, RerunSource{Name: s.Name, Pages: s.Pages, Revalidated: s.Revalidated})
	}
	return nil
}
