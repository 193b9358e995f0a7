package fetch

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

// TestCeilingsUnderRetries measures at the server, over more than 2,000
// requests, that retries never break the host's hard ceilings: at most
// Concurrency requests in flight and, with Burst 1, request starts at least
// 1/RPS apart, while the server throttles, fails, resets and truncates.
func TestCeilingsUnderRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const (
			concurrency = 4
			rps         = 50.0
			gets        = 2000
		)
		var (
			mu       sync.Mutex
			n        int
			inflight int
			maxIn    int
			starts   []time.Time
		)
		srv := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			i := n
			inflight++
			maxIn = max(maxIn, inflight)
			starts = append(starts, time.Now())
			mu.Unlock()
			defer func() {
				mu.Lock()
				inflight--
				mu.Unlock()
			}()
			time.Sleep(time.Duration(10+i%9*15) * time.Millisecond)
			switch {
			case i%97 == 0:
				w.Header().Set("Retry-After", "2")
				w.WriteHeader(http.StatusTooManyRequests)
			case i%61 == 0:
				w.WriteHeader(http.StatusTooManyRequests)
			case i%29 == 0:
				w.WriteHeader(http.StatusServiceUnavailable)
			case i%37 == 0:
				w.Header().Set("X-Test-Error", "reset")
			case i%43 == 0:
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", "50")
				_, _ = io.WriteString(w, `[`)
			default:
				jsonOK(w)
			}
		})
		c := memClient(srv)
		c.Limiter = limit.New("hub.test", limit.Config{Concurrency: concurrency, RPS: rps, Burst: 1, RecoverAfter: 10}, nil)
		c.Policy = Policy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second}
		var wg sync.WaitGroup
		var failed int
		jobs := make(chan int)
		for range 40 {
			wg.Go(func() {
				for j := range jobs {
					if _, err := c.Get(t.Context(), fmt.Sprintf("http://hub.test/api/models?page=%d", j)); err != nil {
						mu.Lock()
						failed++
						mu.Unlock()
					}
				}
			})
		}
		for j := range gets {
			jobs <- j
		}
		close(jobs)
		wg.Wait()

		if len(starts) < 2000 {
			t.Fatalf("only %d requests reached the server; want >= 2000", len(starts))
		}
		if maxIn > concurrency {
			t.Errorf("max in flight at the server %d > Concurrency %d", maxIn, concurrency)
		}
		sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
		minGap := time.Duration(1<<63 - 1)
		for i := 1; i < len(starts); i++ {
			minGap = min(minGap, starts[i].Sub(starts[i-1]))
		}
		if interval := time.Duration(float64(time.Second) / rps); minGap < interval {
			t.Errorf("min gap between request starts %v < 1/RPS = %v", minGap, interval)
		}
		s := c.Limiter.Stats()
		t.Logf("%d requests for %d gets (%d failed) over %v; max in flight %d, min gap %v; limiter %+v",
			len(starts), gets, failed, starts[len(starts)-1].Sub(starts[0]), maxIn, minGap, s)
		if s.Pauses == 0 || s.Slowdowns == 0 || s.Speedups == 0 {
			t.Errorf("pauses, slow-downs and recovery not all exercised: %+v", s)
		}
	})
}
