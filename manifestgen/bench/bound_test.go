package bench

import (
	"testing"
	"time"
)

func TestLowerBound(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		a    allowance
		want time.Duration
	}{
		{"nothing to do", allowance{}, 0},
		{"one request: the latency", allowance{requests: 1, latency: 50 * ms, rps: 10, burst: 1}, 50 * ms},
		{"client rate", allowance{requests: 16, latency: 50 * ms, concurrency: 3, rps: 10, burst: 1}, 1550 * ms},
		{"client burst", allowance{requests: 16, latency: 50 * ms, concurrency: 8, rps: 10, burst: 6}, 1050 * ms},
		{"concurrency", allowance{requests: 10, latency: time.Second, concurrency: 2}, 5 * time.Second},
		{"server bucket below the client", allowance{requests: 100, latency: 50 * ms, concurrency: 3, rps: 10, burst: 1, bucketRate: 5, bucketBurst: 5}, 19050 * ms},
		{"fixed window, quota used in full", allowance{requests: 100, latency: 50 * ms, concurrency: 3, rps: 10, burst: 1, quota: 30, period: 5 * time.Second}, 15950 * ms},
		// 8 at once, 3 more when the slots free at 100 ms, then one per
		// 1/33.3 s: the 2,000th starts at 1,992/33.3 s.
		{"slots bind once", allowance{requests: 12, latency: 100 * ms, concurrency: 8, rps: 33.3, burst: 8}, 220120120 * time.Nanosecond},
		{"2,000 pages at 33.3 req/s", allowance{requests: 2000, latency: 100 * ms, concurrency: 8, rps: 33.3, burst: 8}, 59919819820 * time.Nanosecond},
		// The client bucket refills to its size only: 3 at once per window.
		{"window with a client burst", allowance{requests: 7, concurrency: 3, rps: 1, burst: 3, quota: 3, period: 10 * time.Second}, 20 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lowerBound(tt.a); got != tt.want {
				t.Errorf("lowerBound = %v; want %v", got, tt.want)
			}
		})
	}
}
