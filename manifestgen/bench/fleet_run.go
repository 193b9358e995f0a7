package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/internal/redistest"
)

// Bounds of a fleet run.
const (
	fleetTimeout = 3 * time.Minute  // one strategy, from starting the runners to the last exit
	readyTimeout = 30 * time.Second // every runner has printed READY
)

// skipNoRedis is the shared row's note when redis-server is missing.
const skipNoRedis = "not run: redis-server not found (apt-get install redis-server)"

// startRedis starts the shared strategy's redis-server in a dir; a test
// seam.
var startRedis = redistest.StartServer

// runFleet runs the fleet workload's strategies (only those in only, if
// any): it starts a redis-server for the shared strategy (stopped at the
// end), builds the runner once if anything can run, and fills in the lower
// bound.
func runFleet(ctx context.Context, w workload, only []string, dir string, progress io.Writer) ([]Row, error) {
	var strategies []string
	for _, s := range w.strategies {
		if len(only) == 0 || slices.Contains(only, s) {
			strategies = append(strategies, s)
		}
	}
	if len(strategies) == 0 {
		return nil, nil
	}
	skipped := func(why string) []Row {
		var rows []Row
		for _, s := range strategies {
			rows = append(rows, Row{Workload: w.name, Strategy: s, Skipped: why})
		}
		return rows
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %s: %w", w.name, err)
	}
	var redisURL, redisSkip string
	if slices.Contains(strategies, Shared) {
		rdir := filepath.Join(dir, "redis")
		if err := os.MkdirAll(rdir, 0o755); err != nil {
			return nil, fmt.Errorf("bench: %s: %w", w.name, err)
		}
		srv, err := startRedis(rdir)
		switch {
		case errors.Is(err, redistest.ErrNotFound):
			redisSkip = skipNoRedis
		case err != nil:
			redisSkip = "not run: " + err.Error()
		default:
			defer srv.Close()
			redisURL = srv.URL()
		}
	}
	if redisSkip != "" && !slices.Contains(strategies, PerProcess) {
		return skipped(redisSkip), nil // nothing to build the runner for
	}
	bin, err := buildWorkloadRunner(ctx, w, dir, progress)
	if errors.Is(err, errNoGo) {
		return skipped(skipNoGo), nil
	}
	if err != nil {
		return nil, err
	}
	var rows []Row
	for _, s := range strategies {
		if s == Shared && redisSkip != "" {
			rows = append(rows, Row{Workload: w.name, Strategy: s, Skipped: redisSkip})
			continue
		}
		url := ""
		if s == Shared {
			url = redisURL
		}
		fmt.Fprintf(progress, "bench: %s / %s ...", w.name, s)
		row, err := runFleetStrategy(ctx, w, s, bin, url, filepath.Join(dir, s))
		if err != nil {
			fmt.Fprintln(progress)
			return nil, err
		}
		fmt.Fprintf(progress, " %s, %d requests, %d 429s, %d failed\n",
			time.Duration(row.Wall).Round(time.Millisecond), row.Requests, row.Served429, row.Failed)
		rows = append(rows, row)
	}
	pages := 0
	for _, r := range rows {
		pages = max(pages, r.Pages)
	}
	if pages > 0 {
		lb := lowerBound(allowance{
			requests: pages, latency: w.hub.Latency, concurrency: FleetRunners * fleetConcurrency,
			bucketRate: fleetLimit.Rate, bucketBurst: fleetLimit.Burst,
		})
		for i := range rows {
			if rows[i].Skipped == "" {
				rows[i].LowerBound = Duration(lb)
				rows[i].Ratio = float64(rows[i].Wall) / float64(lb)
			}
		}
	}
	return rows, nil
}

// runFleetStrategy runs FleetRunners runner processes of bin against one
// fresh hub with w's options, sharing through Redis at redisURL if it is
// not empty, and sums their reports and the hub's counts into a row.
func runFleetStrategy(ctx context.Context, w workload, strategy, bin, redisURL, dir string) (Row, error) {
	row := Row{Workload: w.name, Strategy: strategy, Latency: Duration(w.hub.Latency)}
	fail := func(err error) (Row, error) { return row, fmt.Errorf("bench: %s/%s: %w", w.name, strategy, err) }
	srv, err := hub.Start(w.hub)
	if err != nil {
		return fail(err)
	}
	defer srv.Close()
	var specs []runnerSpec
	for i := range FleetRunners {
		name := fmt.Sprintf("r%d", i+1)
		rdir := filepath.Join(dir, name)
		doc := w.yaml(srv.URL(), filepath.Join(rdir, "output"))
		if redisURL != "" {
			doc += redisYAML(redisURL)
		}
		cfg, err := config.Parse(name+".yaml", []byte(doc))
		if err != nil {
			return fail(err)
		}
		if cfg.Redis.URL != redisURL {
			return fail(fmt.Errorf("config of %s: redis url %q, want %q", name, cfg.Redis.URL, redisURL))
		}
		path := filepath.Join(rdir, "fleet.yaml")
		if err := os.MkdirAll(rdir, 0o755); err != nil {
			return fail(err)
		}
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			return fail(err)
		}
		specs = append(specs, runnerSpec{name: name, config: path})
	}
	fleet, err := runRunners(ctx, bin, specs, fleetTimeout)
	if err != nil {
		return fail(err)
	}
	row.Wall, row.CPU, row.Runners = Duration(fleet.wall), Duration(fleet.cpu), len(fleet.reports)
	for _, r := range fleet.reports {
		if r.FirstFailure != "" && row.FirstFailure == "" {
			row.FirstFailure = r.Name + ": " + r.FirstFailure
		}
		row.Filters += r.Filters
		row.Failed += r.Failed
		row.Retries += r.Retries
		row.Throttled += r.Throttled
		row.Pages += r.Pages
		row.PageNeeds += r.PageNeeds
		row.Models += r.Models
	}
	addHubStats(&row, srv.Hub().Stats())
	row.Rate = float64(row.OK) / fleet.wall.Seconds()
	return row, nil
}
