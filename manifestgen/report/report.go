// Package report records what happened during a manifest build (every HTTP
// attempt per host and the limiter's rate over time) and writes it as
// report.json and a self-contained report.html timeline, for tuning limits.
//
// Everything taken from the recorded data is stripped of secrets (userinfo,
// token-like query parameters, bearer and Hugging Face tokens) when
// recorded, and escaped in the HTML.
package report

import (
	"math"
	"time"
)

// Version is the format version written as "version" in report.json.
const Version = 1

// Report is a snapshot of a recorded run; it is also the schema of
// report.json. Slices and maps are never nil, and requests are sorted by
// start, so equal runs give byte-equal files.
type Report struct {
	Version  int          `json:"version"`
	Meta     RunInfo      `json:"meta"`
	Hosts    []HostReport `json:"hosts"`    // sorted by host
	Requests []Request    `json:"requests"` // sorted by start, then host, filter, URL, attempt
}

// RunInfo is the run's Meta as written in the report.
type RunInfo struct {
	Started    string            `json:"started"`    // time zero of every offset: the earlier of Meta.Started and the first event
	Finished   string            `json:"finished"`   // Meta.Finished, "" if zero
	DurationMs float64           `json:"durationMs"` // from Started to the later of Meta.Finished and the last event
	Hub        string            `json:"hub"`
	Sources    map[string]Source `json:"sources"`
	Filters    []FilterStatus    `json:"filters"` // sorted by source, then name
}

// HostReport is what one host saw: totals and the limiter's rate samples.
type HostReport struct {
	Host   string       `json:"host"`
	Totals Totals       `json:"totals"`
	Rate   []RateSample `json:"rate"`   // sorted by time
	Pauses []Pause      `json:"pauses"` // sorted by start, overlaps merged
}

// Pause is a time the limiter held every request to a host back.
type Pause struct {
	Start      string  `json:"start"`      // RFC 3339 with milliseconds, UTC
	OffsetMs   float64 `json:"offsetMs"`   // Start − meta.started
	DurationMs float64 `json:"durationMs"` // how long it held
	Why        string  `json:"why"`        // the reasons, "; "-joined when extended for another
}

// RateSample is the limiter's rate of a host from At on.
type RateSample struct {
	At       string  `json:"t"`        // RFC 3339 with milliseconds, UTC
	OffsetMs float64 `json:"offsetMs"` // At − meta.started, microsecond precision
	RPS      float64 `json:"rps"`
}

// Request is one HTTP attempt.
type Request struct {
	Host       string  `json:"host"`
	Filter     string  `json:"filter"`
	URL        string  `json:"url"`        // without userinfo and secret query parameters
	Start      string  `json:"start"`      // RFC 3339 with milliseconds, UTC; "" if unknown
	OffsetMs   float64 `json:"offsetMs"`   // Start − meta.started, microsecond precision; 0 if unknown
	DurationMs float64 `json:"durationMs"` // microsecond precision
	Status     int     `json:"status"`     // HTTP status; 0 when no response arrived
	Attempt    int     `json:"attempt"`    // 1-based; > 1 is a retry
	Outcome    string  `json:"outcome"`    // one of the Outcome constants
	Error      string  `json:"error,omitempty"`
}

// timeLayout is RFC 3339 with exactly three fractional digits.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// formatTime returns t in timeLayout, UTC, or "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// ms returns d in milliseconds rounded to the microsecond.
func ms(d time.Duration) float64 {
	return math.Round(float64(d)/1e3) / 1e3
}

// round3 rounds x to three decimals.
func round3(x float64) float64 {
	return math.Round(x*1e3) / 1e3
}
