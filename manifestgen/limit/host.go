// Package limit paces requests to one host: at most Concurrency in flight and
// request starts no faster than a token bucket of RPS with Burst allows.
//
// Below that hard ceiling a Host adapts: it pauses entirely while a server
// asks it to (Retry-After, an exhausted RateLimit quota), spreads a
// RateLimit quota over its window, and on a 429 that no quota explains sets
// its rate to the one the server was seen to accept (learn.go), probing
// upward after a run of successes.
package limit

import (
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Config is the ceiling of one host. The zero value means one request at a
// time, one per second.
type Config struct {
	Concurrency int     // max requests in flight (<= 0 means 1)
	RPS         float64 // max request starts per second (<= 0 means 1)
	Burst       int     // token bucket size (<= 0 means 1)
	MinRPS      float64 // floor for adaptive slow-down (<= 0 means RPS/20; capped at RPS)

	Decrease     float64 // factor applied to the rate on a 429 without hints (outside (0,1) means 0.5)
	RecoverAfter int     // successes in a row before the rate steps back up (<= 0 means 20)
	RecoverStep  float64 // rate added per recovery step (<= 0 means RPS/10)

	// Shared, if set, is a gate shared with other processes (see Shared):
	// every start also takes one of its tokens, its pause holds this host
	// too, and pauses this host learns from a server are stored in it. The
	// local ceilings above stay in force. Nil: this process alone.
	Shared Shared
}

// withDefaults fills in the documented defaults.
func (c Config) withDefaults() Config {
	if c.Concurrency <= 0 {
		c.Concurrency = 1
	}
	if c.RPS <= 0 {
		c.RPS = 1
	}
	if c.Burst <= 0 {
		c.Burst = 1
	}
	if c.MinRPS <= 0 {
		c.MinRPS = c.RPS / 20
	}
	c.MinRPS = min(c.MinRPS, c.RPS)
	if c.Decrease <= 0 || c.Decrease >= 1 {
		c.Decrease = 0.5
	}
	if c.RecoverAfter <= 0 {
		c.RecoverAfter = 20
	}
	if c.RecoverStep <= 0 {
		c.RecoverStep = c.RPS / 10
	}
	return c
}

// Host limits requests to one host. It is safe for concurrent use.
//
// Acquire admits callers one at a time, in arrival order, through three
// gates: a concurrency slot, the cooldown gate (PauseUntil) and the token
// bucket; with Config.Shared, a shared token and the shared pause come
// between the last two. Every change of rate or pause wakes the waiting caller, so a new,
// slower pace applies to callers already waiting, unlike rate.Limiter.Wait.
type Host struct {
	name string
	cfg  Config
	sem  chan struct{} // concurrency slots
	turn chan struct{} // held by the one caller waiting on the pause and bucket
	lim  *rate.Limiter // rate = current adaptive rate, never above cfg.RPS
	log  *slog.Logger

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced when rate or pause changes
	pauseUntil time.Time     // cooldown gate; only moves later
	aimd       float64       // rate chosen by AIMD
	paced      float64       // rate that makes a RateLimit quota last; 0: none
	pacedUntil time.Time     // when the paced quota window resets
	rate       float64       // current rate, = lim.Limit()
	successes  int           // successes in a row since the last change
	lastDrop   time.Time     // when AIMD last lowered the rate
	lastEmpty  time.Time     // start of the last refused request that counted: the server's bucket was empty
	accepted   []time.Time   // starts of requests the server answered, the last learnWindow
	learned    float64       // rate learned from the last refusal; 0: none yet
	stats      Stats
	onRate     func(t time.Time, rps float64)
	pending    []rateEvent // rate changes to report once h.mu is released
	onPause    func(from, until time.Time, why string)
	paused     []pauseEvent // pauses to report once h.mu is released
	share      time.Time    // pause to store in cfg.Shared once h.mu is released
}

// rateEvent is one rate change waiting for the OnRate callback.
type rateEvent struct {
	t   time.Time
	rps float64
}

// New returns a Host limiter for the named host. A nil logger discards.
func New(name string, cfg Config, logger *slog.Logger) *Host {
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Host{
		name:    name,
		cfg:     cfg,
		sem:     make(chan struct{}, cfg.Concurrency),
		turn:    make(chan struct{}, 1),
		lim:     rate.NewLimiter(rate.Limit(cfg.RPS), cfg.Burst),
		log:     logger,
		changed: make(chan struct{}),
		aimd:    cfg.RPS,
		rate:    cfg.RPS,
	}
}

// Name returns the host name given to New.
func (h *Host) Name() string { return h.name }

// Config returns the ceiling in force, defaults filled in.
func (h *Host) Config() Config { return h.cfg }

// OnRate registers fn to be called with the current rate now and with every
// later change of the rate (e.g. to draw it). fn runs outside the host's
// lock, in the goroutine that caused the change; it may call Host methods.
// A later call replaces fn; nil removes it.
func (h *Host) OnRate(fn func(t time.Time, rps float64)) {
	h.mu.Lock()
	h.onRate = fn
	if fn != nil {
		h.pending = append(h.pending, rateEvent{time.Now(), h.rate})
	}
	h.unlock()
}

// OnPause registers fn to be called with every pause the host starts or
// extends: from when, until when, and why (e.g. to draw it). fn runs
// outside the host's lock, in the goroutine that caused the pause; it may
// call Host methods. A later call replaces fn; nil removes it.
func (h *Host) OnPause(fn func(from, until time.Time, why string)) {
	h.mu.Lock()
	h.onPause = fn
	h.unlock()
}

// pauseEvent is one pause waiting for the OnPause callback.
type pauseEvent struct {
	from, until time.Time
	why         string
}

// unlock releases h.mu and then stores a pending shared pause and reports
// pending rate changes and pauses.
func (h *Host) unlock() {
	fn, events, share := h.onRate, h.pending, h.share
	pfn, pauses := h.onPause, h.paused
	h.pending, h.share, h.paused = nil, time.Time{}, nil
	h.mu.Unlock()
	if !share.IsZero() {
		h.sharePause(share)
	}
	if pfn != nil {
		for _, p := range pauses {
			pfn(p.from, p.until, p.why)
		}
	}
	if fn == nil {
		return
	}
	for _, e := range events {
		fn(e.t, e.rps)
	}
}

// signalLocked wakes the caller waiting in Acquire. h.mu must be held.
func (h *Host) signalLocked() {
	close(h.changed)
	h.changed = make(chan struct{})
}
