package hub

import (
	"net/http"
	"testing"
	"testing/synctest"
	"time"
)

// Every 429 of the token bucket carries a Retry-After, also when floating
// point leaves the bucket a hair short of a token (9/s hit every 100 ms).
func TestBucketRetryAfterAlwaysSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{CivitAI: Faults{TokenBucket: &Bucket{Rate: 9, Burst: 3}}})
		refused := 0
		for range 200 {
			resp, _ := get(t, h, civURL("limit", "1"))
			if resp.StatusCode == http.StatusTooManyRequests {
				refused++
				if ra := resp.Header.Get("Retry-After"); ra != "1" {
					t.Fatalf("429 #%d with Retry-After %q; want 1", refused, ra)
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		if refused == 0 {
			t.Fatal("no request refused at 10/s against 9/s")
		}
	})
}
