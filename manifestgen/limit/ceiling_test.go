package limit

import (
	"net/http"
	"sort"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestCeilings drives many callers through a host whose server throttles
// now and then (429 with and without Retry-After, quota hints, 503s), so
// that the host pauses, slows down and recovers, and checks the hard
// ceilings at the "server": in flight never above Concurrency, starts never
// faster than the token bucket (for Burst 1: gaps >= 1/RPS), and no start
// inside a pause the server asked for.
func TestCeilings(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		n    int
	}{
		{"burst 1", Config{Concurrency: 3, RPS: 20, Burst: 1, RecoverAfter: 10}, 2100},
		{"burst 4", Config{Concurrency: 8, RPS: 50, Burst: 4, RecoverAfter: 10}, 2100},
		{"one at a time", Config{Concurrency: 1, RPS: 7, Burst: 1, RecoverAfter: 5}, 600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { checkCeilings(t, tt.cfg, tt.n) })
		})
	}
}

func checkCeilings(t *testing.T, cfg Config, n int) {
	h := New("hub", cfg, nil)
	var (
		mu       sync.Mutex
		next     int
		inflight int
		maxIn    int
		starts   []time.Time
		pauses   [][2]time.Time // [asked at, until]
	)
	worker := func() {
		for {
			mu.Lock()
			i := next
			next++
			mu.Unlock()
			if i >= n {
				return
			}
			release, err := h.Acquire(t.Context())
			if err != nil {
				t.Errorf("Acquire: %v", err)
				return
			}
			start := time.Now()
			mu.Lock()
			inflight++
			maxIn = max(maxIn, inflight)
			starts = append(starts, start)
			mu.Unlock()

			time.Sleep(time.Duration(5+i%11*17) * time.Millisecond) // server latency
			status, hdr := 200, http.Header{}
			switch {
			case i%150 == 149:
				status = 429
				hdr.Set("Retry-After", strconv.Itoa(1+i%3))
			case i%40 == 39:
				status = 429
			case i%33 == 0:
				status = 503
			case i%70 == 5:
				hdr.Set("RateLimit", `"api";r=2;t=1`)
			}
			now := time.Now()
			mu.Lock()
			if ra := hdr.Get("Retry-After"); ra != "" {
				secs, _ := strconv.Atoi(ra)
				pauses = append(pauses, [2]time.Time{now, now.Add(time.Duration(secs) * time.Second)})
			}
			inflight--
			mu.Unlock()
			h.Observe(Observation{Time: now, Start: start, Status: status, Header: hdr})
			release()
		}
	}
	var wg sync.WaitGroup
	for range 4 * cfg.Concurrency {
		wg.Go(worker)
	}
	wg.Wait()

	if maxIn > cfg.Concurrency {
		t.Errorf("max in flight %d > Concurrency %d", maxIn, cfg.Concurrency)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	// Token bucket: any k consecutive starts span at least (k-Burst)/RPS.
	for i := range starts {
		for k := cfg.Burst + 1; k <= cfg.Burst+3 && i+k-1 < len(starts); k++ {
			span := starts[i+k-1].Sub(starts[i])
			if want := time.Duration(float64(k-cfg.Burst) / cfg.RPS * float64(time.Second)); span < want {
				t.Fatalf("%d starts from +%v within %v; token bucket allows them no closer than %v",
					k, starts[i].Sub(starts[0]), span, want)
			}
		}
	}
	for _, p := range pauses {
		for _, s := range starts {
			if s.After(p[0]) && s.Before(p[1]) {
				t.Fatalf("start at +%v inside a pause [+%v, +%v)", s.Sub(starts[0]), p[0].Sub(starts[0]), p[1].Sub(starts[0]))
			}
		}
	}
	st := h.Stats()
	t.Logf("%d starts over %v, max in flight %d, %+v", len(starts), starts[len(starts)-1].Sub(starts[0]), maxIn, st)
	if st.Pauses == 0 || st.Slowdowns == 0 || st.Speedups == 0 || len(starts) != n {
		t.Errorf("test did not exercise pauses, slow-downs and recovery: %+v", st)
	}
}
