package limit

import (
	"fmt"
	"net/http"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/hints"
)

// Observation is what the host learned from one attempt.
type Observation struct {
	Time   time.Time   // when the response (or error) arrived; zero: now
	Status int         // HTTP status, 0 on a transport error
	Header http.Header // response headers, nil on a transport error

	// Start is when the request started; zero if unknown. A 429 for a
	// request that started before the last slow-down does not slow down
	// again: it was sent at the old rate.
	Start time.Time
	// Permanent marks a failure that pacing cannot fix, such as CivitAI's
	// page-mode cap (a 429 that is not a throttle): it never slows the host.
	Permanent bool
}

// Observe feeds the outcome of one attempt to the limiter:
//   - Retry-After on a 429 or 503, or a RateLimit quota of 0 on any
//     response, pauses the whole host until the server's time;
//   - a RateLimit quota that would run out before its reset at the current
//     rate lowers the rate so that it lasts, until the reset;
//   - a 429 without such hints multiplies the rate by Config.Decrease, and
//     Config.RecoverAfter successes in a row add Config.RecoverStep back.
//
// The rate stays within [MinRPS, RPS]; every change is logged at Info.
func (h *Host) Observe(o Observation) {
	now := o.Time
	if now.IsZero() {
		now = time.Now()
	}
	h.mu.Lock()
	defer h.unlock()
	h.expireLocked(now)

	throttle := o.Status == http.StatusTooManyRequests || o.Status == http.StatusServiceUnavailable
	hinted := false
	if throttle {
		if ra, ok := hints.ParseRetryAfter(o.Header.Get("Retry-After"), now); ok {
			h.pauseLocked(now, now.Add(ra), fmt.Sprintf("%d with Retry-After", o.Status))
			hinted = true
		}
	}
	if q, ok := hints.ParseQuota(o.Header, now); ok {
		if q.Remaining == 0 {
			h.pauseLocked(now, now.Add(q.Reset+hints.ResetSlack), "quota exhausted (r=0)")
			hinted = true
		} else {
			h.paceLocked(now, q)
		}
	}

	switch {
	case o.Status == http.StatusTooManyRequests && !o.Permanent:
		h.successes = 0
		if !hinted && (o.Start.IsZero() || !o.Start.Before(h.lastDrop)) {
			h.lastDrop = now
			h.aimd = max(h.aimd*h.cfg.Decrease, h.cfg.MinRPS)
			h.applyLocked(now, "429 without Retry-After or RateLimit")
		}
	case o.Status >= 200 && o.Status < 400:
		h.successes++
		if h.successes >= h.cfg.RecoverAfter && h.aimd < h.cfg.RPS {
			h.successes = 0
			h.aimd = min(h.aimd+h.cfg.RecoverStep, h.cfg.RPS)
			h.applyLocked(now, fmt.Sprintf("%d successes in a row", h.cfg.RecoverAfter))
		}
	case o.Status == 0 || o.Status >= 500:
		h.successes = 0
	}
}

// paceLocked lowers the rate so that q lasts until its reset, or lifts a
// previous pacing when the quota suffices at the unpaced rate. Within one
// window the pace only goes down, and only by more than paceHysteresis, so
// that the coarse (whole-second) t does not change the rate per response; a
// new window sets it afresh.
func (h *Host) paceLocked(now time.Time, q hints.Quota) {
	if q.Reset <= 0 {
		return
	}
	secs := q.Reset.Seconds()
	if h.aimd*secs <= float64(q.Remaining) {
		if h.paced > 0 {
			h.paced = 0
			h.applyLocked(now, fmt.Sprintf("quota %d requests left for %v suffices", q.Remaining, q.Reset))
		}
		return
	}
	need := float64(q.Remaining) / secs
	resetAt := now.Add(q.Reset)
	sameWindow := h.paced > 0 && !resetAt.After(h.pacedUntil.Add(windowSlack))
	if sameWindow {
		h.pacedUntil = later(h.pacedUntil, resetAt)
		if need >= h.paced*(1-paceHysteresis) {
			return
		}
	} else {
		h.pacedUntil = resetAt
	}
	h.paced = need
	h.applyLocked(now, fmt.Sprintf("quota %d requests left for %v", q.Remaining, q.Reset))
}

// windowSlack is how much later a reported reset may fall and still be the
// same window: servers round t up to whole seconds.
const windowSlack = 1500 * time.Millisecond

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// paceHysteresis is the relative drop of the quota-derived rate below which
// the current pace is kept.
const paceHysteresis = 0.1

// expireLocked lifts quota pacing once its window has reset.
func (h *Host) expireLocked(now time.Time) {
	if h.paced > 0 && !now.Before(h.pacedUntil) {
		h.paced = 0
		h.applyLocked(now, "quota window reset")
	}
}

// applyLocked sets the rate to the lowest of AIMD and quota pacing, within
// [MinRPS, RPS]. A slower rate also drops the tokens earned at the old one,
// so the next start is a full new interval away.
func (h *Host) applyLocked(now time.Time, why string) {
	r := h.aimd
	if h.paced > 0 {
		r = min(r, h.paced)
	}
	r = min(max(r, h.cfg.MinRPS), h.cfg.RPS)
	if r == h.rate {
		return
	}
	old := h.rate
	h.rate = r
	h.lim.SetLimitAt(now, rateLimit(r))
	if r < old {
		h.drainLocked(now)
		h.stats.Slowdowns++
	} else {
		h.stats.Speedups++
	}
	h.log.Info("rate changed", "host", h.name, "from", round(old), "to", round(r), "why", why)
	if h.onRate != nil {
		h.pending = append(h.pending, rateEvent{now, r})
	}
	h.signalLocked()
}

// drainLocked empties the bucket of whole and partial tokens (a deficit is
// kept): setting the burst to 0 clips the tokens to 0 on the next update.
func (h *Host) drainLocked(now time.Time) {
	h.lim.SetBurstAt(now, 0)
	h.lim.SetBurstAt(now, h.cfg.Burst)
}

// round keeps three decimals for logs.
func round(r float64) float64 {
	return float64(int64(r*1000+0.5)) / 1000
}
