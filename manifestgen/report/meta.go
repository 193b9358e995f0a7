package report

import "time"

// Meta describes the run as a whole; Recorder.Report copies it into the
// report, secrets removed.
type Meta struct {
	Started  time.Time         // when the build started; zero: at the first event
	Finished time.Time         // when it finished; zero: at the last event
	Hub      string            // which hub was used (for example "real" or "embedded")
	Sources  map[string]Source // by source name
	Filters  []FilterStatus    // every filter, or only those that did not succeed
}

// Source is how one source was configured to be asked.
type Source struct {
	Profile     string  `json:"profile,omitempty"` // preset the limits started from
	Endpoint    string  `json:"endpoint"`          // base URL
	Concurrency int     `json:"concurrency"`       // max requests in flight
	RPS         float64 `json:"rps"`               // configured request starts per second
	Burst       int     `json:"burst"`             // token bucket size
	MinRPS      float64 `json:"minRps,omitempty"`  // floor of the adaptive rate
	MaxAttempts int     `json:"maxAttempts,omitempty"`
	// LearnedRPS is the server's rate the limiter learned from its last 429
	// (limit.Stats.Learned); 0: none. The report suggests it as rps.
	LearnedRPS float64 `json:"learnedRps,omitempty"`
}

// Filter statuses of FilterStatus.Status. The HTML lists every filter whose
// status is not StatusOK.
const (
	StatusOK     = "ok"     // manifest produced from fresh data
	StatusFailed = "failed" // no manifest produced
	StatusStale  = "stale"  // previous manifest kept
)

// FilterStatus is how one filter ended.
type FilterStatus struct {
	Source string `json:"source"`
	Name   string `json:"name"`
	Status string `json:"status"` // StatusOK, StatusFailed, StatusStale or another word
	Error  string `json:"error,omitempty"`
	Checks string `json:"checks,omitempty"` // what the result checks found, in words; "" when nothing
}
