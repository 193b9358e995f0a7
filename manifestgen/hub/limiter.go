package hub

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// verdictKind is what the fault layer decided for a request on arrival.
type verdictKind int

const (
	serve     verdictKind = iota // run the API handler
	limited                      // 429 from a limit
	reset                        // reset the connection
	challenge                    // 403 HTML challenge page
	failure                      // 5xx JSON error
)

// verdict is the fault layer's decision for one request.
type verdict struct {
	kind       verdictKind
	status     int    // for limited and failure
	retryAfter int    // seconds; 0: no Retry-After header
	reason     string // for limited: which limit
	truncate   bool   // cut a 200 body short
	rl         rateLimitState
}

// rateLimitState is the fixed window as reported in RateLimit headers.
type rateLimitState struct {
	ok        bool
	remaining int
	reset     int // seconds until the window resets
	quota     int
	period    int // seconds
}

// set writes the IETF draft-09 headers in Hugging Face's format.
func (s rateLimitState) set(h http.Header) {
	if !s.ok {
		return
	}
	h.Set("RateLimit", `"api";r=`+strconv.Itoa(s.remaining)+";t="+strconv.Itoa(s.reset))
	h.Set("RateLimit-Policy", `"fixed window";"api";q=`+strconv.Itoa(s.quota)+";w="+strconv.Itoa(s.period))
}

// apiState holds the limiter state, fault dice and counters of one API.
type apiState struct {
	name   string
	faults Faults
	window *Window // effective fixed window, nil for none

	mu       sync.Mutex
	dice     *rand.Rand
	inFlight int
	// token bucket
	tokens    float64
	lastFill  time.Time
	bucketSet bool
	// fixed window
	winStart time.Time
	winUsed  int
	winSet   bool

	stats APIStats
}

func newAPIState(name string, f Faults, defaultWindow *Window, seed, stream uint64) *apiState {
	a := &apiState{name: name, faults: f, window: f.FixedWindow, dice: rand.New(rand.NewPCG(seed, stream))}
	if a.window == nil {
		a.window = defaultWindow
	}
	if a.window != nil {
		w := *a.window
		w.Quota = max(w.Quota, 1)
		if w.Period <= 0 {
			w.Period = 5 * time.Minute
		}
		a.window = &w
	}
	a.stats.ByStatus = map[int]int{}
	return a
}

// admit registers a request arriving at now and decides its fate. The
// caller must call done when the request is finished.
func (a *apiState) admit(now time.Time) (v verdict, done func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stats.Requests++
	a.stats.Starts = append(a.stats.Starts, now)
	a.inFlight++
	a.stats.MaxInFlight = max(a.stats.MaxInFlight, a.inFlight)
	done = func() {
		a.mu.Lock()
		a.inFlight--
		a.mu.Unlock()
	}
	// Always three rolls, so a given seed and request order give the same faults
	// whatever the configuration.
	roll, cut, pick := unit(a.dice), unit(a.dice), a.dice.Uint64()

	v.kind = serve
	if a.window != nil {
		v.rl = a.takeWindow(now)
		if v.rl.remaining < 0 {
			v.rl.remaining = 0
			v.kind, v.status, v.reason = limited, 429, "window"
			if !a.window.NoRetryAfter {
				v.retryAfter = v.rl.reset
			}
			return v, done
		}
	}
	f := a.faults
	if f.MaxInFlight > 0 && a.inFlight > f.MaxInFlight {
		v.kind, v.status, v.reason = limited, 429, "concurrency"
		return v, done
	}
	if b := f.TokenBucket; b != nil {
		if wait, ok := a.takeToken(now, b); !ok {
			v.kind, v.status, v.reason = limited, 429, "bucket"
			if !b.NoRetryAfter {
				v.retryAfter = ceilSeconds(wait)
			}
			return v, done
		}
	}
	switch {
	case roll < f.ResetRate:
		v.kind = reset
	case roll < f.ResetRate+f.HTMLRate:
		v.kind, v.status = challenge, 403
	case roll < f.ResetRate+f.HTMLRate+f.ErrorRate:
		v.kind, v.status = failure, []int{500, 502, 503}[pick%3]
	}
	v.truncate = cut < f.TruncateRate
	return v, done
}

// takeWindow counts a request against the fixed window. A negative
// remaining count means the quota was already used up.
func (a *apiState) takeWindow(now time.Time) rateLimitState {
	w := a.window
	if !a.winSet {
		a.winStart, a.winSet = now, true
	}
	if elapsed := now.Sub(a.winStart); elapsed >= w.Period {
		a.winStart = a.winStart.Add(elapsed / w.Period * w.Period)
		a.winUsed = 0
	}
	a.winUsed++
	return rateLimitState{
		ok:        true,
		remaining: w.Quota - a.winUsed,
		reset:     max(ceilSeconds(a.winStart.Add(w.Period).Sub(now)), 1),
		quota:     w.Quota,
		period:    int(w.Period / time.Second),
	}
}

// takeToken takes a token from the bucket, or reports how long until one
// is available.
func (a *apiState) takeToken(now time.Time, b *Bucket) (wait time.Duration, ok bool) {
	burst := float64(max(b.Burst, 1))
	if !a.bucketSet {
		a.tokens, a.lastFill, a.bucketSet = burst, now, true
	}
	if b.Rate > 0 {
		a.tokens = math.Min(burst, a.tokens+now.Sub(a.lastFill).Seconds()*b.Rate)
	}
	a.lastFill = now
	if a.tokens >= 1 {
		a.tokens--
		return 0, true
	}
	if b.Rate <= 0 {
		return time.Hour, false
	}
	// Rounded up, and at least 1 ns, so that a refusal always gets a
	// Retry-After even when rounding left the bucket a hair short of a token.
	return max(time.Duration(math.Ceil((1-a.tokens)/b.Rate*float64(time.Second))), 1), false
}

// outcome records how a request was answered.
type outcome int

const (
	outStatus outcome = iota
	outReset
	outCanceled
)

func (a *apiState) record(o outcome, status int, truncated bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch o {
	case outReset:
		a.stats.Resets++
	case outCanceled:
		a.stats.Canceled++
	default:
		a.stats.ByStatus[status]++
		switch status {
		case 429:
			a.stats.Served429++
		case 304:
			a.stats.NotModified++
		}
		if truncated {
			a.stats.Truncated++
		}
	}
}

func (a *apiState) snapshot() APIStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.stats.clone()
}

func (a *apiState) resetStats() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stats = APIStats{ByStatus: map[int]int{}, MaxInFlight: a.inFlight}
}

// ceilSeconds rounds d up to whole seconds.
func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// unit returns a float in [0, 1) from the top 53 bits of one PCG output, so
// the value stream depends only on the (stable) PCG algorithm.
func unit(r *rand.Rand) float64 {
	return float64(r.Uint64()>>11) / (1 << 53)
}
