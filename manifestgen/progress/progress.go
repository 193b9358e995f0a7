// Package progress shows how far a run is, per source: live bars on a
// terminal, plain lines in CI logs and pipes. Both satisfy
// pipeline.Progress and give logs a writer that never breaks their lines.
package progress

import (
	"io"
	"log/slog"
	"os"
	"sync"

	"golang.org/x/term"
)

// Live is what a source's progress shows besides filters done.
type Live struct {
	Requests int     // HTTP attempts so far
	Retries  int     // attempts after the first of a request
	Rate     float64 // the host limiter's current rate, req/s
}

// StatsFunc returns the live figures of a source. It is called from the
// display goroutine and must be safe for concurrent use.
type StatsFunc func(source string) Live

// Reporter shows progress. Start and FilterDone may be called from many
// goroutines; Close ends the display and must be called once.
type Reporter interface {
	Start(source string, filters int)
	FilterDone(source, filter string, err error)
	// Log is where log records go while the display runs, so that a log
	// line never lands in the middle of a progress line.
	Log() io.Writer
	Close()
}

// Options choose and tune the display.
type Options struct {
	Getenv  func(string) string // NO_COLOR and CI select plain lines; nil: os.Getenv
	Verbose bool                // one line per completed filter (plain lines), each failure printed (bars)
	JSON    bool                // JSON records instead of bars or lines (MANIFESTGEN_LOG=json)
	Stats   StatsFunc           // nil: filters only
}

// New returns JSON records with opts.JSON, live bars when w is a terminal
// and neither NO_COLOR nor CI is set, and plain lines otherwise.
func New(w io.Writer, opts Options) Reporter {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if opts.JSON {
		l := NewLines(w, opts.Verbose, opts.Stats)
		l.json = slog.New(slog.NewJSONHandler(l.w, nil))
		return l
	}
	if IsTerminal(w) && getenv("NO_COLOR") == "" && getenv("CI") == "" {
		b := NewBars(w, opts.Stats)
		b.verbose = opts.Verbose
		return b
	}
	return NewLines(w, opts.Verbose, opts.Stats)
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// lockedWriter serialises writes so that each Write lands whole.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
