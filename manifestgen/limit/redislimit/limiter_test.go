package redislimit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestIdentity(t *testing.T) {
	tests := []struct{ token, want string }{
		{"", "anon"},
		{"hf_abc", Identity("hf_abc")},
	}
	for _, tt := range tests {
		if got := Identity(tt.token); got != tt.want {
			t.Errorf("Identity(%q) = %q; want %q", tt.token, got, tt.want)
		}
	}
	a, b := Identity("hf_secret_token_1"), Identity("hf_secret_token_2")
	if len(a) != 16 || a == b || strings.Contains(a, "secret") || a == Anonymous {
		t.Errorf("Identity: %q, %q; want 16 distinct hex digits", a, b)
	}
}

func TestParseFailPolicy(t *testing.T) {
	tests := []struct {
		in      string
		want    FailPolicy
		wantErr bool
	}{
		{"", FailLocal, false},
		{"local", FailLocal, false},
		{" Closed ", FailClosed, false},
		{"open", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseFailPolicy(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseFailPolicy(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && got.String() != strings.ToLower(strings.TrimSpace(tt.in)) && tt.in != "" {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
}

func TestNewOptions(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled
	defer client.Close()
	tests := []struct {
		name    string
		in      Options
		want    Options
		wantErr string
	}{
		{"defaults", Options{Host: "h", RPS: 8},
			Options{Host: "h", Identity: "anon", RPS: 8, Burst: 1, FallbackRPS: 2, Timeout: DefaultTimeout, Recheck: DefaultRecheck, Prefix: DefaultPrefix}, ""},
		{"kept", Options{Host: "h", Identity: "id", RPS: 0.5, Burst: 3, Fail: FailClosed, FallbackRPS: 0.1, Timeout: time.Second, Recheck: time.Minute, Prefix: "p"},
			Options{Host: "h", Identity: "id", RPS: 0.5, Burst: 3, Fail: FailClosed, FallbackRPS: 0.1, Timeout: time.Second, Recheck: time.Minute, Prefix: "p"}, ""},
		{"no host", Options{RPS: 1}, Options{}, "empty host"},
		{"no rate", Options{Host: "h"}, Options{}, "rate 0: want > 0"},
		{"bad policy", Options{Host: "h", RPS: 1, Fail: 7}, Options{}, "unknown fail policy 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := New(client, tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New = %v; want error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := l.Options()
			got.Logger = nil
			if got != tt.want {
				t.Errorf("Options = %+v; want %+v", got, tt.want)
			}
		})
	}
	if _, err := New(nil, Options{Host: "h", RPS: 1}); err == nil {
		t.Error("New(nil client) succeeded")
	}
}

// Quotas of different identities are separate; the same identity shares
// one; keys are namespaced and expire by themselves.
func TestKeys(t *testing.T) {
	srv := startRedis(t, "")
	rc := client(t, srv)
	ctx := t.Context()
	mk := func(id string) *Limiter {
		l, err := New(rc, Options{Host: "huggingface.co", Identity: id, RPS: 2, Fail: FailClosed})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	a, a2, b := mk("aaaa"), mk("aaaa"), mk(Anonymous)
	rk, pk := a.Keys()
	if rk != "rate:manifestgen:limit:huggingface.co:aaaa:rate" || pk != "manifestgen:limit:huggingface.co:aaaa:pause" {
		t.Errorf("Keys = %q, %q", rk, pk)
	}
	start := time.Now()
	for _, l := range []*Limiter{a, b} {
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("first tokens of two identities took %v; want no wait", d)
	}
	if err := a2.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 450*time.Millisecond || d > 900*time.Millisecond {
		t.Errorf("second token of one identity at 2/s after %v; want ~500ms", d)
	}
	if ttl := rc.PTTL(ctx, rk).Val(); ttl <= 0 || ttl > 2*time.Second {
		t.Errorf("rate key TTL %v; want it to expire within a second or so", ttl)
	}
}

// The shared pause only moves later, counts on Redis's clock, and ignores
// a past time.
func TestPauseKey(t *testing.T) {
	srv := startRedis(t, "")
	l, err := New(client(t, srv), Options{Host: "hub.test", RPS: 1, Fail: FailClosed})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if u, err := l.PausedUntil(ctx); err != nil || !u.IsZero() {
		t.Fatalf("PausedUntil before any pause = %v, %v; want zero", u, err)
	}
	now := time.Now()
	steps := []struct {
		until time.Time
		want  time.Duration // from now
	}{
		{now.Add(-time.Second), 0},
		{now.Add(3 * time.Second), 3 * time.Second},
		{now.Add(time.Second), 3 * time.Second},
		{now.Add(5 * time.Second), 5 * time.Second},
	}
	for i, s := range steps {
		if err := l.PauseUntil(ctx, s.until); err != nil {
			t.Fatal(err)
		}
		u, err := l.PausedUntil(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got time.Duration
		if !u.IsZero() {
			got = u.Sub(now)
		}
		if got < s.want || got > s.want+100*time.Millisecond {
			t.Errorf("step %d: paused until +%v; want +%v (never earlier)", i, got, s.want)
		}
	}
}

// A caller's ended context is its own error, not an outage, even under
// FailLocal; it does not switch to the fallback.
func TestWaitContext(t *testing.T) {
	srv := startRedis(t, "")
	l, err := New(client(t, srv), Options{Host: "hub.test", RPS: 1.0 / 60})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx); err != context.DeadlineExceeded || l.Degraded() {
		t.Errorf("Wait = %v, Degraded %v; want DeadlineExceeded, false", err, l.Degraded())
	}
}
