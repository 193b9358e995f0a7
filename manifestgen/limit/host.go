// Package limit paces requests to one host: at most Concurrency in flight and
// request starts no faster than a token bucket of RPS with Burst allows.
package limit

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Config is the ceiling of one host. The zero value means one request at a
// time, one per second.
type Config struct {
	Concurrency int     // max requests in flight (<= 0 means 1)
	RPS         float64 // max request starts per second (<= 0 means 1)
	Burst       int     // token bucket size (<= 0 means 1)
	MinRPS      float64 // floor for adaptive slow-down (<= 0 means RPS/20)
}

// Host limits requests to one host. It is safe for concurrent use.
type Host struct {
	name string
	cfg  Config
	sem  chan struct{}
	lim  *rate.Limiter
	log  *slog.Logger
}

// New returns a Host limiter for the named host.
func New(name string, cfg Config, logger *slog.Logger) *Host {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 1
	}
	if cfg.RPS <= 0 {
		cfg.RPS = 1
	}
	if cfg.Burst <= 0 {
		cfg.Burst = 1
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Host{
		name: name,
		cfg:  cfg,
		sem:  make(chan struct{}, cfg.Concurrency),
		lim:  rate.NewLimiter(rate.Limit(cfg.RPS), cfg.Burst),
		log:  logger,
	}
}

// Acquire blocks until a request to the host may start: a concurrency slot is
// free and a rate token is available. The caller must call release when the
// request (body included) is done. It returns ctx's error if ctx ends first.
func (h *Host) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := h.lim.Wait(ctx); err != nil {
		<-h.sem
		return nil, err
	}
	return func() { <-h.sem }, nil
}

// Observation is what the host learned from one attempt.
type Observation struct {
	Time   time.Time   // when the response (or error) arrived
	Status int         // HTTP status, 0 on a transport error
	Header http.Header // response headers, nil on a transport error
}

// Observe feeds the outcome of one attempt to the limiter.
func (h *Host) Observe(o Observation) {}
