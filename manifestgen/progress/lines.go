// Package progress reports how far a run is, per source.
package progress

import (
	"fmt"
	"io"
	"sync"
)

// Lines writes one plain line per completed filter:
//
//	Progress: civitai 4/16 (25%)
//
// It is safe for concurrent use and suits terminals and CI logs alike.
type Lines struct {
	W io.Writer // where lines go (usually stderr)

	mu    sync.Mutex
	total map[string]int
	done  map[string]int
}

// Start records that source has filters filters to run.
func (l *Lines) Start(source string, filters int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total == nil {
		l.total, l.done = map[string]int{}, map[string]int{}
	}
	l.total[source] = filters
}

// FilterDone records one finished filter of source and prints the new count.
func (l *Lines) FilterDone(source, filter string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done == nil {
		l.total, l.done = map[string]int{}, map[string]int{}
	}
	l.done[source]++
	d, t := l.done[source], l.total[source]
	pct := 100
	if t > 0 {
		pct = d * 100 / t
	}
	status := ""
	if err != nil {
		status = " — " + filter + " failed"
	}
	fmt.Fprintf(l.W, "Progress: %s %d/%d (%d%%)%s\n", source, d, t, pct, status)
}
