package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// runWorkload runs w's strategies in order (only those in only, if any),
// each against a fresh hub, and fills in the lower bound from
// manifestgen's distinct pages. When w.runner is set, manifestgen runs in
// a runner process built here on first use.
func runWorkload(ctx context.Context, w workload, only []string, dir string, progress io.Writer) ([]Row, error) {
	var (
		rows  []Row
		pages map[string]int // distinct pages per source, from manifestgen
		cfg   *config.Config
		bin   string // the runner, once built
	)
	for _, s := range Strategies() {
		if len(only) > 0 && !slices.Contains(only, s) {
			continue
		}
		if !slices.Contains(w.strategies, s) {
			if s != ClassicHost {
				rows = append(rows, Row{Workload: w.name, Strategy: s, Skipped: w.skipped})
			}
			continue
		}
		inRunner := w.runner && s == Manifestgen
		if inRunner && bin == "" {
			var err error
			if bin, err = buildWorkloadRunner(ctx, w, dir, progress); errors.Is(err, errNoGo) {
				rows = append(rows, Row{Workload: w.name, Strategy: s, Skipped: skipNoGo})
				continue
			} else if err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(progress, "bench: %s / %s ...", w.name, s)
		var (
			row Row
			p   map[string]int
			c   *config.Config
			err error
		)
		if inRunner {
			row, p, c, err = runInRunner(ctx, w, bin, filepath.Join(dir, s))
		} else {
			row, p, c, err = runStrategy(ctx, w, s, filepath.Join(dir, s))
		}
		if err != nil {
			fmt.Fprintln(progress)
			return nil, err
		}
		fmt.Fprintf(progress, " %s, %d requests, %d failed\n", time.Duration(row.Wall).Round(time.Millisecond), row.Requests, row.Failed)
		if p != nil {
			pages, cfg = p, c
		}
		rows = append(rows, row)
	}
	if pages != nil {
		lb := workloadBound(w, cfg, pages)
		for i := range rows {
			if rows[i].Skipped == "" {
				rows[i].LowerBound = Duration(lb)
				rows[i].Ratio = float64(rows[i].Wall) / float64(lb)
			}
		}
	}
	return rows, nil
}

// runStrategy runs one strategy in this process against a fresh hub with
// w's options. For manifestgen it also returns the distinct pages per
// source and the config.
func runStrategy(ctx context.Context, w workload, strategy, dir string) (Row, map[string]int, *config.Config, error) {
	row := Row{Workload: w.name, Strategy: strategy, Latency: Duration(w.hub.Latency)}
	srv, err := hub.Start(w.hub) // a scaled snapshot is built here, before timing
	if err != nil {
		return row, nil, nil, fmt.Errorf("bench: %s/%s: %w", w.name, strategy, err)
	}
	defer srv.Close()
	cfg, err := w.config(srv.URL(), filepath.Join(dir, "output"))
	if err != nil {
		return row, nil, nil, err
	}
	for _, s := range cfg.Sources {
		row.Filters += len(s.Filters)
	}
	closeIdle()
	defer closeIdle()

	heap := startHeap(heapSampleEvery)
	cpu0, cpuOK := processCPU()
	start := time.Now()
	var sum *manifestgen.Summary
	if strategy == Manifestgen {
		sum, err = manifestgen.Generate(ctx, cfg, manifestgen.GenerateOptions{
			Hub: manifest.HubEmbedded, Stderr: io.Discard, Logger: slog.New(slog.DiscardHandler),
		})
		var fe *manifestgen.FailedError
		if errors.As(err, &fe) {
			err = nil // counted below
		}
	} else {
		var sources []directSource
		if sources, err = directSources(cfg, http.DefaultClient); err == nil {
			var first error
			row.Failed, first, err = runDirect(ctx, strategy, sources, cfg.Output)
			if first != nil {
				row.FirstFailure = first.Error()
			}
		}
	}
	wall := time.Since(start)
	cpu1, _ := processCPU()
	row.BaseHeap, row.PeakHeap = heap.stopHeap()
	if err != nil {
		return row, nil, nil, fmt.Errorf("bench: %s/%s: %w", w.name, strategy, err)
	}
	row.Wall = Duration(wall)
	if cpuOK {
		row.CPU = Duration(cpu1 - cpu0)
	}
	addHubStats(&row, srv.Hub().Stats())
	row.Rate = float64(row.OK) / wall.Seconds()
	if sum == nil {
		return row, nil, cfg, nil
	}
	for _, s := range sum.Sources {
		if len(s.Failed) > 0 && row.FirstFailure == "" {
			row.FirstFailure = (&filterFailure{filter: s.Name + "/" + s.Failed[0].Name, err: s.Failed[0].Err}).Error()
		}
		row.Failed += len(s.Failed)
		row.Retries += s.Retries
		row.Throttled += s.Throttled
		row.Pages += s.Pages
		row.PageNeeds += s.PageNeeds
	}
	if sum.Index != nil {
		for _, f := range sum.Index.Filters {
			row.Models += f.Count
		}
	}
	return row, sourcePages(sum), cfg, nil
}

// addHubStats adds the hub's counts to row: requests, 2xx and 429
// responses of both APIs.
func addHubStats(row *Row, st hub.Stats) {
	for _, a := range []hub.APIStats{st.CivitAI, st.HuggingFace} {
		row.Requests += a.Requests
		row.Served429 += a.Served429
		for code, n := range a.ByStatus {
			if code >= 200 && code < 300 {
				row.OK += n
			}
		}
	}
}

// sourcePages returns the distinct pages sum's sources fetched, by source.
func sourcePages(sum *manifestgen.Summary) map[string]int {
	pages := map[string]int{}
	for _, s := range sum.Sources {
		pages[s.Name] += s.Pages
	}
	return pages
}

// workloadBound is the lower bound of a workload: the slowest source's, each
// source needing its distinct pages (as manifestgen fetched them, by source
// name) under its client ceiling and the hub's limits of w.
func workloadBound(w workload, cfg *config.Config, pages map[string]int) time.Duration {
	var lb time.Duration
	for name, n := range pages {
		s := cfg.Source(name)
		if s == nil {
			continue
		}
		a := allowance{
			requests: n, latency: w.hub.Latency,
			concurrency: s.Concurrency, rps: s.RPS, burst: s.Burst,
		}
		f := w.hub.CivitAI
		if s.Name == config.HuggingFace {
			f = w.hub.HuggingFace
		}
		if b := f.TokenBucket; b != nil {
			a.bucketRate, a.bucketBurst = b.Rate, max(b.Burst, 1)
		}
		if win := f.FixedWindow; win != nil {
			a.quota, a.period = win.Quota, win.Period
		}
		lb = max(lb, lowerBound(a))
	}
	return lb
}

// closeIdle drops idle keep-alive connections of the default transport, so
// that no strategy starts with connections another one opened.
func closeIdle() {
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t.CloseIdleConnections()
	}
}
