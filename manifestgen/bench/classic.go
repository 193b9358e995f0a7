package bench

import (
	"sync"
	"time"
)

// Parameters of the classic hand-made limiter.
const (
	classicInFlight = 3
	classicSpacing  = 100 * time.Millisecond
	classicPoll     = time.Millisecond
)

// classicLimiter re-implements the classic script's limiter faithfully: at
// most 3 requests in flight and at least 100 ms between two starts, by a
// busy-wait loop that polls every millisecond. It has no context, no
// fairness and no notion of the server's answers.
type classicLimiter struct {
	mu       sync.Mutex
	inFlight int
	last     time.Time
}

// acquire blocks until a request may start and returns its release.
func (c *classicLimiter) acquire() (release func()) {
	for {
		c.mu.Lock()
		if c.inFlight < classicInFlight && time.Since(c.last) >= classicSpacing {
			c.inFlight++
			c.last = time.Now()
			c.mu.Unlock()
			return c.release
		}
		c.mu.Unlock()
		time.Sleep(classicPoll)
	}
}

func (c *classicLimiter) release() {
	c.mu.Lock()
	c.inFlight--
	c.mu.Unlock()
}
