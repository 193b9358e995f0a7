package hints

import (
	"net/http"
	"strings"
	"time"
)

// ParseRetryAfter parses a Retry-After value, either delta-seconds ("55")
// or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"), into the wait from now.
// A date in the past yields 0. Negative numbers and garbage yield ok=false.
// Fractional seconds ("1.5") are accepted; the result is at most MaxDuration.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if d, ok := parseSeconds(v); ok {
		return d, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return clampDuration(t.Sub(now)), true
}
