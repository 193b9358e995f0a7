package limit

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"
)

// memShared is an in-memory Shared: one token bucket and one pause for all
// the Hosts given it, as Redis is for all processes.
type memShared struct {
	lim *rate.Limiter

	mu     sync.Mutex
	until  time.Time
	waits  int // Wait calls
	pauses int // PauseUntil calls
	err    error
}

func newMemShared(rps float64) *memShared {
	return &memShared{lim: rate.NewLimiter(rate.Limit(rps), 1)}
}

func (m *memShared) Wait(ctx context.Context) error {
	m.mu.Lock()
	m.waits++
	err := m.err
	m.mu.Unlock()
	if err != nil {
		return err
	}
	return m.lim.Wait(ctx)
}

func (m *memShared) PausedUntil(context.Context) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.until, m.err
}

func (m *memShared) PauseUntil(_ context.Context, t time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pauses++
	if t.After(m.until) {
		m.until = t
	}
	return m.err
}

func (m *memShared) counts() (waits, pauses int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.waits, m.pauses
}

// Two hosts standing for two processes, each allowed 10/s locally, start 10/s
// together with a shared gate of 10/s and 20/s without one; the local
// concurrency cap still holds.
func TestSharedRate(t *testing.T) {
	tests := []struct {
		name   string
		shared bool
		want   int // starts in the 10 s after the first
	}{
		{"per process", false, 2 * 101},
		{"shared", true, 101},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sh := newMemShared(10)
				cfg := Config{Concurrency: 2, RPS: 10}
				if tt.shared {
					cfg.Shared = sh
				}
				hosts := []*Host{New("a", cfg, nil), New("b", cfg, nil)}
				t0 := time.Now()
				var (
					mu     sync.Mutex
					starts int
				)
				var wg sync.WaitGroup
				for _, h := range hosts {
					for range 4 {
						wg.Go(func() {
							for {
								release, err := h.Acquire(t.Context())
								if err != nil {
									t.Errorf("Acquire: %v", err)
									return
								}
								if time.Since(t0) > 10*time.Second {
									release()
									return
								}
								mu.Lock()
								starts++
								mu.Unlock()
								time.Sleep(150 * time.Millisecond) // request
								release()
							}
						})
					}
				}
				wg.Wait()
				if starts != tt.want {
					t.Errorf("%d starts in 10 s; want %d", starts, tt.want)
				}
				for _, h := range hosts {
					if s := h.Stats(); s.MaxInFlight > 2 {
						t.Errorf("host %s: %d in flight; want <= 2", h.Name(), s.MaxInFlight)
					}
				}
			})
		})
	}
}

// A Retry-After seen by one process pauses the other, which does not store
// the pause back; the first process stores it once.
func TestSharedPausePropagates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sh := newMemShared(100)
		log, buf := newLogger()
		a := New("hub", Config{RPS: 100, Shared: sh}, nil)
		b := New("hub", Config{RPS: 100, Shared: sh}, log)
		t0 := time.Now()
		a.Observe(Observation{Status: 429, Header: http.Header{"Retry-After": {"5"}}})
		if _, pauses := sh.counts(); pauses != 1 || !sh.until.Equal(t0.Add(5*time.Second)) {
			t.Fatalf("shared pause until +%v after %d calls; want +5s after 1", sh.until.Sub(t0), pauses)
		}
		mustAcquire(t, b)()
		if d := time.Since(t0); d != 5*time.Second {
			t.Fatalf("other process admitted after %v; want 5s", d)
		}
		if s := b.Stats(); s.Pauses != 1 || !s.PausedUntil.Equal(t0.Add(5*time.Second)) {
			t.Errorf("other process Stats = %+v; want 1 pause until +5s", s)
		}
		if !strings.Contains(buf.String(), `why="shared pause"`) {
			t.Errorf("shared pause not logged:\n%s", buf)
		}
		// A local PauseUntil is shared too; a pause learned from Shared is not
		// stored back.
		a.PauseUntil(time.Now().Add(time.Second))
		if _, pauses := sh.counts(); pauses != 2 {
			t.Errorf("%d PauseUntil calls; want 2", pauses)
		}
	})
}

// A pause set while a caller waits for a shared token holds the caller, and
// the token it got before the pause is not used after it: it takes a fresh
// one, so that processes do not all start at the end of a pause.
func TestSharedPauseWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sh := newMemShared(1)
		h := New("hub", Config{Concurrency: 2, RPS: 100, Shared: sh}, nil)
		t0 := time.Now()
		mustAcquire(t, h)() // takes the shared token of +0s
		done := acquireAsync(t.Context(), h, 0)
		time.Sleep(500 * time.Millisecond)
		sh.PauseUntil(t.Context(), t0.Add(3*time.Second)) // another process's
		r := <-done
		if r.err != nil || r.at.Sub(t0) != 3*time.Second {
			t.Fatalf("admitted at +%v (%v); want +3s", r.at.Sub(t0), r.err)
		}
		if waits, _ := sh.counts(); waits != 3 {
			t.Errorf("%d shared Waits; want 3 (one dropped as stale)", waits)
		}
		if h.PausedUntil() != t0.Add(3*time.Second) {
			t.Errorf("local pause until +%v; want +3s", h.PausedUntil().Sub(t0))
		}
	})
}

func TestSharedErrors(t *testing.T) {
	down := errors.New("store down")
	tests := []struct {
		name     string
		setup    func(sh *memShared)
		maxPause time.Duration
		cancel   bool
		want     func(error) bool
	}{
		{"store error wrapped", func(sh *memShared) { sh.err = down }, 0, false,
			func(err error) bool {
				return errors.Is(err, down) && strings.Contains(err.Error(), "host hub: shared rate limit")
			}},
		{"shared pause beyond maxPause", func(sh *memShared) { sh.until = time.Now().Add(time.Hour) }, time.Minute, false,
			func(err error) bool { var pe *PauseError; return errors.As(err, &pe) && pe.Wait == time.Hour }},
		{"cancel while waiting for a shared token", func(sh *memShared) { sh.lim.SetLimit(1.0 / 3600); sh.lim.Allow() }, 0, true,
			func(err error) bool { return err == context.Canceled }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sh := newMemShared(100)
				tt.setup(sh)
				h := New("hub", Config{RPS: 100, Shared: sh}, nil)
				ctx, cancel := context.WithCancel(t.Context())
				done := acquireAsync(ctx, h, tt.maxPause)
				if tt.cancel {
					time.Sleep(time.Second)
					cancel()
				}
				t0 := time.Now()
				if r := <-done; !tt.want(r.err) || r.at != t0 {
					t.Fatalf("Acquire = %v at +%v; unexpected", r.err, r.at.Sub(t0))
				}
				cancel()
				if s := h.Stats(); s.InFlight != 0 || len(h.sem) != 0 || len(h.turn) != 0 {
					t.Fatalf("leaked slots: %+v sem=%d turn=%d", s, len(h.sem), len(h.turn))
				}
			})
		})
	}
}

// A failure to store a pause is logged; the local pause holds regardless.
func TestSharePauseFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sh := newMemShared(100)
		sh.err = errors.New("store down")
		log, buf := newLogger()
		h := New("hub", Config{RPS: 100, Shared: sh}, log)
		t0 := time.Now()
		h.PauseUntil(t0.Add(2 * time.Second))
		if !strings.Contains(buf.String(), `msg="shared pause not stored; other processes will not pause" host=hub`) {
			t.Errorf("failure not logged:\n%s", buf)
		}
		if h.PausedUntil() != t0.Add(2*time.Second) {
			t.Errorf("local pause lost")
		}
	})
}
