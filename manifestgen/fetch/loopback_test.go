package fetch

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

// TestLoopbackInFlight drives a real 127.0.0.1 server (bounded: 60
// requests, well under 2 s) and records the most requests in flight at the
// server, which must not exceed the limiter's Concurrency.
func TestLoopbackInFlight(t *testing.T) {
	const concurrency, requests = 3, 60
	var inflight, maxIn, served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for m := maxIn.Load(); n > m && !maxIn.CompareAndSwap(m, n); m = maxIn.Load() {
		}
		served.Add(1)
		time.Sleep(10 * time.Millisecond)
		if r.URL.Query().Get("i") == "7" && served.Load() < 20 {
			w.WriteHeader(http.StatusServiceUnavailable) // one retry, through the limiter again
			return
		}
		jsonOK(w)
	}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: concurrency}
	defer tr.CloseIdleConnections()
	c := &Client{
		HTTP:    &http.Client{Transport: tr, Timeout: 2 * time.Second},
		Limiter: limit.New("loopback", limit.Config{Concurrency: concurrency, RPS: 400, Burst: concurrency}, nil),
		Policy:  Policy{BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond, Deadline: 2 * time.Second},
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), fmt.Sprintf("%s/api/models?i=%d", srv.URL, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := maxIn.Load(); m > concurrency || m < 2 {
		t.Errorf("max in flight at the server %d; want 2..%d", m, concurrency)
	}
	if s := served.Load(); s < requests {
		t.Errorf("server served %d; want >= %d", s, requests)
	}
	t.Logf("%d served in %v, max in flight %d", served.Load(), time.Since(start), maxIn.Load())
}
