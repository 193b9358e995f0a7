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
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// RunnerReport is what a fleet runner prints on stdout, as one JSON line,
// when its generation is done: its share of a fleet row.
type RunnerReport struct {
	Name         string   `json:"name"`
	Filters      int      `json:"filters"`
	Failed       int      `json:"failed"`
	FirstFailure string   `json:"first_failure,omitempty"` // "source/filter: error" of its first failed filter
	Requests     int      `json:"requests"`                // HTTP attempts it made, retries included
	Retries      int      `json:"retries"`
	Throttled    int      `json:"throttled"` // 429s it received
	Pages        int      `json:"pages"`
	PageNeeds    int      `json:"page_needs"`
	Models       int      `json:"models"`
	Wall         Duration `json:"wall"` // its Generate
}

// Lines of the runner protocol.
const (
	runnerReady = "READY" // printed by a runner whose config is loaded; it then waits for runnerGo
	runnerGo    = "GO"    // written by the parent to every runner's stdin to start them together
)

// RunRunner is the fleet runner command (package manifestgen/bench/runner).
// With -name NAME -config PATH it parses the config file, prints "READY",
// waits for a "GO" line on stdin, runs manifestgen.Generate (environment
// ignored, embedded hub recorded, no report) and prints its RunnerReport
// as one JSON line. It returns the exit code: 0 also when filters failed
// (the report counts them), 2 for bad usage, 1 when the run could not be
// made; errors go to stderr.
func RunRunner(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("runner", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "runner", "runner name, echoed in the report")
	cfgPath := fs.String("config", "", "config file (required)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cfgPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: runner -name NAME -config PATH")
		return 2
	}
	rep, err := runRunner(*name, *cfgPath, stdin, stdout, stderr)
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

// runRunner loads the config, signals readiness, waits for the start and
// generates.
func runRunner(name, cfgPath string, stdin io.Reader, stdout, stderr io.Writer) (*RunnerReport, error) {
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
	start := time.Now()
	sum, err := manifestgen.Generate(context.Background(), cfg, manifestgen.GenerateOptions{
		Hub: manifest.HubEmbedded, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	var fe *manifestgen.FailedError
	if err != nil && !errors.As(err, &fe) {
		return nil, err
	}
	if sum == nil {
		return nil, errors.New("generate returned no summary")
	}
	rep := &RunnerReport{Name: name, Wall: Duration(time.Since(start))}
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
	}
	if sum.Index != nil {
		for _, f := range sum.Index.Filters {
			rep.Models += f.Count
		}
	}
	return rep, nil
}
