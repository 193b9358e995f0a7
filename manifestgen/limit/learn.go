package limit

import (
	"fmt"
	"time"
)

// A Host learns a server's token bucket from its refusals. A 429 means the
// server's bucket ran empty when the refused request started; the requests
// it accepted before then say how fast it refills:
//
//   - after an earlier refusal the bucket was empty at both, so the requests
//     accepted in between, over the time in between, are its rate (or less,
//     if it filled up meanwhile);
//   - at the first refusal some of what was accepted came out of the
//     bucket's burst, which one refusal cannot tell apart from its rate: the
//     host assumes the burst held assumedBurst of the rate, the common "N
//     per second, burst N", and counts the requests accepted in the
//     learnWindow before it over their span plus assumedBurst.
//
// Both counts are lower bounds when the host sent slower than the server's
// rate for a while (the bucket filled up and its refill was lost): the host
// errs on the slow side and probing finds the rest. A server without a
// burst is learned slowly: each of its refusals follows at most one
// acceptance, so the first cuts are Config.Decrease steps.
//
// The rate is then set to that estimate (at most maxLearnedShare of the rate
// refused) and probed upward by probeShare of it per Config.RecoverAfter
// successes in a row, so that a server that allows more is found again
// without draining its burst at once: the burst the server banks during a
// pause absorbs the probing.

// learnWindow is how far back accepted requests count at a first refusal.
const learnWindow = 30 * time.Second

// assumedBurst is the server's burst, in seconds of its rate, assumed at a
// first refusal.
const assumedBurst = time.Second

// maxLearnedShare caps a learned rate at this share of the refused one: the
// server refused that rate, so the next must be lower.
const maxLearnedShare = 0.95

// probeShare is the step above a learned rate per Config.RecoverAfter
// successes in a row, as a share of the learned rate.
const probeShare = 0.02

// maxAccepted bounds the accepted start times a host keeps.
const maxAccepted = 4096

// acceptLocked records the start of a request the server accepted, dropping
// starts older than learnWindow before it.
func (h *Host) acceptLocked(start time.Time) {
	if start.IsZero() {
		return
	}
	cut := 0
	for cut < len(h.accepted) && h.accepted[cut].Before(start.Add(-learnWindow)) {
		cut++
	}
	if len(h.accepted)-cut >= maxAccepted {
		cut = len(h.accepted) - maxAccepted + 1
	}
	h.accepted = append(h.accepted[:0], h.accepted[cut:]...)
	h.accepted = append(h.accepted, start)
}

// learnLocked estimates the server's rate at a refusal of a request that
// started at s. ok is false when fewer than two accepted requests count:
// one says nothing about a rate.
func (h *Host) learnLocked(s time.Time) (rps float64, why string, ok bool) {
	since := !h.lastEmpty.IsZero() && h.lastEmpty.After(s.Add(-learnWindow)) && h.lastEmpty.Before(s)
	from := s.Add(-learnWindow)
	if since {
		from = h.lastEmpty
	}
	n := 0
	var first, last time.Time
	for _, a := range h.accepted {
		if a.Before(from) || !a.Before(s) || (since && a.Equal(from)) {
			continue
		}
		n++
		if first.IsZero() || a.Before(first) {
			first = a
		}
		if a.After(last) {
			last = a
		}
	}
	if n < 2 {
		return 0, "", false
	}
	if since {
		d := s.Sub(from)
		return float64(n) / d.Seconds(), fmt.Sprintf("429: server accepted %d requests in the %v since the last 429", n, d.Round(time.Millisecond)), true
	}
	span := last.Sub(first)
	return float64(n) / (span + assumedBurst).Seconds(),
		fmt.Sprintf("429: server accepted %d requests in %v (+%v of burst assumed)", n, span.Round(time.Millisecond), assumedBurst), true
}
