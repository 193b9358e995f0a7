// Package bench measures manifestgen against simpler schedulers on the
// embedded hub: one process, one run, each strategy against a fresh hub
// with identical options, and prints how far each is from the lower bound
// that the server's allowance and the latency impose.
//
// The fleet workload runs FleetRunners separate runner processes against
// one hub, each with its own limiter (per-process) or all sharing one
// through a redis-server the bench starts (shared). The scale workload
// runs manifestgen in one runner process too, the hub staying in the
// bench process, so that its CPU and heap are the client's alone.
//
// The strategies are a sequential loop, an unbounded fan-out, a faithful
// copy of the classic hand-made busy-wait limiter (3 in flight, 100 ms
// between starts), all three with the same page clients but one attempt
// and no limiter, and manifestgen.Generate. Run also checks the targets of
// rate-limit adaptation (Checks) and times second runs (Rerun).
package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Defaults of Options.
const (
	DefaultLatency      = 50 * time.Millisecond
	DefaultScaleLatency = 100 * time.Millisecond
)

// Options configures Run. The zero value runs every workload with the
// default latencies, prints to os.Stdout and os.Stderr and writes no JSON.
type Options struct {
	Workloads    []string      // workload names (see Workloads); nil: all
	Strategies   []string      // strategy names (see Strategies); nil: all that each workload runs
	Latency      time.Duration // fixed hub latency of all workloads but scale; <= 0: DefaultLatency
	ScaleLatency time.Duration // fixed hub latency of the scale workload; <= 0: DefaultScaleLatency
	Stdout       io.Writer     // the table and the checks; nil: os.Stdout
	Stderr       io.Writer     // a line per strategy run; nil: os.Stderr
	JSON         string        // path the Report is written to as JSON (dirs created); "": none
	TempDir      string        // parent of the temporary output dirs; "": os.TempDir()
	FleetFilters int           // filters per runner of the fleet workload, 1 to MaxFleetFilters; 0: DefaultFleetFilters
}

// Report is the outcome of Run.
type Report struct {
	Started   time.Time  `json:"started"`
	GoVersion string     `json:"go_version"`
	Platform  string     `json:"platform"` // GOOS/GOARCH
	CPUs      int        `json:"cpus"`
	Latency   Duration   `json:"latency"`       // hub latency of every workload but scale
	ScaleLat  Duration   `json:"scale_latency"` // hub latency of the scale workload
	Workloads []Workload `json:"workloads"`
	Rows      []Row      `json:"rows"`
	Rerun     *Rerun     `json:"rerun,omitempty"`
	Checks    []Check    `json:"checks"`
	Duration  Duration   `json:"duration"`
}

// Workload names and describes a workload that ran.
type Workload struct {
	Name string `json:"name"`
	Desc string `json:"desc"`
}

// Row is one strategy on one workload.
type Row struct {
	Workload   string   `json:"workload"`
	Strategy   string   `json:"strategy"`
	Skipped    string   `json:"skipped,omitempty"` // why it did not run; the other fields are zero
	Wall       Duration `json:"wall"`
	LowerBound Duration `json:"lower_bound"` // see lowerBound
	Ratio      float64  `json:"ratio"`       // Wall / LowerBound
	Requests   int      `json:"requests"`    // requests the hub received, retries included
	OK         int      `json:"ok"`          // 2xx responses the hub sent
	Served429  int      `json:"served_429"`  // 429 responses the hub sent
	Filters    int      `json:"filters"`
	Failed     int      `json:"failed"` // failed filters (the baselines write them as empty manifests)
	// FirstFailure is the error of the first filter that failed; "": none.
	FirstFailure string   `json:"first_failure,omitempty"`
	Rate         float64  `json:"ok_per_second"`     // OK / Wall
	Latency      Duration `json:"latency,omitempty"` // the hub's fixed latency

	// Runner rows (scale/manifestgen): BaseHeap, PeakHeap and CPU are the
	// runner process's, around its Generate: the client alone. Fleet rows:
	// CPU is the runner processes' (whole, summed), no heap. Other rows:
	// the bench process's, the in-process hub included.
	Runner   bool     `json:"runner,omitempty"`
	BaseHeap uint64   `json:"base_heap"`         // heap bytes after a GC, before the run
	PeakHeap uint64   `json:"peak_heap"`         // most heap bytes during the run (sampled every 2 ms; runner: 50 ms)
	CPU      Duration `json:"cpu"`               // user+system CPU during the run
	HubCPU   Duration `json:"hub_cpu,omitempty"` // runner rows: the bench process's CPU while the runner ran, the hub's

	// manifestgen and the fleet, from their Summaries:
	Retries   int `json:"retries,omitempty"`
	Throttled int `json:"throttled,omitempty"`  // 429s the client saw
	Pages     int `json:"pages,omitempty"`      // distinct pages fetched
	PageNeeds int `json:"page_needs,omitempty"` // pages the filters needed, one request chain each
	Models    int `json:"models,omitempty"`     // model entries in the filter manifests
	Runners   int `json:"runners,omitempty"`    // fleet only: runner processes that reported
}

