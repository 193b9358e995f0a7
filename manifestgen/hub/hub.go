package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Hub serves the snapshot over both list APIs and injects the configured
// faults. It is an http.Handler and safe for concurrent use. Its routes:
//
//	GET /api/v1/models  CivitAI model list
//	GET /api/models     Hugging Face model list
//	GET /healthz        200 "ok" (no latency, no faults, not counted)
//
// Any other path gets a 404 JSON error.
type Hub struct {
	opts    Options
	civitai *apiState
	hf      *apiState
	civSnap *civitaiSnapshot // nil: the default snapshot, built on first use
	hfSnap  *hfSnapshot      // nil: the default snapshot, built on first use
}

// New returns a hub with the given options. The default snapshot is built
// on first use and shared by every hub of the process; a scaled CivitAI
// snapshot (Options.Scale > 1) is built by New, unless a hub of the same
// scale has built it before.
func New(opts Options) *Hub {
	h := &Hub{
		opts:    opts,
		civitai: newAPIState(APICivitAI, opts.CivitAI, nil, opts.Seed, 1),
		hf:      newAPIState(APIHuggingFace, opts.HuggingFace, &DefaultHFWindow, opts.Seed, 2),
	}
	if opts.Scale > 1 {
		h.civSnap = civitaiScaled(opts.Scale)
	}
	if opts.Epoch > 0 {
		h.civSnap, h.hfSnap = shifted(opts.Scale, opts.Epoch)
	}
	return h
}

// hfSnapshot returns the Hugging Face snapshot the hub serves.
func (h *Hub) hfSnapshot() *hfSnapshot {
	if h.hfSnap != nil {
		return h.hfSnap
	}
	return huggingface()
}

// civitaiSnap returns the CivitAI snapshot the hub serves.
func (h *Hub) civitaiSnap() *civitaiSnapshot {
	if h.civSnap != nil {
		return h.civSnap
	}
	return civitai()
}

// Stats returns a copy of the counters of both APIs.
func (h *Hub) Stats() Stats {
	return Stats{CivitAI: h.civitai.snapshot(), HuggingFace: h.hf.snapshot()}
}

// ResetStats zeroes the counters (limiter state and fault dice are kept).
func (h *Hub) ResetStats() {
	h.civitai.resetStats()
	h.hf.resetStats()
}

// ServeHTTP implements http.Handler.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	case "/api/v1/models":
		h.serveAPI(w, r, h.civitai, func(r *http.Request) response { return listCivitAI(h.civitaiSnap(), r, h.opts.CivitAI.Listing) })
	case "/api/models":
		h.serveAPI(w, r, h.hf, func(r *http.Request) response { return listHF(h.hfSnapshot(), r, h.opts.HuggingFace.Listing) })
	default:
		if !sleep(r.Context(), h.opts.Latency) {
			panic(http.ErrAbortHandler)
		}
		resp := jsonError(http.StatusNotFound, "Not Found")
		copyHeader(w.Header(), resp.header)
		w.WriteHeader(resp.status)
		_, _ = w.Write(resp.body)
	}
}

// response is a complete answer of an API handler, before faults that touch
// the body.
type response struct {
	status int
	header http.Header
	body   []byte
}

// serveAPI runs one request of an API through the fault layer and the
// handler, and writes the answer.
func (h *Hub) serveAPI(w http.ResponseWriter, r *http.Request, a *apiState, list func(*http.Request) response) {
	v, release := a.admit(time.Now())
	var once sync.Once
	done := func() { once.Do(release) }
	defer done()

	ctx := r.Context()
	if !sleep(ctx, h.opts.Latency) {
		a.record(outCanceled, 0, false)
		done()
		panic(http.ErrAbortHandler) // nothing written: never let net/http send an empty 200
	}
	var resp response
	switch v.kind {
	case reset:
		a.record(outReset, 0, false)
		done()
		abortConn(w)
		return
	case challenge:
		resp = challengePage(r)
	case limited:
		resp = limitedResponse(a.name, v)
	case failure:
		resp = failureResponse(a.name, v.status)
	default:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			resp = jsonError(http.StatusMethodNotAllowed, "Method Not Allowed")
			resp.header.Set("Allow", "GET, HEAD")
		} else {
			resp = list(r)
		}
	}
	if v.kind != challenge {
		v.rl.set(resp.header)
	}

	hdr := w.Header()
	copyHeader(hdr, resp.header)
	// The snapshot's clock: clients measure CivitAI periods against it.
	hdr.Set("Date", ReferenceDate.Format(http.TimeFormat))
	if resp.status == http.StatusOK {
		// Weak: the same page on another port of this hub (the next
		// embedded run) has the same tag, though its nextPage URLs name
		// that port; clients fall back to the cursor for those.
		etag := `W/"` + bodyHash(bytes.ReplaceAll(resp.body, []byte(requestOrigin(r)), nil)) + `"`
		hdr.Set("ETag", etag)
		hdr.Set("Last-Modified", ReferenceDate.Format(http.TimeFormat))
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			hdr.Del("Content-Type")
			a.record(outStatus, http.StatusNotModified, false)
			done()
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	truncated := v.truncate && resp.status == http.StatusOK && len(resp.body) > 0 && r.Method != http.MethodHead
	hdr.Set("Content-Length", strconv.Itoa(len(resp.body)))
	a.record(outStatus, resp.status, truncated)
	body := resp.body
	if truncated {
		body = body[:len(body)/2]
	}
	if r.Method == http.MethodHead || len(body) == 0 {
		done()
		w.WriteHeader(resp.status)
		return
	}
	w.WriteHeader(resp.status)
	writeBody(ctx, w, body, a.faults.SlowBody, done)
}

// writeBody writes body, when slow is positive in up to slowBodyChunks
// chunks with equal pauses between them, the last chunk leaving at slow
// after the first. last runs just before the final write, so a client that
// reads the whole body never sees the request still in flight.
func writeBody(ctx context.Context, w http.ResponseWriter, body []byte, slow time.Duration, last func()) {
	if slow <= 0 {
		last()
		_, _ = w.Write(body)
		return
	}
	step := max((len(body)+slowBodyChunks-1)/slowBodyChunks, 1)
	chunks := (len(body) + step - 1) / step
	if chunks == 1 && !sleep(ctx, slow) {
		return
	}
	flusher, _ := w.(http.Flusher)
	var slept time.Duration
	for i := range chunks {
		if i > 0 {
			due := slow * time.Duration(i) / time.Duration(chunks-1) // exact at the last chunk
			if !sleep(ctx, due-slept) {
				return
			}
			slept = due
		}
		end := min((i+1)*step, len(body))
		if end == len(body) {
			last()
		}
		if _, err := w.Write(body[i*step : end]); err != nil {
			return
		}
		if flusher != nil {
			flusher.Flush()
		}
	}
}

// slowBodyChunks is how many pieces a slow body is written in.
const slowBodyChunks = 8

// abortConn resets the client's connection: with a real connection it is
// hijacked and closed with SO_LINGER 0 (a TCP RST); otherwise the handler
// aborts with http.ErrAbortHandler, which Hub.Transport turns into a
// connection-reset error.
func abortConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// bodyHash is the strong validator of a body: 32 hex digits of its SHA-256.
func bodyHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// etagMatch reports whether an If-None-Match value matches etag (weak
// comparison, as RFC 9110 prescribes for If-None-Match).
func etagMatch(ifNoneMatch, etag string) bool {
	for c := range strings.SplitSeq(ifNoneMatch, ",") {
		c = strings.TrimSpace(c)
		if c == "*" || strings.TrimPrefix(c, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = vs
	}
}
