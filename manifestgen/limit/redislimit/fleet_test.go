package redislimit

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// recorder is a hub stand-in on 127.0.0.1 that records when each request
// arrives and, with a bucket, answers 429 (no hints) beyond it, as a server
// enforcing the quota per client address would.
type recorder struct {
	mu       sync.Mutex
	starts   []time.Time
	byRunner map[string]int
	denied   int
	bucket   *rate.Limiter // nil: serve everything
	pause    func(runner string) (retryAfter string)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	runner := r.Header.Get("X-Runner")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.starts = append(rec.starts, now)
	rec.byRunner[runner]++
	if rec.pause != nil {
		if ra := rec.pause(runner); ra != "" {
			w.Header().Set("Retry-After", ra)
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
	}
	if rec.bucket != nil && !rec.bucket.AllowN(now, 1) {
		rec.denied++
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	w.Write([]byte("ok"))
}

// serverRate is the arrival rate at the server: (n-1) requests over the
// span from the first to the last arrival; and the most arrivals within
// any 1 s.
func serverRate(starts []time.Time) (rps float64, maxPerSecond int) {
	s := slices.Clone(starts)
	slices.SortFunc(s, func(a, b time.Time) int { return a.Compare(b) })
	if len(s) < 2 {
		return 0, len(s)
	}
	j := 0
	for i := range s {
		for s[i].Sub(s[j]) >= time.Second {
			j++
		}
		maxPerSecond = max(maxPerSecond, i-j+1)
	}
	return float64(len(s)-1) / s[len(s)-1].Sub(s[0]).Seconds(), maxPerSecond
}

// TestFleet runs 4 runner processes against one server, each limited to
// the same rate, once sharing it through Redis and once each on its own:
// shared, the server sees at most that rate (+5%) and no failure; alone, it
// sees about 4 times the rate. With a server-side bucket at that rate
// (burst 3), the shared fleet gets no 429 and the unshared one many.
//
// The default rate is 50/s over 400 requests (8 s); MANIFESTGEN_SLOW_TESTS=1
// measures Hugging Face-like 5/s over 400 requests (80 s).
func TestFleet(t *testing.T) {
	rps, total := 50.0, 400
	if os.Getenv("MANIFESTGEN_SLOW_TESTS") == "1" {
		rps = 5
	}
	const runners, conc = 4, 3
	tests := []struct {
		name   string
		shared bool
		bucket bool
		n      int // requests in all
	}{
		{"shared", true, false, total},
		{"per process", false, false, total},
		{"shared vs server bucket", true, true, total / 2},
		{"per process vs server bucket", false, true, total / 4}, // its 429s slow it down
	}
	srv := startRedis(t, "fleet-secret")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{byRunner: map[string]int{}}
			if tt.bucket {
				rec.bucket = rate.NewLimiter(rate.Limit(rps), 3)
			}
			hub := httptest.NewServer(rec)
			defer hub.Close()
			spec := childSpec{target: hub.URL, host: fmt.Sprintf("hub-%d.test", time.Now().UnixNano()),
				n: tt.n / runners, conc: conc, rps: rps, start: time.Now().Add(300 * time.Millisecond)}
			if tt.shared {
				spec.redisURL = srv.URL()
			}
			res := sum(runChildren(t, spec, runnerNames(runners)...))

			rec.mu.Lock()
			defer rec.mu.Unlock()
			got, perSecond := serverRate(rec.starts)
			t.Logf("%s: %d runners x %d requests at %v/s each: server saw %.2f req/s (max %d in 1 s), "+
				"%d ok, %d failed, %d answered 429 by the server bucket; per runner %v",
				tt.name, runners, spec.n, rps, got, perSecond, res.ok, res.fail, rec.denied, rec.byRunner)
			if len(rec.starts) != tt.n || res.ok+res.fail != tt.n {
				t.Fatalf("server saw %d requests, runners report %d; want %d", len(rec.starts), res.ok+res.fail, tt.n)
			}
			if len(rec.byRunner) != runners {
				t.Errorf("requests from %d runners; want %d", len(rec.byRunner), runners)
			}
			switch {
			case tt.shared && got > rps*1.05:
				t.Errorf("shared: %.2f req/s at the server; want <= %.2f", got, rps*1.05)
			case tt.shared && (res.fail != 0 || rec.denied != 0):
				t.Errorf("shared: %d failures, %d 429s; want none", res.fail, rec.denied)
			case !tt.shared && !tt.bucket && got < 2*rps:
				t.Errorf("per process: %.2f req/s at the server; want the runners' sum, well above %v", got, 2*rps)
			case !tt.shared && tt.bucket && rec.denied == 0:
				t.Errorf("per process: no 429 from a server bucket at %v/s; want many", rps)
			}
		})
	}
}
