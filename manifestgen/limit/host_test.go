package limit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestConfigDefaults(t *testing.T) {
	tests := []struct {
		in, want Config
	}{
		{Config{}, Config{Concurrency: 1, RPS: 1, Burst: 1, MinRPS: 0.05, Decrease: 0.5, RecoverAfter: 20, RecoverStep: 0.1}},
		{Config{Concurrency: 4, RPS: 10, Burst: 3, MinRPS: 2, Decrease: 0.7, RecoverAfter: 5, RecoverStep: 1},
			Config{Concurrency: 4, RPS: 10, Burst: 3, MinRPS: 2, Decrease: 0.7, RecoverAfter: 5, RecoverStep: 1}},
		{Config{RPS: 2, MinRPS: 5, Decrease: 1.5}, Config{Concurrency: 1, RPS: 2, Burst: 1, MinRPS: 2, Decrease: 0.5, RecoverAfter: 20, RecoverStep: 0.2}},
		{Config{Concurrency: -1, RPS: -1, Burst: -1, MinRPS: -1, Decrease: -1, RecoverAfter: -1, RecoverStep: -1},
			Config{Concurrency: 1, RPS: 1, Burst: 1, MinRPS: 0.05, Decrease: 0.5, RecoverAfter: 20, RecoverStep: 0.1}},
	}
	for _, tt := range tests {
		if got := New("h", tt.in, nil).Config(); got != tt.want {
			t.Errorf("New(%+v).Config() = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}

// mustAcquire acquires or fails the test.
func mustAcquire(t *testing.T, h *Host) func() {
	t.Helper()
	release, err := h.Acquire(t.Context())
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	return release
}

// acquireAsync acquires in a goroutine and reports when it was admitted.
func acquireAsync(ctx context.Context, h *Host, maxPause time.Duration) <-chan result {
	ch := make(chan result, 1)
	go func() {
		release, err := h.AcquireWithin(ctx, maxPause)
		if release != nil {
			release()
		}
		ch <- result{time.Now(), err}
	}()
	return ch
}

type result struct {
	at  time.Time
	err error
}

func TestPauseUntil(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New("h", Config{RPS: 100}, nil)
		t0 := time.Now()
		h.PauseUntil(t0.Add(10 * time.Second))
		h.PauseUntil(t0.Add(5 * time.Second)) // earlier: ignored
		if got := h.PausedUntil(); !got.Equal(t0.Add(10 * time.Second)) {
			t.Fatalf("PausedUntil = %v; want t0+10s", got.Sub(t0))
		}
		mustAcquire(t, h)()
		if d := time.Since(t0); d != 10*time.Second {
			t.Fatalf("admitted after %v; want 10s", d)
		}

		// Extended while a caller waits: the caller waits for the new end.
		t1 := time.Now()
		h.PauseUntil(t1.Add(5 * time.Second))
		done := acquireAsync(t.Context(), h, 0)
		time.Sleep(3 * time.Second)
		h.PauseUntil(t1.Add(20 * time.Second))
		if r := <-done; r.err != nil || r.at.Sub(t1) != 20*time.Second {
			t.Fatalf("admitted after %v (%v); want 20s", r.at.Sub(t1), r.err)
		}
		if s := h.Stats(); s.Pauses != 2 || s.Started != 2 || s.InFlight != 0 {
			t.Fatalf("Stats = %+v; want 2 pauses, 2 started, 0 in flight", s)
		}
	})
}

func TestAcquireWithin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New("h", Config{RPS: 100}, nil)
		t0 := time.Now()
		h.PauseUntil(t0.Add(time.Hour))
		_, err := h.AcquireWithin(t.Context(), time.Minute)
		var pe *PauseError
		if !errors.As(err, &pe) || pe.Wait != time.Hour || pe.Max != time.Minute || time.Since(t0) != 0 {
			t.Fatalf("AcquireWithin = %v after %v; want an immediate PauseError", err, time.Since(t0))
		}
		if !strings.Contains(err.Error(), "paused for 1h0m0s more, longer than the 1m0s allowed") {
			t.Errorf("message: %v", err)
		}

		// A pause extended beyond the limit while waiting fails the waiter then.
		time.Sleep(time.Hour)
		t1 := time.Now()
		h.PauseUntil(t1.Add(30 * time.Second))
		done := acquireAsync(t.Context(), h, time.Minute)
		time.Sleep(10 * time.Second)
		h.PauseUntil(t1.Add(2 * time.Hour))
		if r := <-done; !errors.As(r.err, &pe) || r.at.Sub(t1) != 10*time.Second {
			t.Fatalf("waiter: %v after %v; want PauseError after 10s", r.err, r.at.Sub(t1))
		}
		// Failed callers gave back their slot (Concurrency 1).
		time.Sleep(2 * time.Hour)
		mustAcquire(t, h)()
	})
}

func TestCancelWhileWaiting(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, h *Host) (cleanup func())
	}{
		{"in pause", func(t *testing.T, h *Host) func() {
			h.PauseUntil(time.Now().Add(time.Hour))
			return func() {}
		}},
		{"for a token", func(t *testing.T, h *Host) func() {
			h.lim.SetLimit(1.0 / 3600) // a token an hour
			mustAcquire(t, h)()        // takes the only one
			return func() {}
		}},
		{"for a slot", func(t *testing.T, h *Host) func() {
			return mustAcquire(t, h)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := New("h", Config{RPS: 1, MinRPS: 1.0 / 7200}, nil)
				cleanup := tt.setup(t, h)
				ctx, cancel := context.WithCancel(t.Context())
				done := acquireAsync(ctx, h, 0)
				done2 := acquireAsync(ctx, h, 0) // queued behind the first
				time.Sleep(time.Second)
				t0 := time.Now()
				cancel()
				for _, ch := range []<-chan result{done, done2} {
					if r := <-ch; !errors.Is(r.err, context.Canceled) || r.at != t0 {
						t.Fatalf("Acquire = %v at +%v; want Canceled at once", r.err, r.at.Sub(t0))
					}
				}
				cleanup()
				if s := h.Stats(); s.InFlight != 0 || len(h.sem) != 0 || len(h.turn) != 0 {
					t.Fatalf("leaked slots: %+v sem=%d turn=%d", s, len(h.sem), len(h.turn))
				}
				if _, err := h.Acquire(ctx); !errors.Is(err, context.Canceled) {
					t.Fatalf("Acquire with a done ctx = %v", err)
				}
			})
		})
	}
}
