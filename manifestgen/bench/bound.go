package bench

import (
	"math"
	"time"
)

// allowance is what the client's ceiling and the server's limits allow one
// source: the inputs of its lower bound.
type allowance struct {
	requests    int           // requests that must succeed (distinct pages)
	latency     time.Duration // fixed server latency per request
	concurrency int           // client: requests in flight
	rps         float64       // client: token bucket refill per second; 0: none
	burst       int           // client: token bucket size
	bucketRate  float64       // server token bucket refill per second; 0: none
	bucketBurst int           // server token bucket size
	quota       int           // server fixed window: requests per period; 0: none
	period      time.Duration // server fixed window length
}

// lowerBound is the earliest time the last of a.requests can complete when
// every request succeeds at its first try and nothing but the limits and
// the latency takes time: each request starts, in order, as soon as the
// client's token bucket, its concurrency (a slot frees one latency after
// its start), the server's token bucket and the server's fixed window
// (windows start at the first request; the quota is used fully in each)
// all allow, and the last one completes one latency after its start.
func lowerBound(a allowance) time.Duration {
	if a.requests <= 0 {
		return 0
	}
	lat := a.latency.Seconds()
	client := newBucket(a.rps, a.burst)
	server := newBucket(a.bucketRate, a.bucketBurst)
	conc := max(a.concurrency, 1)
	starts := make([]float64, a.requests)
	t, window, used := 0.0, 0, 0
	for i := range starts {
		if i >= conc {
			t = max(t, starts[i-conc]+lat)
		}
		for {
			t0 := t
			t = client.earliest(t)
			t = server.earliest(t)
			if a.quota > 0 {
				w := int(math.Floor(t / a.period.Seconds()))
				if w != window {
					window, used = w, 0
				}
				if used >= a.quota {
					t = float64(window+1) * a.period.Seconds()
				}
			}
			if t == t0 {
				break
			}
		}
		client.take(t)
		server.take(t)
		used++
		starts[i] = t
	}
	return time.Duration(math.Round((starts[len(starts)-1] + lat) * float64(time.Second)))
}

// tokenBucket is a token bucket for lowerBound: full at time 0.
type tokenBucket struct {
	rate, size, tokens, at float64 // rate 0: no limit
}

func newBucket(rate float64, size int) *tokenBucket {
	s := float64(max(size, 1))
	return &tokenBucket{rate: rate, size: s, tokens: s}
}

// earliest returns the first time >= t at which a token is available.
func (b *tokenBucket) earliest(t float64) float64 {
	if b.rate <= 0 {
		return t
	}
	if tok := min(b.size, b.tokens+(t-b.at)*b.rate); tok < 1 {
		return t + (1-tok)/b.rate
	}
	return t
}

// take removes a token at t, which earliest allowed.
func (b *tokenBucket) take(t float64) {
	if b.rate <= 0 {
		return
	}
	b.tokens = min(b.size, b.tokens+(t-b.at)*b.rate) - 1
	b.at = t
}
