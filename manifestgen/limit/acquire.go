package limit

import (
	"context"
	"math"
	"sync/atomic"
	"time"
)

// Acquire blocks until a request to the host may start: a concurrency slot is
// free, the host is not paused and a rate token is available (with
// Config.Shared: a shared token too, and no shared pause). The caller must
// call release when the request (body included) is done; extra calls are
// no-ops. It returns ctx's error as soon as ctx ends, and Config.Shared's
// errors wrapped with the host's name.
func (h *Host) Acquire(ctx context.Context) (release func(), err error) {
	return h.AcquireWithin(ctx, 0)
}

// AcquireWithin is Acquire that gives up at once with a *PauseError when the
// host is paused for longer than maxPause from now (maxPause <= 0: no limit),
// including when a pause is extended while the caller waits.
func (h *Host) AcquireWithin(ctx context.Context, maxPause time.Duration) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	start := time.Now()
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case h.turn <- struct{}{}:
	case <-ctx.Done():
		<-h.sem
		return nil, ctx.Err()
	}
	defer func() { <-h.turn }()

	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	held := false // a shared token is taken for this caller
	for {
		step, wait, ch, err := h.tryStart(start, maxPause, &held)
		if err == nil && step == stepShared {
			held, err = h.passShared(ctx)
			if err == nil {
				continue
			}
		}
		if err != nil {
			<-h.sem
			return nil, err
		}
		if step == stepStart {
			return h.releaser(), nil
		}
		if timer == nil {
			timer = time.NewTimer(wait)
		} else {
			timer.Reset(wait)
		}
		select {
		case <-timer.C:
		case <-ch:
		case <-ctx.Done():
			<-h.sem
			return nil, ctx.Err()
		}
	}
}

// step is what tryStart tells the caller in Acquire to do next.
type step int

const (
	stepWait   step = iota // wait, then try again
	stepStart              // admitted: the request may start
	stepShared             // take a shared token (passShared), then try again
)

// tryStart takes a token if the host is not paused and one is available,
// returning stepStart. With Config.Shared and no shared token held yet
// (*held), it returns stepShared once the local bucket has a token, so that
// a shared token is not taken long before it can be used; a pause drops a
// held token, which would be stale after it. Otherwise it returns how long
// to wait before trying again and the channel that signals a change in the
// meantime.
func (h *Host) tryStart(start time.Time, maxPause time.Duration, held *bool) (step, time.Duration, <-chan struct{}, error) {
	h.mu.Lock()
	defer h.unlock()
	now := time.Now()
	h.expireLocked(now)
	var wait time.Duration
	switch {
	case now.Before(h.pauseUntil):
		*held = false
		wait = h.pauseUntil.Sub(now)
		if maxPause > 0 && wait > maxPause {
			return stepWait, 0, nil, &PauseError{Host: h.name, Until: h.pauseUntil, Wait: wait, Max: maxPause}
		}
	case h.cfg.Shared != nil && !*held && h.lim.TokensAt(now) >= 1:
		return stepShared, 0, nil, nil
	case (h.cfg.Shared == nil || *held) && h.lim.AllowN(now, 1):
		h.stats.Started++
		h.stats.InFlight++
		h.stats.MaxInFlight = max(h.stats.MaxInFlight, h.stats.InFlight)
		h.stats.Waited += now.Sub(start)
		return stepStart, 0, nil, nil
	default:
		wait = tokenWait(h.lim.TokensAt(now), float64(h.lim.Limit()))
		if h.paced > 0 {
			wait = min(wait, h.pacedUntil.Sub(now)) // pacing ends: re-check
		}
	}
	return stepWait, max(wait, 1), h.changed, nil
}

// tokenWait is the time until tokens reach 1 at rate r, rounded up to the
// nanosecond so that the bucket allows the start when it is over.
func tokenWait(tokens, r float64) time.Duration {
	d := math.Ceil((1 - tokens) / r * float64(time.Second))
	if d >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(d)
}

// releaser returns the release func of one admitted request.
func (h *Host) releaser() func() {
	var done atomic.Bool
	return func() {
		if !done.CompareAndSwap(false, true) {
			return
		}
		h.mu.Lock()
		h.stats.InFlight--
		h.mu.Unlock()
		<-h.sem
	}
}
