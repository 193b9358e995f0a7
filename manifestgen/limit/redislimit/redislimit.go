// Package redislimit shares one host's quota among processes through Redis:
// a Limiter is a limit.Shared whose rate (GCRA, by redis_rate) and pause
// hold for every process that uses the same Redis, host and identity (the
// hash of the token, so that different quotas never mix).
//
// Keys: "rate:<prefix>:<host>:<identity>:rate" (redis_rate adds "rate:") and
// "<prefix>:<host>:<identity>:pause"; both expire by themselves. Each
// admission costs two round trips (the GCRA script, then the pause's PTTL).
// With Burst 1 a grant missed by a few milliseconds is not made up, so the
// fleet runs slightly under RPS (about 95% at 50/s, 99% at 5/s), never over.
//
// When Redis cannot be reached within Options.Timeout, FailClosed fails the
// call with an *UnavailableError, and FailLocal (the default) paces this
// process alone at Options.FallbackRPS, warns once per outage, and tries
// Redis again every Options.Recheck.
package redislimit

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

// Options configures a Limiter. Host and RPS are required.
type Options struct {
	Host     string  // host whose quota is shared, e.g. "huggingface.co"
	Identity string  // whose quota: Identity(token); "" means "anon"
	RPS      float64 // shared request starts per second, for all processes together
	Burst    int     // shared bucket size (<= 0 means 1)

	Fail        FailPolicy    // what to do when Redis is unavailable
	FallbackRPS float64       // FailLocal's rate per process (<= 0 means RPS/4)
	Timeout     time.Duration // per Redis call (<= 0 means 500ms)
	// Recheck is FailLocal's time between tries of Redis during an outage
	// (<= 0 means 5s); each try may hold one caller for up to Timeout.
	Recheck time.Duration

	Logger *slog.Logger // nil discards
	Prefix string       // key prefix ("" means "manifestgen:limit")
}

// Defaults of Options.
const (
	DefaultPrefix  = "manifestgen:limit"
	DefaultTimeout = 500 * time.Millisecond
	DefaultRecheck = 5 * time.Second
)

// FailPolicy says what a Limiter does when Redis is unavailable.
type FailPolicy int

const (
	// FailLocal paces this process alone at Options.FallbackRPS, with a
	// warning logged once per outage, until Redis answers again.
	FailLocal FailPolicy = iota
	// FailClosed fails Wait, PausedUntil and PauseUntil with an
	// *UnavailableError.
	FailClosed
)

// String returns "local" or "closed", as ParseFailPolicy reads them.
func (p FailPolicy) String() string {
	switch p {
	case FailLocal:
		return "local"
	case FailClosed:
		return "closed"
	}
	return fmt.Sprintf("FailPolicy(%d)", int(p))
}

// ParseFailPolicy reads "local" or "closed"; "" means FailLocal.
func ParseFailPolicy(s string) (FailPolicy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "local":
		return FailLocal, nil
	case "closed":
		return FailClosed, nil
	}
	return 0, fmt.Errorf("redis fail policy %q: want closed or local", s)
}

// Limiter is a limit.Shared on Redis for one host and identity. It is safe
// for concurrent use.
type Limiter struct {
	rdb      redis.UniversalClient
	gcra     *redis_rate.Limiter
	limit    redis_rate.Limit
	addr     string // Redis address for errors and logs, no password
	o        Options
	rateKey  string // as given to redis_rate
	pauseKey string
	fallback *rate.Limiter // FailLocal's limiter during an outage

	mu      sync.Mutex
	down    time.Time // start of the current outage; zero: Redis is up
	retryAt time.Time // during an outage, when to try Redis again
}

var _ limit.Shared = (*Limiter)(nil)

// New returns a Limiter for o.Host on client. It does not contact Redis.
func New(client redis.UniversalClient, o Options) (*Limiter, error) {
	if client == nil {
		return nil, errors.New("redislimit: nil Redis client")
	}
	if o.Host == "" {
		return nil, errors.New("redislimit: empty host")
	}
	if !(o.RPS > 0) || math.IsInf(o.RPS, 0) {
		return nil, fmt.Errorf("redislimit: host %s: rate %v: want > 0", o.Host, o.RPS)
	}
	if o.Fail != FailLocal && o.Fail != FailClosed {
		return nil, fmt.Errorf("redislimit: host %s: unknown fail policy %d", o.Host, o.Fail)
	}
	if o.Identity == "" {
		o.Identity = Anonymous
	}
	if o.Burst <= 0 {
		o.Burst = 1
	}
	if o.FallbackRPS <= 0 {
		o.FallbackRPS = o.RPS / 4
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Recheck <= 0 {
		o.Recheck = DefaultRecheck
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	base := o.Prefix + ":" + o.Host + ":" + o.Identity
	return &Limiter{
		rdb:  client,
		gcra: redis_rate.NewLimiter(client),
		// One emission per 1/RPS: redis_rate's rate is a whole number per
		// period, so the period carries the fraction.
		limit:    redis_rate.Limit{Rate: 1, Burst: o.Burst, Period: time.Duration(float64(time.Second) / o.RPS)},
		addr:     Addr(client),
		o:        o,
		rateKey:  base + ":rate",
		pauseKey: base + ":pause",
		fallback: rate.NewLimiter(rate.Limit(o.FallbackRPS), 1),
	}, nil
}

// Keys returns the Redis keys of the shared rate and pause.
func (l *Limiter) Keys() (rateKey, pauseKey string) {
	return "rate:" + l.rateKey, l.pauseKey
}

// Options returns the options in force, defaults filled in.
func (l *Limiter) Options() Options { return l.o }

// Addr returns the address(es) of client's Redis, without credentials.
func Addr(client redis.UniversalClient) string {
	switch c := client.(type) {
	case *redis.Client:
		return c.Options().Addr
	case *redis.ClusterClient:
		return strings.Join(c.Options().Addrs, ",")
	case *redis.Ring:
		addrs := slices.Collect(maps.Values(c.Options().Addrs))
		slices.Sort(addrs)
		return strings.Join(addrs, ",")
	}
	return fmt.Sprintf("%T", client)
}
