package limit

import (
	"fmt"
	"time"
)

// PauseUntil closes the host's cooldown gate until t: no request starts
// before t. The gate only moves later; an earlier t is ignored. Callers
// already waiting in Acquire are held back too. With Config.Shared the pause
// is stored there as well, before PauseUntil returns.
func (h *Host) PauseUntil(t time.Time) {
	h.mu.Lock()
	defer h.unlock()
	h.pauseLocked(time.Now(), t, "requested")
}

// PausedUntil returns the end of the current or last pause (zero if none).
func (h *Host) PausedUntil() time.Time {
	h.mu.Lock()
	defer h.unlock()
	return h.pauseUntil
}

// pauseLocked moves the gate to t if that is later, logging why, and marks
// it for Config.Shared unless it came from there. h.mu must be held.
func (h *Host) pauseLocked(now, t time.Time, why string) {
	if !t.After(h.pauseUntil) {
		return
	}
	if !now.Before(h.pauseUntil) {
		h.stats.Pauses++ // a new pause, not an extension
	}
	h.pauseUntil = t
	if h.cfg.Shared != nil && why != whyShared {
		h.share = t
	}
	h.log.Info("host paused", "host", h.name, "wait", t.Sub(now).Round(time.Millisecond), "until", t, "why", why)
	if h.onPause != nil {
		h.paused = append(h.paused, pauseEvent{now, t, why})
	}
	h.signalLocked()
}

// PauseError is returned by AcquireWithin when the host is paused for longer
// than the caller is willing to wait.
type PauseError struct {
	Host  string        // host name
	Until time.Time     // end of the pause
	Wait  time.Duration // time left in the pause when the caller gave up
	Max   time.Duration // the caller's limit
}

// Error says which host is paused, for how long, and the limit.
func (e *PauseError) Error() string {
	return fmt.Sprintf("host %s paused for %v more, longer than the %v allowed", e.Host, e.Wait.Round(time.Millisecond), e.Max)
}
