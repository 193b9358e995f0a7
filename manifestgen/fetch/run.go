package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/hints"
	"github.com/manifestgen/manifestgen/manifestgen/limit"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// run is one Get: its attempts and what they left behind.
type run struct {
	c     *Client
	p     Policy
	u     *url.URL
	sec   *redact.Set
	shown string // u without secrets
	label string
	log   *slog.Logger
	dec   Decoder // nil: read 2xx bodies whole

	attempts int
	last     *Response // last response that arrived
}

func (r *run) do(ctx context.Context) (*Response, error) {
	classify := r.c.Classify
	if classify == nil {
		classify = DefaultClassifier
	}
	backoff := r.c.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	for {
		out, abortErr := r.attempt(ctx)
		if abortErr != nil {
			return nil, r.abort(abortErr)
		}
		resp, err, start := out.resp, out.err, out.start
		end := time.Now()
		verdict := classify(resp, err)
		switch {
		case ctx.Err() != nil && verdict != Accept: // failed because the caller's ctx ended
			verdict = Fail
		case verdict == Accept && resp == nil:
			verdict = Fail // a Classifier cannot accept a response that did not arrive
		}
		if r.c.Limiter != nil {
			o := limit.Observation{Time: end, Start: start, Permanent: verdict == Fail}
			if resp != nil {
				o.Status, o.Header = resp.Status, resp.Header
			}
			r.c.Limiter.Observe(o)
		}
		rec := Attempt{
			Host: r.u.Host, Label: r.label, URL: r.shown, Start: start, Duration: end.Sub(start),
			Attempt: r.attempts, Err: err, Verdict: verdict,
		}
		if resp != nil {
			rec.Status = resp.Status
		}

		if verdict == Accept {
			r.report(rec)
			resp.Attempts = r.attempts
			if out.decodeErr != nil {
				return resp, r.sec.Error(out.decodeErr)
			}
			return resp, nil
		}
		if ctx.Err() != nil {
			r.report(rec)
			return nil, r.abort(context.Cause(ctx))
		}
		if verdict != Retry {
			r.report(rec)
			return nil, r.fail(err, false)
		}
		if r.attempts >= r.p.MaxAttempts {
			r.report(rec)
			return nil, r.fail(err, true)
		}

		wait, why := backoff(r.attempts, r.p.BaseDelay, r.p.MaxDelay), WaitBackoff
		if resp != nil {
			if d, w, ok := hints.ServerWait(resp.Header, end); ok {
				wait, why = d, w
				if d > r.p.MaxServerWait {
					r.report(rec)
					return nil, r.abort(&ServerWaitError{Wait: d, Why: w, Max: r.p.MaxServerWait})
				}
			}
		}
		if dl, ok := ctx.Deadline(); ok && end.Add(wait).After(dl) {
			r.report(rec)
			return nil, r.abort(&deadlineWaitError{wait: wait, why: why})
		}
		rec.Retried, rec.Wait, rec.WaitReason = true, wait, why
		r.report(rec)
		r.log.Debug("retrying", "host", r.u.Host, "label", r.label, "url", r.shown, "attempt", r.attempts,
			"status", rec.Status, "err", rec.Err, "wait", wait, "why", why)
		if err := sleep(ctx, wait); err != nil {
			return nil, r.abort(context.Cause(ctx))
		}
	}
}

// outcome is what one attempt produced: a response (nil if none arrived)
// and the transport or body error.
type outcome struct {
	resp      *Response
	err       error
	decodeErr error // what the Decoder said of a body that arrived whole
	start     time.Time
}

// attempt makes one attempt: limiter slot, request, body. It returns an
// error only when no request was sent: ctx ended or the host is paused for
// longer than MaxServerWait.
func (r *run) attempt(ctx context.Context) (outcome, error) {
	if r.c.Limiter != nil {
		release, err := r.c.Limiter.AcquireWithin(ctx, r.p.MaxServerWait)
		if err != nil {
			if ctx.Err() != nil {
				return outcome{}, context.Cause(ctx)
			}
			if pe := (*limit.PauseError)(nil); errors.As(err, &pe) {
				return outcome{}, fmt.Errorf("%w: %w", ErrServerWait, err)
			}
			return outcome{}, fmt.Errorf("limiter: %w", err) // e.g. the shared limiter is unavailable
		}
		defer release() // after the body is read
	}
	r.attempts++
	r.last = nil
	out := outcome{start: time.Now()}
	actx, cancel := context.WithTimeout(ctx, r.p.AttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, r.u.String(), nil)
	if err != nil {
		out.err = r.clean(err)
		return out, nil
	}
	req.Header.Set("Accept", "application/json")
	hr, err := r.c.httpClient().Do(req)
	if err != nil {
		out.err = r.clean(err)
		return out, nil
	}
	defer hr.Body.Close()
	maxBody := r.c.MaxBody
	if maxBody <= 0 {
		maxBody = defaultBody
	}
	out.resp = &Response{URL: r.shown, Status: hr.StatusCode, Header: hr.Header}
	ok := hr.StatusCode >= 200 && hr.StatusCode <= 299
	if name := echoHeader(r.sec, hr.Header); ok && name != "" {
		out.decodeErr = fmt.Errorf("%w (header %s)", ErrSecretEcho, name)
		return out, nil
	}
	if r.dec != nil && ok {
		err, out.decodeErr = streamBody(hr, maxBody, r.dec, r.sec)
	} else {
		out.resp.Body, err = readBody(hr, maxBody)
		if ok && err == nil && r.sec.Contains(string(out.resp.Body)) {
			out.resp.Body = nil
			out.decodeErr = fmt.Errorf("%w (body)", ErrSecretEcho)
		}
	}
	out.err = r.clean(err)
	r.last = out.resp
	return out, nil
}

// clean drops the *url.Error wrapper (its URL may hold secrets, and Error
// names the URL already) and scrubs the secrets from the message.
func (r *run) clean(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	return r.sec.Error(err)
}

// report passes rec to OnAttempt.
func (r *run) report(rec Attempt) {
	if r.c.OnAttempt != nil {
		r.c.OnAttempt(rec)
	}
}

// fail builds the error for a failed last attempt.
func (r *run) fail(err error, exhausted bool) *Error {
	e := r.base(err)
	e.Exhausted = exhausted
	e.Permanent = !exhausted
	return e
}

// abort builds the error for a Get stopped by ctx, a pause or a server wait.
func (r *run) abort(err error) *Error {
	e := r.base(err)
	e.aborted = true
	e.Permanent = false
	return e
}

func (r *run) base(err error) *Error {
	e := &Error{URL: r.shown, Label: r.sec.String(r.label), Attempts: r.attempts, Err: r.sec.Error(err)}
	if r.last != nil {
		e.Status, e.Header = r.last.Status, r.last.Header
		if r.last.Status < 200 || r.last.Status > 299 {
			e.Body = excerpt(r.last.Body, r.sec)
		}
	}
	return e
}

// deadlineWaitError is the cause when the next wait would pass ctx's deadline.
type deadlineWaitError struct {
	wait time.Duration
	why  string
}

func (e *deadlineWaitError) Error() string {
	return "the " + e.why + " wait of " + e.wait.String() + " would pass the request deadline"
}

// Is makes errors.Is(err, context.DeadlineExceeded) true.
func (e *deadlineWaitError) Is(target error) bool { return target == context.DeadlineExceeded }

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
