package limit

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// Against server token buckets of various shapes behind a 10/s ceiling
// (3 in flight, 50 ms latency, 429 with Retry-After), the host learns the
// bucket's rate: few refusals, and most of the server's rate used.
func TestLearnsServerBucket(t *testing.T) {
	tests := []struct {
		rate, burst float64
		n           int
		maxDenied   int
		minShare    float64 // served per second / server rate
	}{
		{rate: 5, burst: 5, n: 100, maxDenied: 1, minShare: 0.95},
		{rate: 5, burst: 5, n: 400, maxDenied: 5, minShare: 0.95},
		{rate: 2, burst: 2, n: 100, maxDenied: 1, minShare: 0.9}, // 2 accepted at the first 429: 1.8/s
		{rate: 8, burst: 8, n: 200, maxDenied: 2, minShare: 0.95},
		{rate: 3, burst: 10, n: 100, maxDenied: 3, minShare: 0.9},
		{rate: 4, burst: 1, n: 100, maxDenied: 5, minShare: 0.65}, // no burst: learned slowly (learn.go)
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%g/s burst %g, %d requests", tt.rate, tt.burst, tt.n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				log, buf := newLogger()
				h := New("hub", Config{Concurrency: 3, RPS: 10, Burst: 1, MinRPS: 0.5}, log)
				srv := &bucketServer{rate: tt.rate, burst: tt.burst}
				t0 := time.Now()
				end := drive(t, h, tt.n, 3, 50*time.Millisecond, srv.serve)
				// The ideal: the burst at once, the rest at the server's rate.
				share := float64(srv.served) / end.Sub(t0).Seconds() / tt.rate
				ideal := float64(tt.n) / ((float64(tt.n) - tt.burst) / tt.rate) / tt.rate
				t.Logf("%d refused, %.3f of the rate (ideal %.3f), learned %v", srv.denied, share, ideal, h.Stats().Learned)
				if srv.denied > tt.maxDenied || share < tt.minShare {
					t.Errorf("%d refused, %.1f%% of the server's rate; want <= %d, >= %.0f%%\n%s", srv.denied, 100*share, tt.maxDenied, 100*tt.minShare, buf)
				}
			})
		})
	}
}

// The first refusal counts the accepted requests over their span plus one
// second of assumed burst; a later one counts those accepted since the last
// refusal over the time since. Straggling refusals (sent before the change)
// and refusals an exhausted quota explains change nothing.
func TestLearnedRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log, buf := newLogger()
		h := New("hub", Config{RPS: 10, MinRPS: 0.5, RecoverAfter: 5}, log)
		t0 := time.Now()
		at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
		ok := func(ms int) { h.Observe(Observation{Start: at(ms), Time: at(ms + 50), Status: 200}) }
		refuse := func(ms int) { h.Observe(Observation{Start: at(ms), Time: at(ms + 50), Status: 429}) }
		check := func(step string, want float64) {
			t.Helper()
			h.mu.Lock()
			r := h.rate
			h.mu.Unlock()
			if math.Abs(r-want) > 1e-9 {
				t.Fatalf("%s: rate %v; want %v\n%s", step, r, want, buf)
			}
		}
		for i := range 9 { // 9 accepted at 10/s over 0.8 s
			ok(100 * i)
		}
		refuse(900)
		check("first 429: 9 / (0.8 s + 1 s)", 5)
		refuse(850) // sent before the change
		check("straggler", 5)
		for i := range 5 { // 5 successes in a row probe by 2% of 5/s
			ok(1000 + 200*i)
		}
		check("probe", 5.1)
		for i := range 4 {
			ok(2000 + 200*i)
		}
		refuse(3000) // 9 accepted in the 2.1 s since the last 429: 4.2857/s
		check("second 429: measured since the first", 9.0/2.1)
		if h.Stats().Learned != 9.0/2.1 {
			t.Errorf("Stats.Learned = %v; want %v", h.Stats().Learned, 9.0/2.1)
		}
		for _, want := range []string{
			`from=10 to=5 why="429: server accepted 9 requests in 800ms (+1s of burst assumed)"`,
			`from=5 to=5.1 why="5 successes in a row: probing above the learned 5/s"`,
			`from=5.1 to=4.286 why="429: server accepted 9 requests in the 2.1s since the last 429"`,
		} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, buf)
			}
		}
	})
}

// OnPause reports every pause and extension with its reason, outside the
// lock (the callback may call the host).
func TestOnPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New("hub", Config{RPS: 10}, nil)
		t0 := time.Now()
		var got []string
		h.OnPause(func(from, until time.Time, why string) {
			got = append(got, fmt.Sprintf("+%v..+%v %s %v", from.Sub(t0), until.Sub(t0), why, h.PausedUntil().Sub(t0)))
		})
		h.Observe(Observation{Status: 429, Header: http.Header{"Retry-After": {"2"}}})
		time.Sleep(time.Second)
		h.Observe(Observation{Status: 200, Header: http.Header{"Ratelimit": {`"api";r=0;t=3`}}})
		h.Observe(Observation{Status: 429, Header: http.Header{"Retry-After": {"1"}}}) // within the pause: no event
		want := "+0s..+2s 429 with Retry-After 2s, +1s..+5s quota exhausted (r=0) 5s"
		if s := strings.Join(got, ", "); s != want {
			t.Errorf("pauses %q; want %q", s, want)
		}
	})
}
