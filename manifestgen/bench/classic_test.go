package bench

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// The classic limiter admits at most 3 at a time, 100 ms apart, polling
// every millisecond: with requests of 250 ms, six start at exactly 0, 100,
// ..., 500 ms (the fourth waits for the spacing, not for a slot).
func TestClassicLimiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var (
			c        classicLimiter
			mu       sync.Mutex
			starts   []time.Duration
			inFlight int
			peak     int
			wg       sync.WaitGroup
		)
		t0 := time.Now()
		for range 6 {
			wg.Go(func() {
				release := c.acquire()
				mu.Lock()
				starts = append(starts, time.Since(t0))
				inFlight++
				peak = max(peak, inFlight)
				mu.Unlock()
				time.Sleep(250 * time.Millisecond)
				mu.Lock()
				inFlight--
				mu.Unlock()
				release()
			})
		}
		wg.Wait()
		for i, s := range starts {
			if want := time.Duration(i) * classicSpacing; s != want {
				t.Errorf("start %d at +%v; want +%v (all: %v)", i, s, want, starts)
			}
		}
		if peak != classicInFlight {
			t.Errorf("peak in flight %d; want %d", peak, classicInFlight)
		}
	})
}

// With requests longer than 3 spacings the slots bind: the fourth start
// waits for the first release, found by the next poll.
func TestClassicLimiterSlots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var (
			c      classicLimiter
			mu     sync.Mutex
			starts []time.Duration
			wg     sync.WaitGroup
		)
		t0 := time.Now()
		for range 4 {
			wg.Go(func() {
				release := c.acquire()
				mu.Lock()
				starts = append(starts, time.Since(t0))
				mu.Unlock()
				time.Sleep(time.Second + 500*time.Microsecond)
				release()
			})
		}
		wg.Wait()
		// The first release is at 1.0005 s; the waiting loop polls at whole
		// milliseconds, so it sees it at 1.001 s.
		if want := time.Second + time.Millisecond; starts[3] != want {
			t.Errorf("fourth start at +%v; want +%v", starts[3], want)
		}
	})
}
