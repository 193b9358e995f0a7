package redislimit

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// extendPause sets the pause key to expire in ARGV[1] ms unless it already
// expires later. Durations rather than times keep machines' clocks apart:
// Redis counts them.
var extendPause = redis.NewScript(`
local ttl = redis.call("PTTL", KEYS[1])
local want = tonumber(ARGV[1])
if ttl < want then
  redis.call("SET", KEYS[1], "1", "PX", want)
  return want
end
return ttl
`)

// PausedUntil returns the end of the shared pause, zero if none. During a
// FailLocal outage it returns zero at once (the local pause still holds).
func (l *Limiter) PausedUntil(ctx context.Context) (time.Time, error) {
	if l.onFallback(time.Now()) {
		return time.Time{}, nil
	}
	cctx, cancel := context.WithTimeout(ctx, l.o.Timeout)
	defer cancel()
	ttl, err := l.rdb.PTTL(cctx, l.pauseKey).Result()
	if err != nil {
		return time.Time{}, l.failed(ctx, "read pause", err)
	}
	l.up()
	if ttl <= 0 { // -2: no key; -1: no expiry (not ours)
		return time.Time{}, nil
	}
	// Counted from the reply, plus the millisecond PTTL may have cut off,
	// the end is never early.
	return time.Now().Add(ttl + time.Millisecond), nil
}

// PauseUntil pauses every process sharing the quota until t, unless a later
// pause is set. A past t does nothing. During a FailLocal outage it does
// nothing either.
func (l *Limiter) PauseUntil(ctx context.Context, t time.Time) error {
	now := time.Now()
	ms := (t.Sub(now) + time.Millisecond - 1).Milliseconds() // rounded up
	if ms <= 0 || l.onFallback(now) {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, l.o.Timeout)
	defer cancel()
	if err := extendPause.Run(cctx, l.rdb, []string{l.pauseKey}, ms).Err(); err != nil {
		return l.failed(ctx, "store pause", err)
	}
	l.up()
	return nil
}
