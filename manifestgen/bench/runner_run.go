package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
)

// runnerTimeout bounds a workload's manifestgen run in a runner process,
// from its start to its exit.
const runnerTimeout = 5 * time.Minute

// skipNoGo is the note of rows that need the runner when no go command can
// build it.
const skipNoGo = "not run: go command not found (it builds the runner)"

// buildWorkloadRunner builds the runner into dir for w, telling progress;
// the error wraps errNoGo when there is no go command.
func buildWorkloadRunner(ctx context.Context, w workload, dir string, progress io.Writer) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("bench: %s: %w", w.name, err)
	}
	fmt.Fprintf(progress, "bench: %s: building the runner ...", w.name)
	t0 := time.Now()
	bin, err := buildRunner(ctx, dir)
	if errors.Is(err, errNoGo) {
		fmt.Fprintln(progress, " no go command")
		return "", err
	}
	if err != nil {
		fmt.Fprintln(progress)
		return "", fmt.Errorf("bench: %s: %w", w.name, err)
	}
	fmt.Fprintf(progress, " %s\n", time.Since(t0).Round(time.Millisecond))
	return bin, nil
}

// runInRunner runs manifestgen on w's config in one runner process of bin
// (-measure) against a fresh hub with w's options in this process, and
// returns its row, its distinct pages per source and the config. The row's
// wall, CPU and heap are the runner's own, around its Generate: the
// client alone; requests, OKs and 429s are the hub's counts; HubCPU is this
// process's CPU from the runner's start to its exit, the hub's serving.
func runInRunner(ctx context.Context, w workload, bin, dir string) (Row, map[string]int, *config.Config, error) {
	row := Row{Workload: w.name, Strategy: Manifestgen, Latency: Duration(w.hub.Latency), Runner: true}
	fail := func(err error) (Row, map[string]int, *config.Config, error) {
		return row, nil, nil, fmt.Errorf("bench: %s/%s: %w", w.name, Manifestgen, err)
	}
	srv, err := hub.Start(w.hub) // a scaled snapshot is built here, before the runner starts
	if err != nil {
		return fail(err)
	}
	defer srv.Close()
	doc := w.yaml(srv.URL(), filepath.Join(dir, "output"))
	cfg, err := config.Parse(w.name+".yaml", []byte(doc))
	if err != nil {
		return fail(err)
	}
	path := filepath.Join(dir, w.name+".yaml")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(err)
	}
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		return fail(err)
	}
	cpu0, cpuOK := processCPU()
	res, err := runRunners(ctx, bin, []runnerSpec{{name: w.name, config: path, measure: true}}, runnerTimeout)
	if err != nil {
		return fail(err)
	}
	if cpu1, _ := processCPU(); cpuOK {
		row.HubCPU = Duration(cpu1 - cpu0)
	}
	r := res.reports[0]
	row.Wall, row.CPU, row.BaseHeap, row.PeakHeap = r.Wall, r.CPU, r.BaseHeap, r.PeakHeap
	row.Filters, row.Failed, row.FirstFailure = r.Filters, r.Failed, r.FirstFailure
	row.Retries, row.Throttled, row.Pages, row.PageNeeds, row.Models = r.Retries, r.Throttled, r.Pages, r.PageNeeds, r.Models
	addHubStats(&row, srv.Hub().Stats())
	if r.Wall > 0 {
		row.Rate = float64(row.OK) / time.Duration(r.Wall).Seconds()
	}
	return row, r.SourcePages, cfg, nil
}
