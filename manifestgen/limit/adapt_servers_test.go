package limit

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// A 429 with Retry-After only pauses, unless its request started after an
// earlier pause had ended: then pausing was not enough and the rate is cut
// by retryAfterDecrease. A 429 that an exhausted quota explains never cuts.
func TestRetryAfterAgainSlowsDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log, buf := newLogger()
		h := New("hub", Config{RPS: 10, MinRPS: 1}, log)
		t0 := time.Now()
		at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
		ra := http.Header{"Retry-After": {"1"}}
		window := http.Header{"Retry-After": {"1"}, "Ratelimit": {`"api";r=0;t=1`}}
		steps := []struct {
			name        string
			start, end  int // ms from t0
			header      http.Header
			want        float64
			wantPauseMS int // PausedUntil after the step, ms from t0
		}{
			{"first 429: pause only", 0, 50, ra, 10, 1050},
			{"sent during the pause: no cut", 900, 950, ra, 10, 1950},
			{"sent after the pause: cut", 1950, 2000, ra, 7, 3000},
			{"sent before that cut: no second cut", 1990, 2010, ra, 7, 3010},
			{"quota explains it: no cut", 3100, 3150, window, 7, 5150},
			{"after the pause again: cut", 5200, 5250, ra, 4.9, 6250},
		}
		for _, s := range steps {
			h.Observe(Observation{Start: at(s.start), Time: at(s.end), Status: 429, Header: s.header})
			h.mu.Lock()
			r, until := h.rate, h.pauseUntil
			h.mu.Unlock()
			if math.Abs(r-s.want) > 1e-9 || until != at(s.wantPauseMS) {
				t.Fatalf("%s: rate %v, paused until +%v; want %v, +%dms", s.name, r, until.Sub(t0), s.want, s.wantPauseMS)
			}
		}
		if n := strings.Count(buf.String(), `why="429 with Retry-After again after a pause"`); n != 2 {
			t.Errorf("%d cuts logged; want 2:\n%s", n, buf)
		}
	})
}

// Quota pacing counts the requests in flight against the quota, and keeps
// its last unit: it pauses until the reset instead of spending it.
func TestQuotaReserveAndInFlight(t *testing.T) {
	tests := []struct {
		remaining, inFlight int
		wantPause           time.Duration
		wantRate            float64
	}{
		{remaining: 10, inFlight: 0, wantRate: 2},                             // 10 over 5 s
		{remaining: 10, inFlight: 2, wantRate: 1.6},                           // 8 over 5 s
		{remaining: 3, inFlight: 2, wantPause: 5 * time.Second, wantRate: 10}, // 1 left: kept
		{remaining: 2, inFlight: 0, wantRate: 0.5},                            // 0.4 floored at MinRPS
		{remaining: 1, inFlight: 0, wantPause: 5 * time.Second, wantRate: 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("r=%d inflight=%d", tt.remaining, tt.inFlight), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := New("hub", Config{Concurrency: 3, RPS: 10, Burst: 3, MinRPS: 0.5}, nil)
				for range tt.inFlight {
					defer mustAcquire(t, h)()
				}
				t0 := time.Now()
				h.Observe(Observation{Status: 200, Header: http.Header{"Ratelimit": {`"api";r=` + strconv.Itoa(tt.remaining) + `;t=5`}}})
				var pause time.Duration
				if u := h.PausedUntil(); !u.IsZero() {
					pause = u.Sub(t0)
				}
				if r := h.Rate(); pause != tt.wantPause || math.Abs(r-tt.wantRate) > 1e-9 {
					t.Errorf("pause %v, rate %v; want %v, %v", pause, r, tt.wantPause, tt.wantRate)
				}
			})
		})
	}
}

