package limit

import (
	"fmt"
	"math"
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
//     response, pauses the whole host until the server's time (with
//     Config.Shared, every process sharing it);
//   - a RateLimit quota is spread over the rest of its window: the rate is
//     lowered so that the quota lasts until the reset, and the host pauses
//     until the reset rather than spend the quota's last unit (paceLocked);
//   - a 429 that no exhausted quota explains sets the rate to the one the
//     server was seen to accept (see learn.go), at most maxLearnedShare of
//     the refused rate; when fewer than two accepted requests tell, a 429
//     without hints multiplies the rate by Config.Decrease, and a 429 with
//     Retry-After does so by retryAfterDecrease when its request started
//     after an earlier pause had ended (pausing alone was not enough);
//   - Config.RecoverAfter successes in a row add Config.RecoverStep back,
//     or probeShare of the learned rate once a rate was learned.
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
	retryAfter, quotaOut := false, false
	// A request started after an earlier pause ended: if it is refused too,
	// the pause was not enough and the pace itself is too fast.
	afterPause := !h.pauseUntil.IsZero() && !o.Start.IsZero() && !o.Start.Before(h.pauseUntil)
	if throttle {
		if ra, ok := hints.ParseRetryAfter(o.Header.Get("Retry-After"), now); ok {
			h.pauseLocked(now, now.Add(ra), fmt.Sprintf("%d with Retry-After", o.Status))
			retryAfter = true
		}
	}
	if q, ok := hints.ParseQuota(o.Header, now); ok {
		if q.Remaining == 0 {
			h.pauseLocked(now, now.Add(q.Reset+hints.ResetSlack), "quota exhausted (r=0)")
			quotaOut = true
		} else {
			h.paceLocked(now, q)
		}
	}

	switch {
	case o.Status == http.StatusTooManyRequests && !o.Permanent:
		h.successes = 0
		if quotaOut || (!o.Start.IsZero() && o.Start.Before(h.lastDrop)) {
			break // the quota explains it, or it was sent at the old rate
		}
		s := o.Start
		if s.IsZero() {
			s = now
		}
		learned, why, ok := h.learnLocked(s)
		h.lastEmpty = s
		switch {
		case ok:
			h.lastDrop = now
			h.aimd = max(min(learned, h.rate*maxLearnedShare), h.cfg.MinRPS)
			h.learned = h.aimd
			h.stats.Learned = h.learned
			h.applyLocked(now, why)
		case !retryAfter || afterPause:
			h.lastDrop = now
			factor, why := h.cfg.Decrease, "429 without Retry-After or RateLimit"
			if retryAfter {
				factor, why = retryAfterDecrease, "429 with Retry-After again after a pause"
			}
			h.aimd = max(h.aimd*factor, h.cfg.MinRPS)
			h.applyLocked(now, why)
		}
	case o.Status >= 200 && o.Status < 400:
		h.acceptLocked(o.Start)
		h.successes++
		if h.successes >= h.cfg.RecoverAfter && h.aimd < h.cfg.RPS {
			h.successes = 0
			step, why := h.cfg.RecoverStep, fmt.Sprintf("%d successes in a row", h.cfg.RecoverAfter)
			if h.learned > 0 {
				step = h.learned * probeShare
				why = fmt.Sprintf("%d successes in a row: probing above the learned %v/s", h.cfg.RecoverAfter, round(h.learned))
			}
			h.aimd = min(h.aimd+step, h.cfg.RPS)
			h.applyLocked(now, why)
		}
	case o.Status >= 400 && o.Status < 500:
		h.acceptLocked(o.Start) // answered: it took one of the server's tokens
	case o.Status == 0 || o.Status >= 500:
		h.successes = 0
	}
}

// paceLocked spreads the quota q over what is left of its window: the
// requests this host may still start in the window (q.Remaining less those
// in flight, which will consume it) at an even rate until the reset, or no
// pacing when the current rate cannot use them up before then. With
// quotaReserve or fewer left it pauses until the reset instead of spending
// the last unit, so that it does not run into r=0, whose pause adds
// hints.ResetSlack to the reset.
//
// The reset is estimated from every response of the window: servers round t
// to whole seconds, so each response's now+t is an upper bound of the reset
// (t rounded up, as RFC 9110 delta-seconds suggest) and the smallest seen in
// the window is the tightest (Host.pacedUntil, kept while pacing is lifted).
// A reported reset more than windowSlack past the estimate, or any after
// it, starts a new window. Within a window the pace changes only by more
// than paceHysteresis, so that it does not change per response.
func (h *Host) paceLocked(now time.Time, q hints.Quota) {
	if q.Reset <= 0 {
		return
	}
	resetAt := now.Add(q.Reset)
	sameWindow := now.Before(h.pacedUntil) && !resetAt.After(h.pacedUntil.Add(windowSlack))
	if sameWindow {
		resetAt = earlier(h.pacedUntil, resetAt)
	}
	h.pacedUntil = resetAt // kept when pacing is lifted, for the rest of the window
	left := q.Remaining - h.stats.InFlight
	if left <= quotaReserve {
		h.pauseLocked(now, resetAt, fmt.Sprintf("quota %d requests left, %d in flight", q.Remaining, h.stats.InFlight))
		return
	}
	secs := resetAt.Sub(now).Seconds()
	if h.aimd*secs <= float64(left) {
		if h.paced > 0 {
			h.paced = 0
			h.applyLocked(now, fmt.Sprintf("quota %d requests left for %v suffices", q.Remaining, q.Reset))
		}
		return
	}
	need := float64(left) / secs
	if h.paced > 0 && sameWindow && math.Abs(need-h.paced) <= h.paced*paceHysteresis {
		return
	}
	h.paced = need
	h.applyLocked(now, fmt.Sprintf("quota %d requests left for %v", q.Remaining, resetAt.Sub(now).Round(time.Millisecond)))
}

// retryAfterDecrease is the factor applied to the rate on a 429 with
// Retry-After that follows an earlier pause. The pause lets the server's
// budget refill, so the rate only has to come down to the server's
// sustained rate, not below it: a gentler cut than Config.Decrease's (0.7,
// as TCP CUBIC's) keeps the average closer to that rate.
const retryAfterDecrease = 0.7

// quotaReserve is how many units of a RateLimit quota the host leaves
// unspent in each window.
const quotaReserve = 1

// windowSlack is how much later a reported reset may fall and still be the
// same window: servers round t up to whole seconds.
const windowSlack = 1500 * time.Millisecond

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// paceHysteresis is the relative change of the quota-derived rate within
// which the current pace is kept.
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
