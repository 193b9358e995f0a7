package fetch

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/manifestgen/manifestgen/manifestgen/internal/syncbuf"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// handlerTransport is an in-memory http.RoundTripper that calls an
// http.Handler directly, so tests run on synctest's fake clock. Like
// net/http it fails a body read with io.ErrUnexpectedEOF when the handler
// declared a longer Content-Length than it wrote. A handler that sets the
// X-Test-Error header ("reset", "refused" or "timeout") makes the round
// trip fail with that transport error instead.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	if err := req.Context().Err(); err != nil {
		return nil, err // the client gave up while the handler ran
	}
	switch rec.Header().Get("X-Test-Error") {
	case "reset":
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	case "refused":
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	case "timeout":
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}
	}
	res := rec.Result()
	res.Request = req
	if res.ContentLength > int64(rec.Body.Len()) {
		res.Body = io.NopCloser(io.MultiReader(bytes.NewReader(rec.Body.Bytes()), errReader{io.ErrUnexpectedEOF}))
	}
	return res, nil
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// memClient returns a Client whose requests go to h in memory.
func memClient(h http.Handler) *Client {
	return &Client{HTTP: &http.Client{Transport: handlerTransport{h}}}
}

// jsonOK writes a small JSON 200.
func jsonOK(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `[]`)
}

// arrivals records when requests reach a handler; safe for concurrent use.
type arrivals struct {
	mu sync.Mutex
	at []time.Time
}

func (a *arrivals) add() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.at = append(a.at, time.Now())
	return len(a.at)
}

// offsets returns arrival times relative to t0.
func (a *arrivals) offsets(t0 time.Time) []time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]time.Duration, len(a.at))
	for i, t := range a.at {
		out[i] = t.Sub(t0)
	}
	return out
}

func debugLogger() (*slog.Logger, *syncbuf.Buffer) {
	buf := &syncbuf.Buffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// ceilingBackoff is a deterministic Backoff: always the ceiling.
func ceilingBackoff(retry int, base, maxDelay time.Duration) time.Duration {
	return BackoffCeiling(retry, base, maxDelay)
}
