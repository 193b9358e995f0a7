package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Sentinel causes, for errors.Is.
var (
	ErrBodyTooLarge = errors.New("response body too large")
	ErrNotJSON      = errors.New("response is not JSON")
	ErrServerWait   = errors.New("server-requested wait too long")
)

// Error is the error of a failed Get. It never contains a token: the URL has
// userinfo and secret query parameters removed, and the URL, body excerpt
// and cause are scrubbed of the client's Secrets, with control characters
// escaped.
type Error struct {
	URL       string      // request URL, secrets removed
	Label     string      // the filter that asked, from WithLabel
	Status    int         // status of the last response; 0 if none arrived
	Header    http.Header // headers of the last response; nil if none arrived
	Body      string      // short excerpt of the last response body
	Attempts  int         // attempts made
	Exhausted bool        // every allowed attempt was made
	Permanent bool        // retrying the same request cannot succeed
	Err       error       // cause: transport, body, context or wait error; nil for a bad status

	aborted bool // stopped by ctx, a pause or a server wait, not by the last response
}

// Error reads like `GET http://host/api/models?x=1: giving up after 5
// attempts: 503 Service Unavailable: {"error":"..."}`. The label is left out:
// callers add the filter name.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("GET ")
	b.WriteString(e.URL)
	b.WriteString(": ")
	if e.aborted {
		b.WriteString(errString(e.Err))
		if e.Attempts > 0 {
			fmt.Fprintf(&b, " (after %d attempt%s", e.Attempts, plural(e.Attempts))
			if e.Status != 0 {
				b.WriteString("; last: ")
				b.WriteString(statusText(e.Status))
			}
			b.WriteString(")")
		}
		return b.String()
	}
	if e.Exhausted && e.Attempts > 1 {
		fmt.Fprintf(&b, "giving up after %d attempts: ", e.Attempts)
	}
	var parts []string
	if e.Status != 0 {
		parts = append(parts, statusText(e.Status))
	}
	if e.Err != nil {
		parts = append(parts, errString(e.Err))
	}
	if e.Body != "" {
		parts = append(parts, e.Body)
	}
	b.WriteString(strings.Join(parts, ": "))
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether the same request may succeed later.
func (e *Error) Temporary() bool { return !e.Permanent }

func errString(err error) string {
	if err == nil {
		return "failed"
	}
	return err.Error()
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("status %d", code)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// ServerWaitError is the cause when a server asks to wait longer than
// Policy.MaxServerWait. It matches ErrServerWait.
type ServerWaitError struct {
	Wait time.Duration // what the server asked for
	Why  string        // the header that asked: "Retry-After" or the RateLimit quota
	Max  time.Duration // Policy.MaxServerWait
}

// Error says what the server asked for and the limit it exceeds.
func (e *ServerWaitError) Error() string {
	return fmt.Sprintf("server asks to wait %v (%s), longer than MaxServerWait %v", e.Wait, e.Why, e.Max)
}

// Is makes errors.Is(err, ErrServerWait) true.
func (e *ServerWaitError) Is(target error) bool { return target == ErrServerWait }

// excerptLen is the most body bytes kept in an Error.
const excerptLen = 200

// excerpt returns the start of body on one line, valid UTF-8, safe to show
// (secrets removed, control characters escaped).
func excerpt(body []byte, sec *redact.Set) string {
	s := sec.Remove(string(body))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > excerptLen {
		cut := excerptLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return sec.String(strings.ToValidUTF8(s, "?"))
}

// ErrSecretEcho is the error of a 2xx response that spells a token of the
// run (see package redact for the spellings): nothing of it is used, and the
// HTTP cache does not keep it.
var ErrSecretEcho = errors.New("response spells a token of this run; refused (nothing of it is used or stored)")

// echoHeader returns the name of the first header of h whose value spells a
// secret of sec, or "".
func echoHeader(sec *redact.Set, h http.Header) string {
	if sec.Len() == 0 {
		return ""
	}
	for name, vals := range h {
		for _, v := range vals {
			if sec.Contains(v) {
				return name
			}
		}
	}
	return ""
}
