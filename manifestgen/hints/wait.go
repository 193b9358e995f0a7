package hints

import (
	"net/http"
	"time"
)

// ResetSlack is added to a quota reset before retrying: Hugging Face rounds
// t to whole seconds and recommends waiting t+1 s.
const ResetSlack = time.Second

// Reasons reported by ServerWait.
const (
	WhyRetryAfter = "Retry-After"
	WhyQuota      = "quota exhausted (r=0)"
)

// ServerWait returns how long the server asks the client to wait before its
// next request: the Retry-After value, or the quota reset plus ResetSlack
// when the remaining quota is 0, whichever is longer. why names the header
// that decided. ok is false when h asks for no wait.
func ServerWait(h http.Header, now time.Time) (d time.Duration, why string, ok bool) {
	if v := h.Get("Retry-After"); v != "" {
		if ra, okRA := ParseRetryAfter(v, now); okRA {
			d, why, ok = ra, WhyRetryAfter, true
		}
	}
	if q, okQ := ParseQuota(h, now); okQ && q.Remaining == 0 {
		if w := clampDuration(q.Reset + ResetSlack); !ok || w > d {
			d, why, ok = w, WhyQuota, true
		}
	}
	return d, why, ok
}
