package progress

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// DefaultEvery is how often Lines prints a status line while a run goes on.
const DefaultEvery = 5 * time.Second

// Lines writes plain progress lines, suited to CI logs and pipes:
//
//	Progress: civitai 4/16 (25%)
//
// one per source at most every Every while filters run, one when a source
// completes, and with Verbose one per completed filter. Failures are
// counted on the lines ("3 failed"), not printed one by one: the summary
// says why, collapsed by cause; with Verbose each failed filter gets its
// line. Log records written through Log never split a line.
// Made by New with Options.JSON, each line is a JSON record instead:
//
//	{"time":"…","level":"INFO","msg":"progress","source":"civitai","done":4,"total":16,…}
type Lines struct {
	w       lockedWriter
	verbose bool
	stats   StatsFunc
	every   time.Duration
	json    *slog.Logger // non-nil: JSON records on w

	mu      sync.Mutex
	total   map[string]int
	done    map[string]int
	failed  map[string]int
	printed map[string]time.Time
	stop    chan struct{}
	closed  sync.Once
	ticker  sync.WaitGroup
}

// NewLines returns plain progress lines on w.
func NewLines(w io.Writer, verbose bool, stats StatsFunc) *Lines {
	return &Lines{
		w:       lockedWriter{mu: &sync.Mutex{}, w: w},
		verbose: verbose,
		stats:   stats,
		every:   DefaultEvery,
		total:   map[string]int{},
		done:    map[string]int{},
		failed:  map[string]int{},
		printed: map[string]time.Time{},
	}
}

// Log returns the writer log records should use.
func (l *Lines) Log() io.Writer { return l.w }

// Start records that source has n filters to run, and starts the periodic
// status lines.
func (l *Lines) Start(source string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total[source] = n
	l.printed[source] = time.Now()
	if l.stop == nil {
		l.stop = make(chan struct{})
		l.ticker.Add(1)
		go l.tick()
	}
}

func (l *Lines) tick() {
	defer l.ticker.Done()
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case now := <-t.C:
			l.mu.Lock()
			var due []string
			for src, at := range l.printed {
				if l.done[src] < l.total[src] && now.Sub(at) >= l.every {
					due = append(due, src)
				}
			}
			sort.Strings(due)
			for _, src := range due {
				l.line(src, "")
			}
			l.mu.Unlock()
		}
	}
}

// FilterDone records one finished filter of source.
func (l *Lines) FilterDone(source, filter string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done[source]++
	if err != nil {
		l.failed[source]++
	}
	switch {
	case l.verbose && err != nil:
		l.filterLine(source, filter, true)
	case l.verbose:
		l.filterLine(source, filter, false)
	case l.done[source] == l.total[source]:
		l.line(source, "")
	}
}

// filterLine prints the status of source after filter; l.mu is held.
func (l *Lines) filterLine(source, filter string, failed bool) {
	if l.json != nil {
		l.record(source, slog.String("filter", filter), slog.Bool("failed", failed))
		return
	}
	if failed {
		filter += " failed"
	}
	l.line(source, " — "+filter)
}

// line prints the status of source; l.mu is held.
func (l *Lines) line(source, suffix string) {
	if l.json != nil {
		l.record(source)
		return
	}
	d, t := l.done[source], l.total[source]
	pct := 100
	if t > 0 {
		pct = d * 100 / t
	}
	extra := ""
	if l.stats != nil {
		s := l.stats(source)
		extra = fmt.Sprintf(", %d requests, %d retries, %.3g req/s", s.Requests, s.Retries, s.Rate)
	}
	if n := l.failed[source]; n > 0 {
		extra += fmt.Sprintf(", %d failed", n)
	}
	fmt.Fprintf(l.w, "Progress: %s %d/%d (%d%%)%s%s\n", source, d, t, pct, extra, suffix)
	l.printed[source] = time.Now()
}

// record writes the status of source as a JSON record; l.mu is held.
func (l *Lines) record(source string, attrs ...slog.Attr) {
	all := []slog.Attr{slog.String("source", source), slog.Int("done", l.done[source]), slog.Int("total", l.total[source])}
	if l.stats != nil {
		s := l.stats(source)
		all = append(all, slog.Int("requests", s.Requests), slog.Int("retries", s.Retries), slog.Float64("rate", s.Rate))
	}
	l.json.LogAttrs(context.Background(), slog.LevelInfo, "progress", append(all, attrs...)...)
	l.printed[source] = time.Now()
}

// Close stops the periodic lines.
func (l *Lines) Close() {
	l.closed.Do(func() {
		l.mu.Lock()
		if l.stop != nil {
			close(l.stop)
		}
		l.mu.Unlock()
		l.ticker.Wait()
	})
}
