package limit

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestAIMD(t *testing.T) {
	log, buf := newLogger()
	h := New("hub", Config{RPS: 8, MinRPS: 1, RecoverAfter: 3, RecoverStep: 2}, log)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	ok := func(s int) Observation { return Observation{Time: at(s), Start: at(s), Status: 200} }
	throttled := func(s int) Observation { return Observation{Time: at(s), Start: at(s), Status: 429} }
	steps := []struct {
		o    Observation
		want float64
	}{
		{throttled(1), 4},
		{throttled(2), 2},
		{Observation{Time: at(3), Start: at(1), Status: 429}, 2}, // sent before the last drop: ignored
		{throttled(3), 1},
		{throttled(4), 1}, // floor MinRPS
		{Observation{Time: at(5), Start: at(5), Status: 429, Permanent: true}, 1},
		{ok(6), 1}, {ok(6), 1}, {ok(6), 3}, // 3 successes: +2
		{ok(7), 3}, {Observation{Time: at(7), Status: 503}, 3}, // a 5xx restarts the run
		{ok(8), 3}, {ok(8), 3}, {ok(8), 5},
		{ok(9), 5}, {ok(9), 5}, {Observation{Time: at(9), Status: 404}, 5}, {ok(9), 7}, // a 404 is neutral
		{ok(10), 7}, {ok(10), 7}, {ok(10), 8}, // capped at RPS
		{ok(11), 8}, {ok(11), 8}, {ok(11), 8},
	}
	for i, s := range steps {
		h.Observe(s.o)
		if got := h.Rate(); got != s.want {
			t.Fatalf("step %d (%d): Rate = %v; want %v", i, s.o.Status, got, s.want)
		}
	}
	st := h.Stats()
	if st.Slowdowns != 3 || st.Speedups != 4 || st.Adaptations() != 7 {
		t.Errorf("Stats = %+v; want 3 slowdowns, 4 speedups", st)
	}
	logs := buf.String()
	for _, want := range []string{
		`msg="rate changed" host=hub from=8 to=4 why="429 without Retry-After or RateLimit"`,
		`msg="rate changed" host=hub from=1 to=3 why="3 successes in a row"`,
		`msg="rate changed" host=hub from=7 to=8 why="3 successes in a row"`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if n := strings.Count(logs, "rate changed"); n != 7 {
		t.Errorf("%d rate changes logged; want 7", n)
	}
}

func TestObserveHints(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	tests := []struct {
		name      string
		o         Observation
		wantPause time.Duration // from t0; 0: none
		wantRate  float64
	}{
		{"429 Retry-After pauses, no slow-down", Observation{Status: 429, Header: hdr("Retry-After", "7")}, 7 * time.Second, 10},
		{"503 Retry-After pauses", Observation{Status: 503, Header: hdr("Retry-After", "Wed, 01 Jan 2025 00:01:00 GMT")}, time.Minute, 10},
		{"200 Retry-After ignored", Observation{Status: 200, Header: hdr("Retry-After", "7")}, 0, 10},
		{"429 r=0 pauses until reset+1s", Observation{Status: 429, Header: hdr("RateLimit", `"api";r=0;t=55`, "RateLimit-Policy", `"fixed window";"api";q=500;w=300`)}, 56 * time.Second, 10},
		{"200 r=0 pauses too", Observation{Status: 200, Header: hdr("RateLimit", `"api";r=0;t=5`)}, 6 * time.Second, 10},
		{"200 r=489 t=40 is ample", Observation{Status: 200, Header: hdr("RateLimit", `"api";r=489;t=40`)}, 0, 10},
		{"200 r=489 t=189 paces", Observation{Status: 200, Header: hdr("RateLimit", `"api";r=489;t=189`)}, 0, 489.0 / 189},
		{"200 r=20 t=10 paces to 2/s", Observation{Status: 200, Header: hdr("RateLimit", `"api";r=20;t=10`)}, 0, 2},
		{"pacing floored at MinRPS", Observation{Status: 200, Header: hdr("RateLimit", `"api";r=2;t=100`)}, 0, 0.5},
		{"last unit kept: pauses until the reset", Observation{Status: 200, Header: hdr("RateLimit", `"api";r=1;t=100`)}, 100 * time.Second, 10},
		{"429 without hints halves", Observation{Status: 429}, 0, 5},
		{"429 with garbage hints halves", Observation{Status: 429, Header: hdr("Retry-After", "soon")}, 0, 5},
		{"permanent 429 keeps the rate", Observation{Status: 429, Permanent: true}, 0, 10},
		{"transport error", Observation{}, 0, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := New("h", Config{RPS: 10}, nil)
			tt.o.Time = t0
			h.Observe(tt.o)
			var pause time.Duration
			if u := h.PausedUntil(); !u.IsZero() {
				pause = u.Sub(t0)
			}
			// Rate() would expire pacing against the wall clock; read the field.
			h.mu.Lock()
			r := h.rate
			h.mu.Unlock()
			if pause != tt.wantPause || r != tt.wantRate {
				t.Errorf("pause %v, rate %v; want %v, %v", pause, r, tt.wantPause, tt.wantRate)
			}
		})
	}
}

