package hub

import (
	"maps"
	"slices"
	"time"
)

// API names used in Stats and logs.
const (
	APICivitAI     = "civitai"
	APIHuggingFace = "huggingface"
)

// Stats is a snapshot of what the hub served, per API.
type Stats struct {
	CivitAI     APIStats
	HuggingFace APIStats
}

// API returns the stats of the named API (APICivitAI or APIHuggingFace), or
// the zero APIStats for another name.
func (s Stats) API(name string) APIStats {
	switch name {
	case APICivitAI:
		return s.CivitAI
	case APIHuggingFace:
		return s.HuggingFace
	}
	return APIStats{}
}

// APIStats counts the requests of one API and how they were answered.
// Every request is counted in exactly one of ByStatus, Resets and Canceled.
type APIStats struct {
	Requests    int         // requests received
	ByStatus    map[int]int // responses sent, by status code (304 and 429 included)
	Served429   int         // 429 responses, whatever their cause
	NotModified int         // 304 responses
	Truncated   int         // 200 responses whose body was cut short on purpose
	Resets      int         // connections reset on purpose
	Canceled    int         // requests whose client went away before the response
	MaxInFlight int         // most requests in flight at once
	Starts      []time.Time // arrival time of each request, in arrival order
}

// MinGap returns the smallest interval between two consecutive request
// starts, or 0 with fewer than two requests.
func (s APIStats) MinGap() time.Duration {
	var gap time.Duration
	for i := 1; i < len(s.Starts); i++ {
		d := s.Starts[i].Sub(s.Starts[i-1])
		if i == 1 || d < gap {
			gap = d
		}
	}
	return gap
}

func (s APIStats) clone() APIStats {
	s.ByStatus = maps.Clone(s.ByStatus)
	if s.ByStatus == nil {
		s.ByStatus = map[int]int{}
	}
	s.Starts = slices.Clone(s.Starts)
	return s
}
