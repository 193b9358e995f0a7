// Package hints parses the pacing hints servers send in response headers:
// Retry-After, the IETF draft RateLimit / RateLimit-Policy fields (as Hugging
// Face sends them) and the common X-RateLimit-* trio.
//
// All input is untrusted: parsers never panic, reject garbage with ok=false,
// and return only non-negative values bounded by MaxCount and MaxDuration.
package hints

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Bounds of every value the parsers return. Larger inputs are clamped.
const (
	MaxCount    = math.MaxInt32      // largest request count (remaining, quota)
	MaxDuration = 7 * 24 * time.Hour // longest wait, reset or window
)

// parseSeconds parses a non-negative decimal number of seconds ("55",
// "1.5") into a duration clamped to MaxDuration.
func parseSeconds(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" || !isDecimal(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	return clampSeconds(f), true
}

// clampSeconds converts f seconds to a duration in [0, MaxDuration].
func clampSeconds(f float64) time.Duration {
	if math.IsNaN(f) || f <= 0 {
		return 0
	}
	if f >= MaxDuration.Seconds() {
		return MaxDuration
	}
	return time.Duration(f * float64(time.Second))
}

// clampDuration bounds d to [0, MaxDuration].
func clampDuration(d time.Duration) time.Duration {
	return min(max(d, 0), MaxDuration)
}

// parseCount parses a non-negative integer clamped to MaxCount.
func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > MaxCount {
		// Only a range error is possible here: all digits.
		return MaxCount, true
	}
	return int(n), true
}

// isDecimal reports whether s is digits with at most one '.', and at least
// one digit.
func isDecimal(s string) bool {
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
