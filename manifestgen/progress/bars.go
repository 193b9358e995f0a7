package progress

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Bars draws one live bar per source on a terminal: filters done of total,
// requests, retries and the host's current rate. Log records written
// through Log appear above the bars.
type Bars struct {
	p       *mpb.Progress
	stats   StatsFunc
	verbose bool     // print each failed filter above the bars
	failed  sync.Map // source -> *atomic.Int64

	mu   sync.Mutex
	bars map[string]*mpb.Bar
	once sync.Once
}

// NewBars returns live bars drawn on w (meant for a terminal; on other
// writers the frames follow one another).
func NewBars(w io.Writer, stats StatsFunc) *Bars {
	return &Bars{
		p:     mpb.New(mpb.WithOutput(w), mpb.WithAutoRefresh(), mpb.WithRefreshRate(150*time.Millisecond)),
		stats: stats,
		bars:  map[string]*mpb.Bar{},
	}
}

// Log returns a writer whose lines print above the bars.
func (b *Bars) Log() io.Writer { return b.p }

// Start adds the bar of source.
func (b *Bars) Start(source string, n int) {
	live := decor.Any(func(decor.Statistics) string {
		if b.stats == nil {
			return ""
		}
		s := b.stats(source)
		line := fmt.Sprintf("%d req, %d retries, %.3g req/s", s.Requests, s.Retries, s.Rate)
		if n := b.failedOf(source).Load(); n > 0 {
			line += fmt.Sprintf(", %d failed", n)
		}
		return line
	})
	bar := b.p.AddBar(int64(n),
		mpb.PrependDecorators(
			decor.Name(source, decor.WCSyncSpaceR),
			decor.CountersNoUnit("%d/%d filters", decor.WCSyncSpace),
		),
		mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Name("  "), live),
	)
	if n == 0 {
		bar.SetTotal(0, true)
	}
	b.mu.Lock()
	b.bars[source] = bar
	b.mu.Unlock()
}

// failedOf returns the count of failed filters of source.
func (b *Bars) failedOf(source string) *atomic.Int64 {
	n, _ := b.failed.LoadOrStore(source, new(atomic.Int64))
	return n.(*atomic.Int64)
}

// FilterDone advances the bar of source and counts a failure on it; a
// verbose display also prints the failure above the bars (the summary
// says why, collapsed by cause).
func (b *Bars) FilterDone(source, filter string, err error) {
	if err != nil {
		b.failedOf(source).Add(1)
		if b.verbose {
			fmt.Fprintf(b.p, "FAILED %s/%s: %s\n", source, filter, redact.Escape(err.Error())) // a server's text, escaped
		}
	}
	b.mu.Lock()
	bar := b.bars[source]
	b.mu.Unlock()
	if bar != nil {
		bar.Increment()
	}
}

// Close completes every bar and waits for the final render.
func (b *Bars) Close() {
	b.once.Do(func() {
		b.mu.Lock()
		for _, bar := range b.bars {
			if !bar.Completed() {
				bar.Abort(false)
			}
		}
		b.mu.Unlock()
		b.p.Wait()
	})
}
