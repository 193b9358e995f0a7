package hub

import "time"

// Options configures a Hub. The zero value serves the snapshot with no
// latency, no faults and no limits; Hugging Face responses still carry
// RateLimit headers, of DefaultHFWindow.
type Options struct {
	Latency     time.Duration // added before every API response (fixed)
	CivitAI     Faults        // faults of /api/v1/models
	HuggingFace Faults        // faults of /api/models
	Seed        uint64        // seed of the fault dice; same seed and request order give the same faults

	// Scale > 1 serves a CivitAI snapshot of Scale times as many models
	// (Scale*3000, about 1 KiB of memory each, built once per scale and
	// kept for the life of the process), for load tests, drawn from the
	// default snapshot's seed. <= 1: the default snapshot.
	// The Hugging Face snapshot is the same at every scale.
	Scale int

	// Epoch > 0 moves both snapshots forward by Epoch deterministic steps,
	// as upstream data moves between two runs: each step removes about 1%
	// of the models, adds about 1% new ones, gives about 2% a new version
	// (CivitAI) or a new commit (Hugging Face: sha and lastModified), and
	// moves the downloads and likes of about 5%. The same epoch always gives
	// the same data; <= 0 (and every epoch's first step's input) is the
	// snapshot as built. At most MaxEpoch.
	Epoch int
}

// MaxEpoch bounds Options.Epoch (each step costs a re-sort of the snapshot).
const MaxEpoch = 1000

// Faults are the misbehaviours injected into one API. Checks run in this
// order on arrival: FixedWindow, MaxInFlight, TokenBucket, then one roll of
// the dice for ResetRate, HTMLRate and ErrorRate (in that order of the unit
// interval), and TruncateRate for 200 responses. Rates are fractions in
// [0, 1].
type Faults struct {
	TokenBucket  *Bucket       // nil: no bucket; empty bucket -> 429 with Retry-After
	FixedWindow  *Window       // nil: none (Hugging Face: DefaultHFWindow); exhausted -> 429 with RateLimit r=0
	MaxInFlight  int           // > 0: requests beyond this many in flight get 429 without hints
	ErrorRate    float64       // fraction answered 500, 502 or 503 with a JSON error body
	ResetRate    float64       // fraction whose connection is reset before any byte is sent
	TruncateRate float64       // fraction of 200 responses whose body stops halfway (Content-Length promises more)
	HTMLRate     float64       // fraction answered 403 with a Cloudflare-style HTML challenge page
	SlowBody     time.Duration // > 0: every body is written in chunks spread over this duration
	Listing      Misbehaviour  // how the listing's results and pages go wrong (ParseMisbehaviours)
}

// Bucket is a server-side token bucket: it starts full with Burst tokens and
// refills at Rate tokens per second; a request takes one token.
type Bucket struct {
	Rate         float64 // tokens per second; <= 0 means the bucket never refills
	Burst        int     // bucket size; < 1 means 1
	NoRetryAfter bool    // omit Retry-After from the 429
}

// Window is a fixed-window quota: Quota requests per Period, the first
// window starting at the first request. Every request counts, also those
// another limit refuses. Its state is reported in IETF
// RateLimit / RateLimit-Policy headers (draft 09, as Hugging Face sends them)
// on every response of the API.
type Window struct {
	Quota        int           // requests per window; < 1 means 1
	Period       time.Duration // window length; <= 0 means 5 minutes; reported in whole seconds
	NoRetryAfter bool          // omit Retry-After from the 429 (RateLimit t= still tells the reset)
}

// DefaultHFWindow is the Hugging Face policy used when Options.HuggingFace
// has no FixedWindow: generous enough never to trigger in a normal run.
var DefaultHFWindow = Window{Quota: 100000, Period: 300 * time.Second}
