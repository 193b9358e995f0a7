package httpcache

import (
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// defaultMaxEntry is the largest body stored when Transport.MaxEntry <= 0.
const defaultMaxEntry = 64 << 20

// Transport is an http.RoundTripper that stores 200 responses to GETs in Dir
// and revalidates them (see the package documentation). A Transport with an
// empty Dir passes every request through. It is safe for concurrent use and
// must not be copied after first use.
type Transport struct {
	Dir      string            // cache directory; "" disables the cache
	Base     http.RoundTripper // nil: http.DefaultTransport
	Logger   *slog.Logger      // nil: discard
	MaxEntry int64             // largest body stored; <= 0 means 64 MiB
	// Secrets are never written to the cache: a response whose stored
	// headers or body spell one is not stored. nil: no check.
	Secrets *redact.Set
	// Origin, if set, stands for the scheme and host of every request URL
	// in the cache keys, so that a server whose address changes from run
	// to run (the embedded hub's random port) finds its entries again.
	// Every reuse is still confirmed by that server's 304.
	Origin string

	counters counters
}

// RoundTrip sends req through Base, revalidating a stored entry when there
// is one and storing a new cacheable 200 while its body is read. Cache I/O
// problems are logged and counted, never returned.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if reason := t.bypass(req); reason != "" {
		t.counters.bypassed.Add(1)
		t.log().Debug("httpcache: bypass", "host", req.URL.Host, "path", req.URL.Path, "reason", reason)
		return t.base().RoundTrip(req)
	}
	key := cacheKey(req, t.Origin)
	path := filepath.Join(t.Dir, key)
	ent := t.lookup(req, key, path)
	if ent == nil {
		t.counters.misses.Add(1)
		return t.fetch(req, key, path)
	}
	cond := req.Clone(req.Context())
	if v := ent.meta.Header.Get("ETag"); v != "" {
		cond.Header.Set("If-None-Match", v)
	}
	if v := ent.meta.Header.Get("Last-Modified"); v != "" {
		cond.Header.Set("If-Modified-Since", v)
	}
	resp, err := t.base().RoundTrip(cond)
	if err != nil {
		ent.f.Close()
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && t.matches(resp, ent):
		return t.revalidated(req, resp, ent, path), nil
	case resp.StatusCode == http.StatusNotModified:
		ent.f.Close()
		discard(resp)
		t.log().Debug("httpcache: 304 for another representation, refetching", "host", req.URL.Host, "path", req.URL.Path)
		t.counters.misses.Add(1)
		return t.fetch(req, key, path)
	case resp.StatusCode == http.StatusOK:
		ent.f.Close()
		t.counters.changed.Add(1)
		return t.store(req, resp, key, path), nil
	default:
		ent.f.Close()
		return resp, nil
	}
}

// bypass returns why req is not eligible for the cache, or "".
func (t *Transport) bypass(req *http.Request) string {
	switch {
	case t.Dir == "":
		return "no cache directory"
	case req.Method != http.MethodGet:
		return "method " + req.Method
	case req.Body != nil && req.Body != http.NoBody:
		return "request body"
	case req.Header.Get("Range") != "":
		return "Range"
	case hasDirective(req.Header, "no-store"):
		return "request no-store"
	}
	for _, h := range conditionalHeaders {
		if req.Header.Get(h) != "" {
			return "caller set " + h
		}
	}
	return ""
}

// fetch sends req unconditionally and stores a cacheable 200.
func (t *Transport) fetch(req *http.Request, key, path string) (*http.Response, error) {
	resp, err := t.base().RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp, nil
	}
	return t.store(req, resp, key, path), nil
}

// entry is a validated entry with its file open for reading the body.
type entry struct {
	meta *meta
	f    *os.File
}

// lookup opens and validates the entry at path. It returns nil when there is
// no usable entry; a corrupt one is counted and removed.
func (t *Transport) lookup(req *http.Request, key, path string) *entry {
	f, err := openEntry(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if errors.Is(err, errNotRegular) {
		t.counters.failed.Add(1)
		t.log().Warn("httpcache: ignoring a cache path that is not a regular file", "key", short(key), "err", err)
		return nil
	}
	if err != nil {
		t.fail("opening entry", key, err)
		return nil
	}
	m, err := func() (*meta, error) {
		fi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		return readEntry(f, fi.Size(), key)
	}()
	switch {
	case errors.Is(err, errCorrupt):
		f.Close()
		t.counters.corrupt.Add(1)
		t.log().Warn("httpcache: ignoring corrupt entry", "key", short(key), "err", err)
		t.remove(path, key)
		return nil
	case err != nil:
		f.Close()
		t.fail("reading entry", key, err)
		return nil
	case !varyMatches(req, m.Vary):
		f.Close()
		return nil
	}
	return &entry{meta: m, f: f}
}

// matches reports whether a 304 validates ent: a 304 naming another ETag
// is about a representation we do not have.
func (t *Transport) matches(resp *http.Response, ent *entry) bool {
	got, have := resp.Header.Get("ETag"), ent.meta.Header.Get("ETag")
	return got == "" || have == "" || sameETag(got, have)
}

// revalidated turns a 304 into a 200 carrying the stored body.
func (t *Transport) revalidated(req *http.Request, resp *http.Response, ent *entry, path string) *http.Response {
	discard(resp)
	h := mergeHeaders(ent.meta.Header, resp.Header)
	h.Set(MarkerHeader, "revalidated")
	if hasDirective(resp.Header, "no-store") {
		t.remove(path, ent.meta.Key)
	} else {
		// Mark the entry as used, for Prune.
		now := time.Now()
		if err := os.Chtimes(path, now, now); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.fail("marking entry used", ent.meta.Key, err)
		}
	}
	t.counters.hits304.Add(1)
	t.log().Debug("httpcache: revalidated", "host", req.URL.Host, "path", req.URL.Path, "bytes", ent.meta.BodyLen)
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         resp.Proto,
		ProtoMajor:    resp.ProtoMajor,
		ProtoMinor:    resp.ProtoMinor,
		Header:        h,
		Body:          &checkedBody{r: io.NewSectionReader(ent.f, 0, ent.meta.BodyLen), c: ent.f, h: sha256.New(), want: ent.meta.BodySHA256},
		ContentLength: ent.meta.BodyLen,
		Request:       req,
		TLS:           resp.TLS,
	}
}

// remove deletes the entry at path; a missing file is fine.
func (t *Transport) remove(path, key string) {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.fail("removing entry", key, err)
	}
}

func (t *Transport) fail(what, key string, err error) {
	t.counters.failed.Add(1)
	t.log().Warn("httpcache: "+what, "key", short(key), "err", err)
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

func (t *Transport) log() *slog.Logger {
	if t.Logger != nil {
		return t.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (t *Transport) maxEntry() int64 {
	if t.MaxEntry > 0 {
		return t.MaxEntry
	}
	return defaultMaxEntry
}

// discard drains a little of a body we do not return, so the connection can
// be reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// short abbreviates a key for logs.
func short(key string) string { return key[:min(len(key), 12)] }
