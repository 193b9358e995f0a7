package hints

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Quota is a server's report of the request budget left in its current
// rate-limit window.
type Quota struct {
	Bucket    string        // bucket the numbers are for ("api", "pages", ...); "" if unnamed
	Remaining int           // requests left in the current window
	Reset     time.Duration // until the window resets and Remaining refills
	Limit     int           // requests allowed per window; 0 if not sent
	Window    time.Duration // window length; 0 if not sent
	Source    string        // header family read: "RateLimit" or "X-RateLimit"
}

// Header families reported in Quota.Source.
const (
	SourceIETF   = "RateLimit"   // draft-ietf-httpapi-ratelimit-headers RateLimit / RateLimit-Policy
	SourceLegacy = "X-RateLimit" // X-RateLimit-Limit / -Remaining / -Reset (or unprefixed RateLimit-*)
)

// ParseQuota reads the remaining quota from h. It prefers the IETF draft
// fields exactly as Hugging Face sends them,
//
//	RateLimit: "api";r=489;t=189
//	RateLimit-Policy: "fixed window";"api";q=500;w=300
//
// tolerating spacing, key case, bare bucket names and several items (the
// most restrictive one, lowest r/t, wins), and falls back to the
// X-RateLimit-Limit/-Remaining/-Reset trio, whose Reset may be seconds from
// now or a Unix epoch (seconds or milliseconds). ok is false unless both a
// remaining count and a reset time were found.
func ParseQuota(h http.Header, now time.Time) (Quota, bool) {
	if q, ok := parseIETF(h); ok {
		return q, true
	}
	return parseLegacy(h, now)
}

// parseIETF reads RateLimit and RateLimit-Policy.
func parseIETF(h http.Header) (Quota, bool) {
	items := parseList(h.Values("RateLimit"))
	var best Quota
	found := false
	consider := func(q Quota) {
		if !found || moreRestrictive(q, best) {
			best, found = q, true
		}
	}
	var dict struct {
		r, t, q    string
		hasR, hasT bool
	}
	for _, it := range items {
		rs, okR := it.param("r")
		ts, okT := it.param("t")
		if okR && okT {
			r, ok1 := parseCount(rs)
			t, ok2 := parseSeconds(ts)
			if ok1 && ok2 {
				q := Quota{Remaining: r, Reset: t, Source: SourceIETF}
				if n := it.names(); len(n) > 0 {
					q.Bucket = n[len(n)-1]
				}
				consider(q)
			}
			continue
		}
		// Older drafts: a dictionary "limit=100, remaining=50, reset=5".
		if v, ok := it.param("remaining"); ok {
			dict.r, dict.hasR = v, true
		}
		if v, ok := it.param("reset"); ok {
			dict.t, dict.hasT = v, true
		}
		if v, ok := it.param("limit"); ok {
			dict.q = v
		}
	}
	if !found && dict.hasR && dict.hasT {
		r, ok1 := parseCount(dict.r)
		t, ok2 := parseSeconds(dict.t)
		if ok1 && ok2 {
			best, found = Quota{Remaining: r, Reset: t, Source: SourceIETF}, true
			best.Limit, _ = parseCount(dict.q)
		}
	}
	if !found {
		return Quota{}, false
	}
	best.Limit, best.Window = policyFor(parseList(h.Values("RateLimit-Policy")), best.Bucket, best.Limit)
	return best, true
}

// policyFor returns quota and window of the policy item naming bucket, or of
// the only item when none names it. limit is returned unchanged when no
// policy gives a quota.
func policyFor(items []item, bucket string, limit int) (int, time.Duration) {
	var pick item
	for _, it := range items {
		for _, n := range it.names() {
			if bucket != "" && strings.EqualFold(n, bucket) {
				pick = it
			}
		}
	}
	if pick == nil && len(items) == 1 {
		pick = items[0]
	}
	if pick == nil {
		return limit, 0
	}
	if v, ok := pick.param("q"); ok {
		if n, ok := parseCount(v); ok {
			limit = n
		}
	} else {
		// Older drafts: a bare quota, "100;w=60".
		for _, n := range pick.names() {
			if c, ok := parseCount(n); ok {
				limit = c
				break
			}
		}
	}
	var w time.Duration
	if v, ok := pick.param("w"); ok {
		w, _ = parseSeconds(v)
	}
	return limit, w
}

// moreRestrictive reports whether a leaves a lower rate (Remaining/Reset)
// than b; on a tie the longer Reset wins. A window resetting now is the
// least restrictive.
func moreRestrictive(a, b Quota) bool {
	ra, rb := rateOf(a), rateOf(b)
	if ra != rb {
		return ra < rb
	}
	return a.Reset > b.Reset
}

func rateOf(q Quota) float64 {
	if q.Reset <= 0 {
		return math.Inf(1)
	}
	return float64(q.Remaining) / q.Reset.Seconds()
}

// parseLegacy reads the X-RateLimit-* trio, or the unprefixed RateLimit-*
// trio of early drafts.
func parseLegacy(h http.Header, now time.Time) (Quota, bool) {
	for _, prefix := range []string{"X-RateLimit-", "RateLimit-"} {
		rem, ok1 := firstNumber(h.Get(prefix + "Remaining"))
		rst, ok2 := firstNumber(h.Get(prefix + "Reset"))
		if !ok1 || !ok2 {
			continue
		}
		r, ok1 := parseCount(rem)
		reset, ok2 := parseReset(rst, now)
		if !ok1 || !ok2 {
			continue
		}
		q := Quota{Remaining: r, Reset: reset, Source: SourceLegacy}
		if lim, ok := firstNumber(h.Get(prefix + "Limit")); ok {
			q.Limit, _ = parseCount(lim)
		}
		return q, true
	}
	return Quota{}, false
}

// firstNumber returns the leading element of a value such as "100" or
// "100, 100;w=60".
func firstNumber(v string) (string, bool) {
	v, _, _ = strings.Cut(v, ",")
	v, _, _ = strings.Cut(v, ";")
	v = strings.TrimSpace(v)
	return v, v != ""
}

// Thresholds above which an X-RateLimit-Reset is an epoch, not a delta: no
// server asks to wait three years.
const (
	epochSeconds = 1e8  // 1973-03-03 as Unix seconds
	epochMillis  = 1e11 // 1973-03-03 as Unix milliseconds
)

// parseReset parses seconds-from-now or a Unix epoch in seconds or
// milliseconds; an epoch in the past yields 0.
func parseReset(s string, now time.Time) (time.Duration, bool) {
	if !isDecimal(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	switch {
	case f >= epochMillis:
		return untilEpoch(f/1e3, now), true
	case f >= epochSeconds:
		return untilEpoch(f, now), true
	default:
		return clampSeconds(f), true
	}
}

// untilEpoch returns the time from now until Unix time sec, in [0, MaxDuration].
func untilEpoch(sec float64, now time.Time) time.Duration {
	d := sec - float64(now.UnixNano())/1e9
	return clampSeconds(d)
}
