package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// RunnerReport is what a runner prints on stdout, as one JSON line, when
// its generation is done: its share of a fleet row, or with -measure the
// client's own figures of a workload row.
type RunnerReport struct {
	Name         string         `json:"name"`
	Filters      int            `json:"filters"`
	Failed       int            `json:"failed"`
	FirstFailure string         `json:"first_failure,omitempty"` // "source/filter: error" of its first failed filter
	Requests     int            `json:"requests"`                // HTTP attempts it made, retries included
	Retries      int            `json:"retries"`
	Throttled    int            `json:"throttled"` // 429s it received
	Pages        int            `json:"pages"`
	PageNeeds    int            `json:"page_needs"`
	SourcePages  map[string]int `json:"source_pages,omitempty"` // distinct pages per source
	Models       int            `json:"models"`
	Wall         Duration       `json:"wall"` // its Generate

	// With -measure, around its Generate only:
	CPU      Duration `json:"cpu,omitempty"`       // its user+system CPU (getrusage delta); 0: not measurable here
	BaseHeap uint64   `json:"base_heap,omitempty"` // heap bytes after a GC, before Generate
	PeakHeap uint64   `json:"peak_heap,omitempty"` // most heap bytes (sampled every runnerHeapSampleEvery)
}

// Lines of the runner protocol.
const (
	runnerReady = "READY" // printed by a runner whose config is loaded; it then waits for runnerGo
	runnerGo    = "GO"    // written by the parent to every runner's stdin to start them together
)

// RunRunner is the runner command (package manifestgen/bench/runner) of
// the fleet and scale workloads. With -name NAME -config PATH it parses the
// config file, prints "READY", waits for a "GO" line on stdin, runs
// manifestgen.Generate (environment ignored, embedded hub recorded, no
// report) and prints its RunnerReport as one JSON line; -measure adds its
// CPU and heap around Generate. It returns the exit code: 0 also when
// filters failed (the report counts them), 2 for bad usage, 1 when the run
// could not be made; errors go to stderr.
func RunRunner(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("runner", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "runner", "runner name, echoed in the report")
	cfgPath := fs.String("config", "", "config file (required)")
	measure := fs.Bool("measure", false, "report the CPU and heap of the generation")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cfgPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: runner [-measure] -name NAME -config PATH")
		return 2
	}
	rep, err := runRunner(*name, *cfgPath, *measure, stdin, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "runner %s: %v\n", *name, err)
		return 1
	}
	data, err := json.Marshal(rep)
	if err != nil {
		fmt.Fprintf(stderr, "runner %s: encode report: %v\n", *name, err)
		return 1
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", data); err != nil {
		return 1
	}
	return 0
}

// CPUProfileEnv names a file that a measuring runner (the scale
// workload's) writes a CPU profile of its Generate to, when set.
const CPUProfileEnv = "BENCH_CPUPROFILE"

// startCPUProfile starts a CPU profile to path; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", CPUProfileEnv, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", CPUProfileEnv, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// runRunner loads the config, signals readiness, waits for the start and
// generates; with measure it samples its heap and reads its CPU around
// Generate (the sampler's wakeups are counted in the CPU).
func runRunner(name, cfgPath string, measure bool, stdin io.Reader, stdout, stderr io.Writer) (*RunnerReport, error) {
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg, err := config.Parse(cfgPath, data)
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintln(stdout, runnerReady); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if strings.TrimSpace(line) != runnerGo {
		return nil, fmt.Errorf("want %q on stdin, got %q (%v)", runnerGo, line, err)
	}
	var (
		heap  *heapSampler
		cpu0  time.Duration
		cpuOK bool
	)
	if measure {
		if path := os.Getenv(CPUProfileEnv); path != "" {
			stop, err := startCPUProfile(path)
			if err != nil {
				return nil, err
			}
			defer stop()
		}
		heap = startHeap(runnerHeapSampleEvery)
		cpu0, cpuOK = processCPU()
	}
	start := time.Now()
	sum, err := manifestgen.Generate(context.Background(), cfg, manifestgen.GenerateOptions{
		Hub: manifest.HubEmbedded, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	wall := time.Since(start)
	rep := &RunnerReport{Name: name, Wall: Duration(wall), SourcePages: map[string]int{}}
	if measure {
		cpu1, _ := processCPU()
		rep.BaseHeap, rep.PeakHeap = heap.stopHeap()
		if cpuOK {
			rep.CPU = Duration(cpu1 - cpu0)
		}
	}
	var fe *manifestgen.FailedError
	if err != nil && !errors.As(err, &fe) {
		return nil, err
	}
	if sum == nil {
		return nil, errors.New("generate returned no summary")
	}
	for _, s := range sum.Sources {
		if len(s.Failed) > 0 && rep.FirstFailure == "" {
			rep.FirstFailure = (&filterFailure{filter: s.Name + "/" + s.Failed[0].Name, err: s.Failed[0].Err}).Error()
		}
		rep.Filters += s.Filters
		rep.Failed += len(s.Failed)
		rep.Requests += s.Requests
		rep.Retries += s.Retries
		rep.Throttled += s.Throttled
		rep.Pages += s.Pages
		rep.PageNeeds += s.PageNeeds
		rep.SourcePages[s.Name] += s.Pages
	}
	if sum.Index != nil {
		for _, f := range sum.Index.Filters {
			rep.Models += f.Count
		}
	}
	return rep, nil
}
