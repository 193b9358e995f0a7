package httpcache

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Many goroutines on two Transports sharing one directory (as two processes
// would) while the origin's representations change: every caller gets a
// body matching the ETag it was given, and no entry is ever corrupt.
func TestConcurrentSharedDir(t *testing.T) {
	const (
		paths      = 4
		goroutines = 8
		perG       = 20
	)
	var served atomic.Int64
	bodyFor := func(etag string) string { return strings.Repeat(etag+";", 400) }
	o := newOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		version := served.Add(1) / 25 // a new version every 25 requests
		etag := fmt.Sprintf(`"%s-%d"`, r.URL.Path, version)
		w.Header().Set("ETag", etag)
		w.Header().Set("RateLimit", fmt.Sprintf(`"api";r=%d;t=1`, version))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, bodyFor(etag))
	})
	base := o.Client().Transport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = goroutines * 2 // reuse connections, no socket churn
	t.Cleanup(base.CloseIdleConnections)
	dir := t.TempDir()
	trs := []*Transport{{Dir: dir, Base: base}, {Dir: dir, Base: base}}
	var wg sync.WaitGroup
	errs := make(chan error, len(trs)*goroutines*perG)
	for i, tr := range trs {
		for g := range goroutines {
			wg.Go(func() {
				for n := range perG {
					url := fmt.Sprintf("%s/p%d", o.URL, (i+g+n)%paths)
					req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
					resp, err := tr.RoundTrip(req)
					if err != nil {
						errs <- err
						continue
					}
					body, err := io.ReadAll(resp.Body)
					resp.Body.Close()
					if etag := resp.Header.Get("ETag"); err != nil || string(body) != bodyFor(etag) {
						errs <- fmt.Errorf("%s: body does not match ETag %s (err %v)", url, etag, err)
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var total Stats
	for _, tr := range trs {
		s := tr.Stats()
		total.Hits304 += s.Hits304
		total.Corrupt += s.Corrupt
		total.Failed += s.Failed
		total.Stored += s.Stored
	}
	if total.Corrupt != 0 || total.Failed != 0 {
		t.Errorf("stats = %+v", total)
	}
	if total.Hits304 == 0 || total.Stored == 0 {
		t.Errorf("the test exercised no revalidation or no store: %+v", total)
	}
	for _, path := range entries(t, dir) {
		checkEntry(t, path)
	}
	t.Logf("stats over %d requests: %+v", len(trs)*goroutines*perG, total)
}
