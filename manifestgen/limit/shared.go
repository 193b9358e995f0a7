package limit

import (
	"context"
	"fmt"
	"time"
)

// Shared is a gate that several processes pass together: one rate and one
// pause for all the processes that share a host's quota (same host, same
// token). The redislimit package implements it on Redis. Its methods must be
// safe for concurrent use; a Host calls them without holding its own lock.
type Shared interface {
	// Wait blocks until one shared rate token is granted or ctx ends.
	Wait(ctx context.Context) error
	// PausedUntil returns the end of the shared pause; a zero or past time
	// means none.
	PausedUntil(ctx context.Context) (time.Time, error)
	// PauseUntil pauses every process until t, unless a later shared pause
	// is already set.
	PauseUntil(ctx context.Context, t time.Time) error
}

// whyShared is the log reason of a pause learned from Config.Shared.
const whyShared = "shared pause"

// passShared takes one shared token and then reads the shared pause. It
// returns held = true when the caller may start once the local bucket
// allows; false when the host is now paused (the token is stale after the
// pause: the caller takes a fresh one). It returns ctx's error unwrapped.
func (h *Host) passShared(ctx context.Context) (held bool, err error) {
	sh := h.cfg.Shared
	if err := sh.Wait(ctx); err != nil {
		return false, h.sharedErr(ctx, "rate", err)
	}
	until, err := sh.PausedUntil(ctx)
	if err != nil {
		return false, h.sharedErr(ctx, "pause", err)
	}
	now := time.Now()
	if !until.After(now) {
		return true, nil
	}
	h.mu.Lock()
	h.pauseLocked(now, until, whyShared)
	h.unlock()
	return false, nil
}

// sharedErr returns ctx's error if ctx ended, else err with the host named.
func (h *Host) sharedErr(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("host %s: shared %s limit: %w", h.name, what, err)
}

// sharePause stores a pause learned here in Config.Shared so that the other
// processes pause too. It runs outside h.mu (the call may take a round trip);
// a failure is logged, since the local pause holds regardless.
func (h *Host) sharePause(t time.Time) {
	if err := h.cfg.Shared.PauseUntil(context.Background(), t); err != nil {
		h.log.Warn("shared pause not stored; other processes will not pause", "host", h.name, "until", t, "err", err)
	}
}
