package fetch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
)

// Verdict is what a Classifier decides about one attempt.
type Verdict int

const (
	Accept Verdict = iota // return the response
	Retry                 // try again after a wait
	Fail                  // give up: retrying cannot help
)

// String returns "accept", "retry" or "fail".
func (v Verdict) String() string {
	switch v {
	case Accept:
		return "accept"
	case Retry:
		return "retry"
	case Fail:
		return "fail"
	}
	return "unknown"
}

// Classifier decides about one attempt. resp is nil when no response
// arrived; err is the transport or body error, nil for a complete response
// of any status.
type Classifier func(resp *Response, err error) Verdict

// DefaultClassifier accepts complete 2xx responses; retries 408, 429, 500,
// 502, 503, 504, connection resets and refusals, timeouts and truncated
// bodies; and fails everything else (other statuses, bodies over MaxBody,
// non-JSON bodies, TLS and redirect errors).
func DefaultClassifier(resp *Response, err error) Verdict {
	if err != nil {
		if retryableErr(err) {
			return Retry
		}
		return Fail
	}
	if resp == nil {
		return Fail
	}
	switch s := resp.Status; {
	case s >= 200 && s < 300:
		return Accept
	case s == http.StatusRequestTimeout, s == http.StatusTooManyRequests,
		s == http.StatusInternalServerError, s == http.StatusBadGateway,
		s == http.StatusServiceUnavailable, s == http.StatusGatewayTimeout:
		return Retry
	}
	return Fail
}

// CivitAIClassifier is DefaultClassifier except that CivitAI's page-mode cap
// ("You've requested too many pages, please use cursors instead": a 429
// without Retry-After whose body mentions cursors) fails at once: it is not
// a throttle and never goes away.
func CivitAIClassifier(resp *Response, err error) Verdict {
	if err == nil && resp != nil && resp.Status == http.StatusTooManyRequests &&
		resp.Header.Get("Retry-After") == "" && bytes.Contains(bytes.ToLower(resp.Body), []byte("cursors")) {
		return Fail
	}
	return DefaultClassifier(resp, err)
}

// retryableErr reports whether a transport or body error is transient.
func retryableErr(err error) bool {
	if errors.Is(err, ErrBodyTooLarge) || errors.Is(err, ErrNotJSON) {
		return false
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, context.DeadlineExceeded) || // the attempt timed out
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ETIMEDOUT) {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTimeout || dns.IsTemporary
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}