// A slow-down reaches a caller already waiting for a token: it starts one
// full new interval after the change, not when the old rate would have let
// it (as a caller inside rate.Limiter.Wait would).
func TestSlowdownReachesWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New("h", Config{Concurrency: 2, RPS: 10}, nil)
		t0 := time.Now()
		mustAcquire(t, h)()
		done := acquireAsync(t.Context(), h, 0) // due at t0+100ms
		time.Sleep(50 * time.Millisecond)
		h.Observe(Observation{Status: 429}) // 10/s -> 5/s
		if r := <-done; r.err != nil || r.at.Sub(t0) != 250*time.Millisecond {
			t.Fatalf("waiter started at +%v (%v); want +250ms", r.at.Sub(t0), r.err)
		}
	})
}

func TestPacingRestoredAfterReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log, buf := newLogger()
		h := New("hub", Config{RPS: 10}, log)
		t0 := time.Now()
		var events []string
		h.OnRate(func(at time.Time, rps float64) {
			events = append(events, fmt.Sprintf("+%v %v %v", at.Sub(t0), rps, h.Rate())) // may call back into h
		})
		h.Observe(Observation{Status: 200, Header: http.Header{"Ratelimit": {`"api";r=5;t=10`}}})
		if r := h.Rate(); r != 0.5 {
			t.Fatalf("Rate = %v; want 0.5", r)
		}
		// Similar hints keep the pace (no change per response).
		time.Sleep(2 * time.Second)
		h.Observe(Observation{Status: 200, Header: http.Header{"Ratelimit": {`"api";r=4;t=8`}}})
		time.Sleep(7 * time.Second)
		if r := h.Rate(); r != 0.5 {
			t.Fatalf("Rate before the reset = %v; want 0.5", r)
		}
		time.Sleep(time.Second)
		if r := h.Rate(); r != 10 {
			t.Fatalf("Rate after the reset = %v; want 10", r)
		}
		if !strings.Contains(buf.String(), `from=0.5 to=10 why="quota window reset"`) {
			t.Errorf("restore not logged:\n%s", buf)
		}
		if n := h.Stats().Adaptations(); n != 2 {
			t.Errorf("%d adaptations; want 2", n)
		}
		if got, want := strings.Join(events, ", "), "+0s 10 10, +0s 0.5 0.5, +10s 10 10"; got != want {
			t.Errorf("OnRate events %q; want %q", got, want)
		}
	})
}

// quotaServer simulates a fixed-window quota like Hugging Face's: q requests
// per w, announced on every response as RateLimit r and t (whole seconds,
// rounded up), 429 once exhausted.
type quotaServer struct {
	q      int
	w      time.Duration
	start  time.Time // current window
	used   int
	served []int // requests served per window
	denied int
}

func (s *quotaServer) serve(now time.Time) (int, http.Header) {
	for !now.Before(s.start.Add(s.w)) {
		s.start = s.start.Add(s.w)
		s.served = append(s.served, s.used)
		s.used = 0
	}
	status := 200
	if s.used >= s.q {
		status = 429
		s.denied++
	} else {
		s.used++
	}
	left := s.start.Add(s.w).Sub(now)
	secs := (left + time.Second - 1) / time.Second
	h := http.Header{}
	h.Set("RateLimit", `"api";r=`+strconv.Itoa(s.q-s.used)+`;t=`+strconv.Itoa(int(secs)))
	h.Set("RateLimit-Policy", `"fixed window";"api";q=`+strconv.Itoa(s.q)+`;w=`+strconv.Itoa(int(s.w/time.Second)))
	return status, h
}

// A quota of 30 per 10 s at a 10/s ceiling: without pacing the first 3 s
// would use it up and the rest of each window would be 429s. With pacing
// requests spread over each window and none is denied.
func TestQuotaPacing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New("hub", Config{Concurrency: 2, RPS: 10}, nil)
		srv := &quotaServer{q: 30, w: 10 * time.Second, start: time.Now()}
		var starts []time.Time
		end := time.Now().Add(60 * time.Second)
		for time.Now().Before(end) {
			release := mustAcquire(t, h)
			now := time.Now()
			starts = append(starts, now)
			status, hdr := srv.serve(now)
			h.Observe(Observation{Time: now, Start: now, Status: status, Header: hdr})
			release()
		}
		if srv.denied != 0 {
			t.Errorf("%d requests denied with 429", srv.denied)
		}
		for i, n := range srv.served {
			if n < 24 || n > 30 {
				t.Errorf("window %d served %d; want 24..30 (quota used, not exceeded)", i, n)
			}
		}
		if n := h.Stats().Adaptations(); n > 2*len(srv.served)+2 {
			t.Errorf("%d rate changes in %d windows; want about 2 per window", n, len(srv.served))
		}
		// Spread: never more than 4 starts within any 1 s (10 without pacing).
		for i := range starts {
			j := i
			for j < len(starts) && starts[j].Sub(starts[i]) < time.Second {
				j++
			}
			if j-i > 4 {
				t.Fatalf("%d starts within 1s from +%v", j-i, starts[i].Sub(starts[0]))
			}
		}
	})
}
