package limit

import (
	"context"
	"math"
	"sync/atomic"
	"time"
)

// Acquire blocks until a request to the host may start: a concurrency slot is
// free, the host is not paused and a rate token is available. The caller must
// call release when the request (body included) is done; extra calls are
// no-ops. It returns ctx's error as soon as ctx ends.
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
	for {
		wait, ch, err := h.tryStart(start, maxPause)
		if err != nil {
			<-h.sem
			return nil, err
		}
		if wait == 0 {
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

// tryStart takes a token if the host is not paused and one is available,
// returning wait 0. Otherwise it returns how long to wait before trying
// again and the channel that signals a change in the meantime.
func (h *Host) tryStart(start time.Time, maxPause time.Duration) (time.Duration, <-chan struct{}, error) {
	h.mu.Lock()
	defer h.unlock()
	now := time.Now()
	h.expireLocked(now)
	var wait time.Duration
	switch {
	case now.Before(h.pauseUntil):
		wait = h.pauseUntil.Sub(now)
		if maxPause > 0 && wait > maxPause {
			return 0, nil, &PauseError{Host: h.name, Until: h.pauseUntil, Wait: wait, Max: maxPause}
		}
	case h.lim.AllowN(now, 1):
		h.stats.Started++
		h.stats.InFlight++
		h.stats.MaxInFlight = max(h.stats.MaxInFlight, h.stats.InFlight)
		h.stats.Waited += now.Sub(start)
		return 0, nil, nil
	default:
		wait = tokenWait(h.lim.TokensAt(now), float64(h.lim.Limit()))
		if h.paced > 0 {
			wait = min(wait, h.pacedUntil.Sub(now)) // pacing ends: re-check
		}
	}
	return max(wait, 1), h.changed, nil
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
