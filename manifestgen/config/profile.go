package config

import (
	"slices"
	"time"
)

// profile is a named preset of a source's limits and retry policy. A
// source's `profile:` key applies one before its explicit keys, which win.
type profile struct {
	Concurrency int     // max requests in flight
	RPS         float64 // max request starts per second
	Burst       int     // token bucket size
	Retry       Retry   // retry and adaptation policy
}

// DefaultProfile is the profile a source starts from when it names none.
const DefaultProfile = "default"

// profiles are the built-in presets, by name. default.yaml documents them;
// keep the two in step.
var profiles = map[string]profile{
	// Slow and patient: for shared IPs, anonymous long runs, or a hub that
	// is already throttling us. Waits out a whole Hugging Face 5-minute
	// window rather than failing a filter.
	"conservative": {
		Concurrency: 2,
		RPS:         2,
		Burst:       1,
		Retry: Retry{
			MaxAttempts:    6,
			BaseDelay:      time.Second,
			MaxDelay:       time.Minute,
			AttemptTimeout: time.Minute,
			Deadline:       10 * time.Minute,
			MaxServerWait:  5*time.Minute + 10*time.Second,
			MinRPS:         0.2,
		},
	},
	// The classic workload: 3 in flight hides latency while keeping the
	// per-IP connection count polite; 10/s is the classic script's 100 ms
	// spacing.
	DefaultProfile: {
		Concurrency: 3,
		RPS:         10,
		Burst:       1,
		Retry: Retry{
			MaxAttempts:    5,
			BaseDelay:      500 * time.Millisecond,
			MaxDelay:       30 * time.Second,
			AttemptTimeout: 30 * time.Second,
			Deadline:       2 * time.Minute,
			MaxServerWait:  time.Minute,
			MinRPS:         0.5,
		},
	},
	// Fast and impatient: for an authenticated token with a higher quota or
	// a local mirror. Gives up on long server-requested waits.
	"aggressive": {
		Concurrency: 6,
		RPS:         20,
		Burst:       1,
		Retry: Retry{
			MaxAttempts:    4,
			BaseDelay:      250 * time.Millisecond,
			MaxDelay:       10 * time.Second,
			AttemptTimeout: 20 * time.Second,
			Deadline:       time.Minute,
			MaxServerWait:  30 * time.Second,
			MinRPS:         1,
		},
	},
}

// profileNames returns the built-in profile names, sorted, for messages.
func profileNames() []string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// apply copies the profile's limits and retry policy onto s.
func (p profile) apply(s *Source) {
	s.Concurrency = p.Concurrency
	s.RPS = p.RPS
	s.Burst = p.Burst
	s.Retry = p.Retry
}
