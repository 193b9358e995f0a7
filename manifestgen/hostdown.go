package manifestgen

import (
	"context"
	"sync/atomic"

	"github.com/manifestgen/manifestgen/manifestgen/cause"
	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/pipeline"
)

// hostDown stops a source from spending retries on a host that is not
// there: once one page failed after all its retries without ever
// connecting (DNS, refused, no route, connect timeout) and no attempt of the
// run has had a response from the host, every later page fails at once
// with that cause. A host that answered once, with anything, is never
// given up on this way.
type hostDown struct {
	responded atomic.Bool
	down      atomic.Pointer[error] // the first unreachable page's error
}

// observe notes attempts that got a response.
func (h *hostDown) observe(a fetch.Attempt) {
	if a.Status != 0 {
		h.responded.Store(true)
	}
}

// wrap returns page guarded by h.
func (h *hostDown) wrap(page func(context.Context, string) (pipeline.Page, error)) func(context.Context, string) (pipeline.Page, error) {
	return func(ctx context.Context, u string) (pipeline.Page, error) {
		if err := h.down.Load(); err != nil && !h.responded.Load() {
			return pipeline.Page{}, &HostDownError{Err: *err}
		}
		p, err := page(ctx, u)
		if err != nil && !h.responded.Load() {
			if c, ok := cause.Of(err); ok && c.Unreachable {
				h.down.CompareAndSwap(nil, &err)
			}
		}
		return p, err
	}
}

// HostDownError is the error of a page not requested because its host
// could not be reached by an earlier page of the run (Err, which it wraps).
type HostDownError struct{ Err error }

// Error says the page was not requested, and why.
func (e *HostDownError) Error() string {
	return "not requested, the host is unreachable: " + e.Err.Error()
}

// Unwrap returns the earlier page's error.
func (e *HostDownError) Unwrap() error { return e.Err }
