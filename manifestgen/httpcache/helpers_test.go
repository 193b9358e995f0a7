package httpcache

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// origin is a test server on 127.0.0.1 that records the conditional headers
// of every request it sees.
type origin struct {
	*httptest.Server
	mu      sync.Mutex
	handler http.HandlerFunc
	seen    []http.Header
}

func newOrigin(t *testing.T, h http.HandlerFunc) *origin {
	t.Helper()
	o := &origin{handler: h}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.seen = append(o.seen, r.Header.Clone())
		h := o.handler
		o.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(o.Close)
	return o
}

// setHandler replaces the handler for later requests.
func (o *origin) setHandler(h http.HandlerFunc) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.handler = h
}

// last returns the headers of the latest request and how many were seen.
func (o *origin) last() (http.Header, int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.seen) == 0 {
		return nil, 0
	}
	return o.seen[len(o.seen)-1], len(o.seen)
}

func newTransport(t *testing.T, o *origin) *Transport {
	t.Helper()
	return &Transport{Dir: t.TempDir(), Base: o.Client().Transport}
}

// result is a response with its body read and closed.
type result struct {
	status int
	header http.Header
	body   string
	err    error // from reading the body
}

// do sends a request through tr and reads the whole body.
func do(t *testing.T, tr http.RoundTripper, method, url string, hdr http.Header) result {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	body, rerr := io.ReadAll(resp.Body)
	if cerr := resp.Body.Close(); rerr == nil {
		rerr = cerr
	}
	return result{status: resp.StatusCode, header: resp.Header, body: string(body), err: rerr}
}

func get(t *testing.T, tr http.RoundTripper, url string) result {
	t.Helper()
	return do(t, tr, http.MethodGet, url, nil)
}

// entries lists the entry files in dir and fails on leftover temporary files.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", de.Name())
			continue
		}
		out = append(out, filepath.Join(dir, de.Name()))
	}
	return out
}

// onlyEntry returns the single entry file in dir.
func onlyEntry(t *testing.T, dir string) string {
	t.Helper()
	es := entries(t, dir)
	if len(es) != 1 {
		t.Fatalf("want 1 entry in cache dir, got %d", len(es))
	}
	return es[0]
}

// checkEntry decodes the entry file at path and fails if it is not valid.
func checkEntry(t *testing.T, path string) *meta {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := readEntry(f, fi.Size(), filepath.Base(path))
	if err != nil {
		t.Fatalf("entry %s: %v", filepath.Base(path), err)
	}
	return m
}

// validated answers 304 when the request's If-None-Match or
// If-Modified-Since matches etag/lastMod, else 200 with body.
func validated(etag, lastMod, body string, extra http.Header) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range extra {
			w.Header()[k] = v
		}
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		if lastMod != "" {
			w.Header().Set("Last-Modified", lastMod)
		}
		inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		if (etag != "" && inm == etag) || (etag == "" && lastMod != "" && ims == lastMod) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }
