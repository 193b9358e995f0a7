package fetch

import (
	"testing"
	"time"
)

func TestPolicyDefaults(t *testing.T) {
	got := Policy{}.withDefaults()
	want := Policy{MaxAttempts: 5, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second,
		AttemptTimeout: 30 * time.Second, MaxServerWait: time.Minute}
	if got != want {
		t.Errorf("Policy{}.withDefaults() = %+v; want %+v", got, want)
	}
	set := Policy{MaxAttempts: 2, BaseDelay: 1, MaxDelay: 2, AttemptTimeout: 3, Deadline: 4, MaxServerWait: 5}
	if got := set.withDefaults(); got != set {
		t.Errorf("set policy changed: %+v", got)
	}
}

func TestBackoffCeiling(t *testing.T) {
	const base, maxD = 500 * time.Millisecond, 30 * time.Second
	tests := []struct {
		retry int
		want  time.Duration
	}{
		{0, 500 * time.Millisecond}, {1, 500 * time.Millisecond}, {2, time.Second}, {3, 2 * time.Second},
		{4, 4 * time.Second}, {5, 8 * time.Second}, {6, 16 * time.Second}, {7, 30 * time.Second},
		{8, 30 * time.Second}, {1000, 30 * time.Second},
	}
	for _, tt := range tests {
		if got := BackoffCeiling(tt.retry, base, maxD); got != tt.want {
			t.Errorf("BackoffCeiling(%d) = %v; want %v", tt.retry, got, tt.want)
		}
	}
	if got := BackoffCeiling(3, time.Second, 500*time.Millisecond); got != 500*time.Millisecond {
		t.Errorf("base above max: %v", got)
	}
}

func TestFullJitterBounds(t *testing.T) {
	const base, maxD = 500 * time.Millisecond, 30 * time.Second
	for retry := 1; retry <= 8; retry++ {
		ceil := BackoffCeiling(retry, base, maxD)
		lo, hi := ceil, time.Duration(0)
		for range 2000 {
			d := FullJitter(retry, base, maxD)
			if d < 0 || d > ceil {
				t.Fatalf("FullJitter(%d) = %v outside [0, %v]", retry, d, ceil)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		// Full jitter spreads over the whole range (each bound fails with
		// probability 0.9^2000).
		if lo > ceil/10 || hi < ceil*9/10 {
			t.Errorf("retry %d: samples span [%v, %v] of [0, %v]; want the whole range", retry, lo, hi, ceil)
		}
	}
	if d := FullJitter(1, 0, 0); d != 0 {
		t.Errorf("zero base: %v", d)
	}
}
