package hints

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"55", "0", "120", "1.5", "-1", "", "soon",
		"Tue, 18 Nov 2025 12:01:30 GMT", "Tuesday, 18-Nov-25 12:00:10 GMT", "Tue Nov 18 12:00:05 2025",
		"99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseRetryAfter(s, now)
		if d < 0 || d > MaxDuration || (!ok && d != 0) {
			t.Fatalf("ParseRetryAfter(%q) = %v, %v", s, d, ok)
		}
		trimmed := strings.TrimSpace(s)
		if strings.HasPrefix(trimmed, "-") && ok {
			t.Fatalf("ParseRetryAfter(%q) accepted a negative value", s)
		}
		if n, err := strconv.ParseUint(trimmed, 10, 20); err == nil && trimmed[0] != '+' {
			if want := min(time.Duration(n)*time.Second, MaxDuration); !ok || d != want {
				t.Fatalf("ParseRetryAfter(%q) = %v, %v; want %v", s, d, ok, want)
			}
		}
	})
}

func FuzzParseQuota(f *testing.F) {
	// Real examples from headers.md, then variants.
	f.Add(`"api";r=0;t=55`, `"fixed window";"api";q=500;w=300`, "", "", "")
	f.Add(`"api";r=489;t=189`, `"fixed window";"api";q=500;w=300`, "", "", "")
	f.Add(`"api|pages|resolvers";r=[remaining];t=[seconds remaining until reset]`,
		`"fixed window";"api|pages|resolvers";q=[total allowed for window];w=[window duration in seconds]`, "", "", "")
	f.Add(`"api";r=400;t=100, "burst";r=5;t=10`, `"api";q=500;w=300, "burst";q=10;w=10`, "", "", "")
	f.Add(`limit=100, remaining=50, reset=5`, `100;w=60`, "", "", "")
	f.Add(`"a\";r=1`, `"`, "", "", "")
	f.Add("", "", "60", "12", "1763467260")
	f.Add("", "", "100, 100;w=60", "0", "1763467202500")
	f.Add("", "", "-1", "-5", "1e400")
	f.Fuzz(func(t *testing.T, rl, policy, lim, rem, reset string) {
		h := http.Header{}
		for k, v := range map[string]string{"RateLimit": rl, "RateLimit-Policy": policy,
			"X-RateLimit-Limit": lim, "X-RateLimit-Remaining": rem, "X-RateLimit-Reset": reset} {
			if v != "" {
				h.Set(k, v)
			}
		}
		q, ok := ParseQuota(h, now)
		if !ok && q != (Quota{}) {
			t.Fatalf("not ok but %+v", q)
		}
		if q.Remaining < 0 || q.Remaining > MaxCount || q.Limit < 0 || q.Limit > MaxCount ||
			q.Reset < 0 || q.Reset > MaxDuration || q.Window < 0 || q.Window > MaxDuration {
			t.Fatalf("out of bounds: %+v", q)
		}
		if ok && q.Source != SourceIETF && q.Source != SourceLegacy {
			t.Fatalf("bad source: %+v", q)
		}
		h.Set("Retry-After", rem)
		d, why, ok := ServerWait(h, now)
		if d < 0 || d > MaxDuration || ok != (why != "") || (!ok && d != 0) {
			t.Fatalf("ServerWait = %v, %q, %v", d, why, ok)
		}
	})
}
