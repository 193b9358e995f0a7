// Package cause says why a request failed in words that do not depend on
// the filter that made it, so that a run's failures collapse into one line
// per host and cause: when a host cannot be reached, every filter of its
// source fails the same way, and one line says so.
package cause

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/limit/redislimit"
)

// Cause is why a request failed, independent of its URL and filter.
type Cause struct {
	Host string // host[:port] the request went to
	Text string // short and URL-free: "connection refused", "429 Too Many Requests (retries exhausted)", …
	// Unreachable is set when no connection could be made at all (DNS,
	// refused, no route, connect timeout): the host is down or we are
	// offline, and no filter of the host can succeed.
	Unreachable bool
}

// Of returns the cause of err, the error of a failed filter. It reports
// false when err holds no *fetch.Error: the failure is the filter's own
// (its pages did not decode, its listing did not end), and only its full
// message explains it.
func Of(err error) (Cause, bool) {
	var fe *fetch.Error
	if !errors.As(err, &fe) {
		return Cause{}, false
	}
	c := Cause{Host: host(fe.URL)}
	var redis *redislimit.UnavailableError
	switch {
	case errors.As(fe.Err, &redis):
		// The shared limiter failed closed before any request was sent:
		// a cause of the Redis server, not of the hub.
		c.Host, c.Text = redis.Addr, "shared limiter unavailable (redis, fail: closed)"
	case fe.Err == nil && fe.Status != 0:
		c.Text = status(fe.Status)
		if fe.Exhausted && fe.Attempts > 1 {
			c.Text += " (retries exhausted)"
		}
	case fe.Err != nil:
		c.Text, c.Unreachable = transport(fe.Err)
		if c.Text == "" {
			c.Text = fe.Err.Error()
		}
	default:
		c.Text = "request failed"
	}
	return c, true
}

// transport names a transport-level cause, or returns "" when it knows no
// URL-free wording for it.
func transport(err error) (text string, unreachable bool) {
	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var record tls.RecordHeaderError
	var sw *fetch.ServerWaitError
	var op *net.OpError
	switch {
	case errors.As(err, &dns):
		if dns.IsTimeout {
			return "DNS lookup timed out", true
		}
		return "DNS lookup failed: " + dns.Err, true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", true
	case errors.Is(err, syscall.ENETUNREACH):
		return "network unreachable", true
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "host unreachable", true
	case errors.As(err, &op) && op.Op == "dial" && op.Timeout():
		return "connection timed out", true
	case errors.As(err, &record):
		return "TLS handshake failed: the server does not speak TLS", false
	case errors.As(err, &unknownCA):
		return "TLS: certificate signed by an unknown authority", false
	case errors.As(err, &hostname):
		return "TLS: certificate is not valid for this host", false
	case errors.As(err, &invalid):
		return "TLS: " + invalid.Error(), false
	case errors.As(err, &verify):
		return "TLS: certificate verification failed", false
	case errors.As(err, &sw):
		return "server asked to wait longer than maxServerWait " + sw.Max.String(), false
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset", false
	case errors.Is(err, fetch.ErrNotJSON):
		return fetch.ErrNotJSON.Error(), false
	case errors.Is(err, fetch.ErrBodyTooLarge):
		return fetch.ErrBodyTooLarge.Error(), false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out", false
	}
	return "", false
}

// host returns the host[:port] of u, or u itself when it does not parse.
func host(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return p.Host
}

// status is "429 Too Many Requests" or "status 599".
func status(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return "status " + strconv.Itoa(code)
}
