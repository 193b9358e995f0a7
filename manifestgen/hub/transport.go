package hub

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
)

// Transport returns an http.RoundTripper that serves requests from the hub
// in memory, with no socket and no goroutine, so that clients can be tested
// inside a testing/synctest bubble. The request's URL host is the host the
// hub sees (links and next-page URLs point back to it) and an https scheme
// is kept. Each request is handled to completion before RoundTrip returns
// (latency and slow bodies are waited out by the caller). An injected reset
// is returned as an error satisfying errors.Is(err, syscall.ECONNRESET); a
// truncated body reads the bytes sent and then fails with
// io.ErrUnexpectedEOF, as net/http reports a short Content-Length body.
func (h *Hub) Transport() http.RoundTripper { return memTransport{h} }

type memTransport struct{ h http.Handler }

// RoundTrip implements http.RoundTripper.
func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	r := req.Clone(req.Context())
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.RequestURI = req.URL.RequestURI()
	r.RemoteAddr = "127.0.0.1:1"
	if req.URL.Scheme == "https" {
		r.TLS = &tls.ConnectionState{HandshakeComplete: true}
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	rec := &recorder{header: http.Header{}}
	if aborted := serveCatchingAbort(t.h, rec, r); aborted {
		if err := req.Context().Err(); err != nil {
			return nil, err
		}
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	body := rec.body.Bytes()
	var rd io.Reader = bytes.NewReader(body)
	length := int64(len(body))
	if n, err := strconv.ParseInt(rec.header.Get("Content-Length"), 10, 64); err == nil {
		if n > length && req.Method != http.MethodHead {
			rd = io.MultiReader(rd, errReader{io.ErrUnexpectedEOF})
		}
		length = n
	}
	return &http.Response{
		Status:        strconv.Itoa(rec.status) + " " + http.StatusText(rec.status),
		StatusCode:    rec.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.header,
		Body:          io.NopCloser(rd),
		ContentLength: length,
		Request:       req,
	}, nil
}

// serveCatchingAbort runs the handler and reports whether it aborted with
// http.ErrAbortHandler; any other panic is re-raised.
func serveCatchingAbort(h http.Handler, w http.ResponseWriter, r *http.Request) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler { //nolint:errorlint // a panic value, compared as net/http does
				panic(v)
			}
			aborted = true
		}
	}()
	h.ServeHTTP(w, r)
	return false
}

// recorder is a minimal http.ResponseWriter that keeps what was written.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

// Flush implements http.Flusher (a no-op: the body is handed over whole).
func (r *recorder) Flush() {}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
