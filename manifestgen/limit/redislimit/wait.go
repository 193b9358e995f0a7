package redislimit

import (
	"context"
	"time"
)

// Wait blocks until the shared rate grants one request start or ctx ends.
// It sleeps for as long as redis_rate says and asks again, since other
// processes may take the slot first. See FailPolicy for outages.
func (l *Limiter) Wait(ctx context.Context) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if l.onFallback(time.Now()) {
			return l.fallback.Wait(ctx)
		}
		cctx, cancel := context.WithTimeout(ctx, l.o.Timeout)
		res, err := l.gcra.AllowN(cctx, l.rateKey, l.limit, 1)
		cancel()
		if err != nil {
			if err := l.failed(ctx, "rate", err); err != nil {
				return err
			}
			continue // on the fallback now
		}
		l.up()
		if res.Allowed > 0 {
			return nil
		}
		wait := max(res.RetryAfter, time.Millisecond)
		if timer == nil {
			timer = time.NewTimer(wait)
		} else {
			timer.Reset(wait)
		}
		select {
		case <-timer.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// onFallback reports whether an outage is on and Redis is not due for
// another try at now. A due try is handed to one caller; the others keep
// to the fallback meanwhile.
func (l *Limiter) onFallback(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down.IsZero() {
		return false
	}
	if now.Before(l.retryAt) {
		return true
	}
	l.retryAt = now.Add(l.o.Recheck)
	return false
}

// failed handles a failed Redis call: ctx's error if ctx ended; under
// FailClosed an *UnavailableError; under FailLocal nil, after starting an
// outage (warned once) or extending it.
func (l *Limiter) failed(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if l.o.Fail == FailClosed {
		return &UnavailableError{Addr: l.addr, Host: l.o.Host, Op: op, Timeout: l.o.Timeout, Err: err}
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.retryAt = now.Add(l.o.Recheck)
	if !l.down.IsZero() {
		return nil
	}
	l.down = now
	l.o.Logger.Warn("SHARED RATE LIMIT UNAVAILABLE: pacing this process alone at the fallback rate; "+
		"other processes sharing the quota are not counted until Redis answers again",
		"host", l.o.Host, "redis", l.addr, "op", op, "err", err,
		"fallback_rps", l.o.FallbackRPS, "retry_every", l.o.Recheck)
	return nil
}

// up ends an outage after a successful call, logging how long it lasted.
func (l *Limiter) up() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.down.IsZero() {
		return
	}
	l.o.Logger.Warn("shared rate limit restored", "host", l.o.Host, "redis", l.addr,
		"outage", time.Since(l.down).Round(time.Millisecond))
	l.down, l.retryAt = time.Time{}, time.Time{}
}

// Degraded reports whether the Limiter is on its local fallback.
func (l *Limiter) Degraded() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.down.IsZero()
}
