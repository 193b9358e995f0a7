package limit

import (
	"time"

	"golang.org/x/time/rate"
)

// Stats is a snapshot of a host's pacing, for progress bars and summaries.
type Stats struct {
	Host        string
	Rate        float64       // current request starts per second
	Ceiling     float64       // configured RPS
	PausedUntil time.Time     // end of the current or last pause; zero if never paused
	InFlight    int           // requests admitted and not yet released
	MaxInFlight int           // most requests in flight at once
	Started     int64         // requests admitted
	Waited      time.Duration // total time callers spent in Acquire before admission
	Pauses      int           // pauses started (extensions not counted)
	Slowdowns   int           // rate decreases
	Speedups    int           // rate increases
	Learned     float64       // the server's rate as learned from its last 429 (learn.go); 0: none
}

// Adaptations returns the number of rate changes.
func (s Stats) Adaptations() int { return s.Slowdowns + s.Speedups }

// Rate returns the current rate in request starts per second.
func (h *Host) Rate() float64 {
	h.mu.Lock()
	defer h.unlock()
	h.expireLocked(time.Now())
	return h.rate
}

// Stats returns a snapshot of the host's counters.
func (h *Host) Stats() Stats {
	h.mu.Lock()
	defer h.unlock()
	h.expireLocked(time.Now())
	s := h.stats
	s.Host = h.name
	s.Rate = h.rate
	s.Ceiling = h.cfg.RPS
	s.PausedUntil = h.pauseUntil
	return s
}

func rateLimit(r float64) rate.Limit { return rate.Limit(r) }
