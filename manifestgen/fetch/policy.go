package fetch

import (
	"math/rand/v2"
	"time"
)

// Policy is the retry policy of a Client. Its zero value means the defaults
// given per field.
type Policy struct {
	MaxAttempts    int           // attempts per request, including the first (<= 0: 5)
	BaseDelay      time.Duration // backoff ceiling of the first retry, doubling per retry (<= 0: 500ms)
	MaxDelay       time.Duration // cap of the backoff ceiling (<= 0: 30s)
	AttemptTimeout time.Duration // limit of one attempt, body included, limiter wait excluded (<= 0: 30s)
	Deadline       time.Duration // limit of one Get, retries and waits included (<= 0: none but ctx's)
	MaxServerWait  time.Duration // longest server-requested wait honoured; longer fails at once (<= 0: 60s)
}

// Default policy values.
const (
	DefaultMaxAttempts    = 5
	DefaultBaseDelay      = 500 * time.Millisecond
	DefaultMaxDelay       = 30 * time.Second
	DefaultAttemptTimeout = 30 * time.Second
	DefaultMaxServerWait  = 60 * time.Second
)

// withDefaults fills in the documented defaults.
func (p Policy) withDefaults() Policy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	if p.AttemptTimeout <= 0 {
		p.AttemptTimeout = DefaultAttemptTimeout
	}
	if p.MaxServerWait <= 0 {
		p.MaxServerWait = DefaultMaxServerWait
	}
	return p
}

// Backoff returns the wait before retry number retry (1 for the first
// retry) when the server gave no hint.
type Backoff func(retry int, base, maxDelay time.Duration) time.Duration

// DefaultBackoff is FullJitter.
var DefaultBackoff Backoff = FullJitter

// FullJitter waits a uniformly random time in [0, BackoffCeiling(retry,
// base, maxDelay)] ("full jitter"), which spreads retries of many clients.
func FullJitter(retry int, base, maxDelay time.Duration) time.Duration {
	c := BackoffCeiling(retry, base, maxDelay)
	if c <= 0 {
		return 0
	}
	return rand.N(c + 1)
}

// BackoffCeiling returns base·2^(retry-1), capped at maxDelay.
func BackoffCeiling(retry int, base, maxDelay time.Duration) time.Duration {
	if retry < 1 {
		retry = 1
	}
	d := base
	for i := 1; i < retry && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}