// Check is one target and whether the run met it.
type Check struct {
	Name string `json:"name"`
	Want string `json:"want"`
	Got  string `json:"got"`
	OK   bool   `json:"ok"`
}

// Duration is a time.Duration that encodes in JSON as seconds.
type Duration time.Duration

// MarshalJSON encodes d as a number of seconds.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).Seconds())
}

// UnmarshalJSON decodes a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s float64
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*d = Duration(s * float64(time.Second))
	return nil
}

// ErrTargets is returned by Run, with the Report, when a check failed.
var ErrTargets = errors.New("bench: targets missed")

// Run runs the selected workloads, each strategy against a fresh embedded
// hub on 127.0.0.1, prints the table and the checks to Stdout and writes
// the JSON report. It returns the report and an error wrapping ErrTargets
// when a check failed, or another error when a run could not be made.
func Run(ctx context.Context, opts Options) (*Report, error) {
	stdout, stderr := opts.Stdout, opts.Stderr
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}
	lat := cmpDur(opts.Latency, DefaultLatency)
	scaleLat := cmpDur(opts.ScaleLatency, DefaultScaleLatency)
	names := opts.Workloads
	if len(names) == 0 {
		names = Workloads()
	}
	var ws []workload
	for _, n := range names {
		if n == WorkloadRerun {
			continue
		}
		w, err := newWorkload(n, lat, scaleLat)
		if err != nil {
			return nil, err
		}
		if w.name == WorkloadFleet && opts.FleetFilters != 0 {
			if opts.FleetFilters < 1 || opts.FleetFilters > MaxFleetFilters {
				return nil, fmt.Errorf("fleet filters %d: want 1 to %d", opts.FleetFilters, MaxFleetFilters)
			}
			w.desc, w.yaml = fleetDesc(opts.FleetFilters), fleetYAML(opts.FleetFilters)
		}
		ws = append(ws, w)
	}
	known := append(Strategies(), FleetStrategies()...)
	for _, s := range opts.Strategies {
		if !slices.Contains(known, s) {
			return nil, fmt.Errorf("unknown strategy %q (known: %s)", s, strings.Join(known, ", "))
		}
	}
	tmp, err := os.MkdirTemp(opts.TempDir, "manifestgen-bench-")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(tmp)

	rep := &Report{
		Started: time.Now(), GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		CPUs: runtime.NumCPU(), Latency: Duration(lat), ScaleLat: Duration(scaleLat),
	}
	for _, w := range ws {
		rep.Workloads = append(rep.Workloads, Workload{Name: w.name, Desc: w.desc})
		run := runWorkload
		if w.name == WorkloadFleet {
			run = runFleet
		}
		rows, err := run(ctx, w, opts.Strategies, filepath.Join(tmp, w.name), stderr)
		if err != nil {
			return nil, err
		}
		rep.Rows = append(rep.Rows, rows...)
	}
	if slices.Contains(names, WorkloadRerun) {
		fmt.Fprintf(stderr, "bench: %s ...\n", WorkloadRerun)
		rep.Rerun, err = runRerun(ctx, filepath.Join(tmp, WorkloadRerun), lat)
		if err != nil {
			return nil, err
		}
	}
	rep.Checks = checks(rep)
	rep.Duration = Duration(time.Since(rep.Started))
	WriteTable(stdout, rep)
	if opts.JSON != "" {
		if err := writeJSON(opts.JSON, rep); err != nil {
			return rep, err
		}
	}
	var missed []string
	for _, c := range rep.Checks {
		if !c.OK {
			missed = append(missed, c.Name)
		}
	}
	if len(missed) > 0 {
		return rep, fmt.Errorf("%w: %s", ErrTargets, strings.Join(missed, "; "))
	}
	return rep, nil
}

// writeJSON writes rep to path, indented, through a temporary file.
func writeJSON(path string, rep *Report) error {
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("bench: encode report: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("bench: write report: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("bench: write report: %w", err)
	}
	return nil
}

func cmpDur(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
