package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
)

func TestDefaultClassifierErrors(t *testing.T) {
	ok := &Response{Status: 200, Header: http.Header{}}
	tests := []struct {
		name string
		err  error
		want Verdict
	}{
		{"reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, Retry},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, Retry},
		{"broken pipe", fmt.Errorf("write: %w", syscall.EPIPE), Retry},
		{"unexpected EOF", fmt.Errorf("reading body: %w", io.ErrUnexpectedEOF), Retry},
		{"EOF before response", io.EOF, Retry},
		{"attempt timeout", context.DeadlineExceeded, Retry},
		{"net timeout", &net.OpError{Op: "read", Err: timeoutErr{}}, Retry},
		{"dns temporary", &net.DNSError{Err: "server misbehaving", IsTemporary: true}, Retry},
		{"dns not found", &net.DNSError{Err: "no such host", IsNotFound: true}, Fail},
		{"too large", fmt.Errorf("%w: over MaxBody", ErrBodyTooLarge), Fail},
		{"not JSON", fmt.Errorf("%w: html", ErrNotJSON), Fail},
		{"certificate", x509.UnknownAuthorityError{}, Fail},
		{"redirects", errors.New("stopped after 10 redirects"), Fail},
	}
	for _, tt := range tests {
		if got := DefaultClassifier(ok, tt.err); got != tt.want {
			t.Errorf("%s: DefaultClassifier = %v; want %v", tt.name, got, tt.want)
		}
		if got := DefaultClassifier(nil, tt.err); got != tt.want {
			t.Errorf("%s (no response): DefaultClassifier = %v; want %v", tt.name, got, tt.want)
		}
	}
	if got := DefaultClassifier(nil, nil); got != Fail {
		t.Errorf("no response, no error: %v", got)
	}
}

func TestCivitAIClassifier(t *testing.T) {
	pageCap := []byte(`{"error":"You've requested too many pages, please use cursors instead"}`)
	tests := []struct {
		name   string
		status int
		header http.Header
		body   []byte
		want   Verdict
	}{
		{"page cap", 429, http.Header{}, pageCap, Fail},
		{"page cap, HTML-ish case", 429, http.Header{}, []byte("Please use CURSORS"), Fail},
		{"throttle with Retry-After", 429, http.Header{"Retry-After": {"5"}}, pageCap, Retry},
		{"429 other body", 429, http.Header{}, []byte(`{"error":"slow down"}`), Retry},
		{"400 mentions cursors", 400, http.Header{}, []byte(`{"error":"Cannot use page param with query search. Use cursor-based pagination."}`), Fail},
		{"200 mentions cursors", 200, http.Header{}, pageCap, Accept},
	}
	for _, tt := range tests {
		got := CivitAIClassifier(&Response{Status: tt.status, Header: tt.header, Body: tt.body}, nil)
		if got != tt.want {
			t.Errorf("%s: %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		e    *Error
		want string
	}{
		{&Error{URL: "http://h/p", Status: 503, Attempts: 5, Exhausted: true, Body: `{"error":"x"}`},
			`GET http://h/p: giving up after 5 attempts: 503 Service Unavailable: {"error":"x"}`},
		{&Error{URL: "http://h/p", Status: 404, Attempts: 1, Permanent: true}, `GET http://h/p: 404 Not Found`},
		{&Error{URL: "http://h/p", Attempts: 3, Exhausted: true, Err: io.ErrUnexpectedEOF}, `GET http://h/p: giving up after 3 attempts: unexpected EOF`},
		{&Error{URL: "http://h/p", Status: 599, Attempts: 1}, `GET http://h/p: status 599`},
		{&Error{URL: "http://h/p", Attempts: 2, Status: 502, Err: context.Canceled, aborted: true},
			`GET http://h/p: context canceled (after 2 attempts; last: 502 Bad Gateway)`},
		{&Error{URL: "http://h/p", Err: context.Canceled, aborted: true}, `GET http://h/p: context canceled`},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %s\n               want %s", got, tt.want)
		}
	}
}
