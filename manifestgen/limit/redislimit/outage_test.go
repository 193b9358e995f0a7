package redislimit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// Redis killed or frozen mid-run: FailClosed fails the next Acquire
// promptly with an error naming the address and not the password;
// FailLocal goes on at the fallback rate, warns once, and returns to Redis
// when it is back.
func TestRedisDown(t *testing.T) {
	const (
		password = "down-secret"
		rps      = 50.0
		fallback = 10.0
		timeout  = 200 * time.Millisecond
		recheck  = time.Second // each try may take a timeout from the fallback
	)
	tests := []struct {
		name   string
		fail   FailPolicy
		freeze bool // SIGSTOP (no answer) rather than SIGKILL (refused)
	}{
		{"closed/killed", FailClosed, false},
		{"closed/frozen", FailClosed, true},
		{"local/killed", FailLocal, false},
		{"local/frozen", FailLocal, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startRedis(t, password)
			log, buf := newLogger()
			shared, err := New(client(t, srv), Options{Host: "hub.test", RPS: rps, Fail: tt.fail, FallbackRPS: fallback,
				Timeout: timeout, Recheck: recheck, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			h := limit.New("hub.test", limit.Config{RPS: rps, Shared: shared}, log)
			acquire := func() error {
				release, err := h.Acquire(t.Context())
				if err == nil {
					release()
				}
				return err
			}
			for range 10 {
				if err := acquire(); err != nil {
					t.Fatalf("before the outage: %v", err)
				}
			}
			if tt.freeze {
				srv.Freeze()
			} else {
				srv.Kill()
			}
			down := time.Now()

			if tt.fail == FailClosed {
				err := acquire()
				took := time.Since(down)
				var ue *UnavailableError
				if !errors.As(err, &ue) || ue.Addr != srv.Addr() || took > timeout+500*time.Millisecond {
					t.Fatalf("Acquire = %v after %v; want an UnavailableError for %s within ~%v", err, took, srv.Addr(), timeout)
				}
				t.Logf("FailClosed after %v: %v", took.Round(time.Millisecond), err)
				if !contains(err.Error(), "redis at "+srv.Addr()+" unavailable") || contains(err.Error(), password) {
					t.Errorf("error %q: want the address, not the password", err)
				}
				if err := acquire(); !errors.As(err, &ue) {
					t.Errorf("second Acquire = %v; want an UnavailableError again", err)
				}
				return
			}

			// FailLocal: on at the fallback rate for 2.5 s.
			n := 0
			for time.Since(down) < 2500*time.Millisecond {
				if err := acquire(); err != nil {
					t.Fatalf("FailLocal Acquire: %v", err)
				}
				n++
			}
			d := time.Since(down).Seconds()
			t.Logf("FailLocal: %d starts in %.2f s during the outage (%.1f/s; fallback %v/s, shared %v/s)", n, d, float64(n)/d, fallback, rps)
			if float64(n) > fallback*d+2 || float64(n) < fallback*d/2 {
				t.Errorf("%d starts in %.2f s; want about %v/s", n, d, fallback)
			}
			logs := buf.String()
			if c := strings.Count(logs, "SHARED RATE LIMIT UNAVAILABLE"); c != 1 || contains(logs, password) {
				t.Errorf("%d warnings (want 1), password logged: %v\n%s", c, contains(logs, password), logs)
			}
			if !shared.Degraded() {
				t.Error("Degraded = false during the outage")
			}

			// Back: the Limiter returns to Redis within a recheck or two.
			if tt.freeze {
				srv.Thaw()
			} else {
				srv.Restart()
			}
			back := time.Now()
			for shared.Degraded() && time.Since(back) < 3*time.Second {
				if err := acquire(); err != nil {
					t.Fatal(err)
				}
			}
			if shared.Degraded() || !contains(buf.String(), "shared rate limit restored") {
				t.Fatalf("not restored %v after Redis came back:\n%s", time.Since(back), buf)
			}
			t.Logf("restored %v after Redis came back", time.Since(back).Round(time.Millisecond))
			start := time.Now()
			for range 20 {
				if err := acquire(); err != nil {
					t.Fatal(err)
				}
			}
			if r := 19 / time.Since(start).Seconds(); r < 2*fallback {
				t.Errorf("%.1f/s after the outage; want the shared %v/s again", r, rps)
			}
		})
	}
}
