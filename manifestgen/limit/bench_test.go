package limit

import (
	"testing"
)

// BenchmarkAcquire measures the limiter's own overhead: a rate so high that
// no caller ever waits for a token.
func BenchmarkAcquire(b *testing.B) {
	h := New("bench", Config{Concurrency: 64, RPS: 1e12, Burst: 1 << 20}, nil)
	ctx := b.Context()
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			release, err := h.Acquire(ctx)
			if err != nil {
				b.Fatal(err)
			}
			release()
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				release, err := h.Acquire(ctx)
				if err != nil {
					b.Fatal(err)
				}
				release()
			}
		})
	})
}