// The reset of a quota window is the smallest now+t seen in it: t is
// rounded up to whole seconds, so later responses narrow it down. Pacing
// and the final pause use that estimate, also after pacing was lifted.
func TestQuotaResetEstimate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New("hub", Config{Concurrency: 3, RPS: 10, Burst: 3}, nil)
		t0 := time.Now() // the true reset is at t0+4.2s
		quota := func(r int) {
			left := t0.Add(4200 * time.Millisecond).Sub(time.Now())
			secs := int((left + time.Second - 1) / time.Second)
			h.Observe(Observation{Status: 200, Header: http.Header{"Ratelimit": {`"api";r=` + strconv.Itoa(r) + `;t=` + strconv.Itoa(secs)}}})
		}
		quota(20) // t=5: reset estimated at +5s, 20 over 5 s
		if r := h.Rate(); r != 4 {
			t.Fatalf("rate %v; want 4", r)
		}
		time.Sleep(1500 * time.Millisecond)
		quota(19) // t=3: +4.5s, 19 over 3 s
		if r := h.Rate(); math.Abs(r-19.0/3) > 1e-9 {
			t.Fatalf("rate %v; want 19/3", r)
		}
		time.Sleep(2000 * time.Millisecond)
		quota(12) // t=1: +4.5s stays; 12 in 1 s suffice at 10/s: pacing lifted
		if r := h.Rate(); r != 10 {
			t.Fatalf("rate %v; want 10", r)
		}
		time.Sleep(400 * time.Millisecond)
		quota(1) // t=1 says +4.9s; the estimate kept is +4.5s
		if got := h.PausedUntil().Sub(t0); got != 4500*time.Millisecond {
			t.Fatalf("paused until +%v; want +4.5s", got)
		}
	})
}

// bucketServer is a server-side token bucket: rate per second, burst, 429
// with Retry-After in whole seconds (rounded up) when empty.
type bucketServer struct {
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
	served int
	denied int
}

func (s *bucketServer) serve(now time.Time) (int, http.Header) {
	if s.last.IsZero() {
		s.tokens, s.last = s.burst, now
	}
	s.tokens = math.Min(s.burst, s.tokens+now.Sub(s.last).Seconds()*s.rate)
	s.last = now
	if s.tokens >= 1 {
		s.tokens--
		s.served++
		return 200, nil
	}
	s.denied++
	wait := math.Ceil((1 - s.tokens) / s.rate)
	return 429, http.Header{"Retry-After": {strconv.Itoa(int(wait))}}
}

// drive completes n requests through h with workers goroutines, each
// request reaching serve when it starts and answering latency later; a
// refused request is sent again (the host has paused). It returns when the
// last request completed.
func drive(t *testing.T, h *Host, n, workers int, latency time.Duration, serve func(time.Time) (int, http.Header)) time.Time {
	t.Helper()
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		last time.Time
	)
	jobs := make(chan int, n)
	for i := range n {
		jobs <- i
	}
	close(jobs)
	for range workers {
		wg.Go(func() {
			for range jobs {
				for {
					release := mustAcquire(t, h)
					start := time.Now()
					mu.Lock()
					status, hdr := serve(start)
					mu.Unlock()
					time.Sleep(latency)
					release()
					h.Observe(Observation{Start: start, Time: time.Now(), Status: status, Header: hdr})
					if status == 200 {
						break
					}
				}
			}
			mu.Lock()
			if now := time.Now(); now.After(last) {
				last = now
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return last
}

// A fixed window of 30 per 5 s (whole-second t, rounded up) behind a
// 10/s ceiling: no request refused, and 100 requests done within 15% of the
// ideal: three full windows, then 10 at 10/s, plus the latency (15.95 s).
func TestFixedWindowServer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New("hub", Config{Concurrency: 3, RPS: 10, Burst: 1, MinRPS: 0.5}, nil)
		t0 := time.Now()
		srv := &quotaServer{q: 30, w: 5 * time.Second, start: t0}
		end := drive(t, h, 100, 3, 50*time.Millisecond, srv.serve)
		ideal := 15950 * time.Millisecond
		if took := end.Sub(t0); srv.denied != 0 || took > ideal*115/100 {
			t.Errorf("%d refused, took %v; want 0, <= %v", srv.denied, took, ideal*115/100)
		}
		for i, n := range srv.served {
			if n < 29 {
				t.Errorf("window %d served %d; want >= 29 (quota used but its reserve)", i, n)
			}
		}
	})
}
