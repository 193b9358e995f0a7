package hints

import (
	"net/http"
	"testing"
	"time"
)

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestParseQuota(t *testing.T) {
	tests := []struct {
		name   string
		h      http.Header
		want   Quota
		wantOK bool
	}{
		{
			name:   "HF 429, headers.md",
			h:      header("ratelimit", `"api";r=0;t=55`, "ratelimit-policy", `"fixed window";"api";q=500;w=300`),
			want:   Quota{Bucket: "api", Remaining: 0, Reset: 55 * time.Second, Limit: 500, Window: 300 * time.Second, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "HF 200, headers.md",
			h:      header("RateLimit", `"api";r=489;t=189`, "RateLimit-Policy", `"fixed window";"api";q=500;w=300`),
			want:   Quota{Bucket: "api", Remaining: 489, Reset: 189 * time.Second, Limit: 500, Window: 300 * time.Second, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "spacing and case",
			h:      header("RateLimit", ` "pages" ; R = 7 ; T = 12 `, "RateLimit-Policy", `"Fixed Window" ; "PAGES" ; Q = 100 ; W = 300`),
			want:   Quota{Bucket: "pages", Remaining: 7, Reset: 12 * time.Second, Limit: 100, Window: 300 * time.Second, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "bare bucket name",
			h:      header("RateLimit", `resolvers;r=10;t=3`),
			want:   Quota{Bucket: "resolvers", Remaining: 10, Reset: 3 * time.Second, Source: SourceIETF},
			wantOK: true,
		},
		{
			name: "several items, most restrictive wins, policy matched by name",
			h: header("RateLimit", `"api";r=400;t=100, "burst";r=5;t=10`,
				"RateLimit-Policy", `"fixed window";"api";q=500;w=300, "burst";q=10;w=10`),
			want:   Quota{Bucket: "burst", Remaining: 5, Reset: 10 * time.Second, Limit: 10, Window: 10 * time.Second, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "several header lines, r=0 wins",
			h:      header("RateLimit", `"api";r=400;t=100`, "RateLimit", `"pages";r=0;t=30`),
			want:   Quota{Bucket: "pages", Remaining: 0, Reset: 30 * time.Second, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "quoted name with separators",
			h:      header("RateLimit", `"a;b,c=\"d";r=1;t=2`),
			want:   Quota{Bucket: `a;b,c="d`, Remaining: 1, Reset: 2 * time.Second, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "older draft dictionary",
			h:      header("RateLimit", `limit=100, remaining=50, reset=5`),
			want:   Quota{Remaining: 50, Reset: 5 * time.Second, Limit: 100, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "policy bare quota, single item used without a name",
			h:      header("RateLimit", `r=3;t=4`, "RateLimit-Policy", `100;w=60`),
			want:   Quota{Remaining: 3, Reset: 4 * time.Second, Limit: 100, Window: time.Minute, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "huge values clamped",
			h:      header("RateLimit", `"api";r=99999999999999999999;t=99999999999`),
			want:   Quota{Bucket: "api", Remaining: MaxCount, Reset: MaxDuration, Source: SourceIETF},
			wantOK: true,
		},
		{
			name:   "X-RateLimit trio, delta seconds",
			h:      header("X-RateLimit-Limit", "60", "X-RateLimit-Remaining", "12", "X-RateLimit-Reset", "30"),
			want:   Quota{Remaining: 12, Reset: 30 * time.Second, Limit: 60, Source: SourceLegacy},
			wantOK: true,
		},
		{
			name:   "X-RateLimit trio, epoch seconds",
			h:      header("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1763467260"), // now + 60 s
			want:   Quota{Remaining: 0, Reset: time.Minute, Source: SourceLegacy},
			wantOK: true,
		},
		{
			name:   "X-RateLimit trio, epoch milliseconds",
			h:      header("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "1763467202500"),
			want:   Quota{Remaining: 3, Reset: 2500 * time.Millisecond, Source: SourceLegacy},
			wantOK: true,
		},
		{
			name:   "X-RateLimit trio, past epoch",
			h:      header("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "1700000000"),
			want:   Quota{Remaining: 3, Source: SourceLegacy},
			wantOK: true,
		},
		{
			name:   "unprefixed draft trio with list limit",
			h:      header("RateLimit-Limit", "100, 100;w=60", "RateLimit-Remaining", "99", "RateLimit-Reset", "59"),
			want:   Quota{Remaining: 99, Reset: 59 * time.Second, Limit: 100, Source: SourceLegacy},
			wantOK: true,
		},
		{
			name:   "garbage RateLimit falls back to trio",
			h:      header("RateLimit", `"api";r=-1;t=x`, "X-RateLimit-Remaining", "1", "X-RateLimit-Reset", "2"),
			want:   Quota{Remaining: 1, Reset: 2 * time.Second, Source: SourceLegacy},
			wantOK: true,
		},
		{name: "documented template is not a value", h: header("RateLimit", `"api|pages|resolvers";r=[remaining];t=[seconds remaining until reset]`)},
		{name: "remaining only", h: header("RateLimit", `"api";r=5`)},
		{name: "negative trio", h: header("X-RateLimit-Remaining", "-1", "X-RateLimit-Reset", "10")},
		{name: "none", h: header()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseQuota(tt.h, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseQuota = %+v, %v; want %+v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestServerWait(t *testing.T) {
	tests := []struct {
		name    string
		h       http.Header
		want    time.Duration
		wantWhy string
	}{
		{"retry-after", header("Retry-After", "7"), 7 * time.Second, WhyRetryAfter},
		{"quota exhausted", header("RateLimit", `"api";r=0;t=55`), 56 * time.Second, WhyQuota},
		{"both, longer wins", header("Retry-After", "120", "RateLimit", `"api";r=0;t=55`), 2 * time.Minute, WhyRetryAfter},
		{"both, quota longer", header("Retry-After", "5", "RateLimit", `"api";r=0;t=55`), 56 * time.Second, WhyQuota},
		{"quota left", header("RateLimit", `"api";r=1;t=55`), 0, ""},
		{"garbage", header("Retry-After", "later"), 0, ""},
		{"none", header(), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, why, ok := ServerWait(tt.h, now)
			if d != tt.want || why != tt.wantWhy || ok != (tt.wantWhy != "") {
				t.Errorf("ServerWait = %v, %q, %v; want %v, %q", d, why, ok, tt.want, tt.wantWhy)
			}
		})
	}
}
