// Package fetch performs GET requests to a hub through the host's limiter,
// with retries, and returns whole bodies (Get) or streams them into a
// decoder (GetDecode).
//
// Client.Get is the one place for retry policy: which outcomes are retried
// (Classifier), how long to wait (server hints first, else Backoff), and
// when to give up (Policy). Every attempt passes the host limiter again.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Response is a completed response with its body read.
type Response struct {
	URL      string      // the URL requested, secrets removed
	Status   int         // HTTP status code
	Header   http.Header // response headers
	Body     []byte      // whole body, at most Client.MaxBody bytes; nil for a 2xx of GetDecode
	Attempts int         // attempts made, including the one that returned this
}

// Date returns the response's Date header, the server's clock when it
// answered; zero when it is absent or not an HTTP date.
func (r *Response) Date() time.Time {
	t, err := http.ParseTime(r.Header.Get("Date"))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Client sends GETs to one host. Its zero value works: no limits, default
// HTTP client, the default Policy, DefaultClassifier and DefaultBackoff.
// It is safe for concurrent use; do not change its fields while in use.
type Client struct {
	HTTP    *http.Client // nil: http.DefaultClient (no overall timeout)
	Limiter *limit.Host  // nil: no limit
	Token   string       // sent as "Authorization: Bearer" to Origins.Home only, never to a mirror
	Origins origin.Rule  // origins requests and redirects may go to; zero: each redirect stays on its origin, no token sent
	// Secrets are removed from every error and Attempt and a 2xx response
	// that spells one (body or header) is refused; nil: Token alone.
	Secrets   *redact.Set
	MaxBody   int64         // largest body accepted; <= 0 means 16 MiB
	Logger    *slog.Logger  // nil: discard
	OnAttempt func(Attempt) // called after every attempt; may be nil

	Policy   Policy     // retry policy; zero value: defaults
	Classify Classifier // nil: DefaultClassifier
	Backoff  Backoff    // nil: DefaultBackoff
}

// Attempt describes one HTTP attempt, for statistics and reports.
type Attempt struct {
	Host     string
	Label    string // the filter that asked, from WithLabel
	URL      string // secrets removed
	Start    time.Time
	Duration time.Duration
	Status   int // 0 on transport error
	Attempt  int // 1-based
	Err      error

	Verdict    Verdict       // what the Classifier decided
	Retried    bool          // another attempt follows
	Wait       time.Duration // wait chosen before the next attempt
	WaitReason string        // "backoff", hints.WhyRetryAfter or hints.WhyQuota; "" if no retry
}

// WaitBackoff is Attempt.WaitReason for a wait chosen by Backoff.
const WaitBackoff = "backoff"

type labelKey struct{}

// WithLabel returns a context whose requests are attributed to label (a
// filter name) in Attempt records and errors.
func WithLabel(ctx context.Context, label string) context.Context {
	return context.WithValue(ctx, labelKey{}, label)
}

// Label returns the label set by WithLabel, or "".
func Label(ctx context.Context) string {
	s, _ := ctx.Value(labelKey{}).(string)
	return s
}

// Get fetches rawURL and returns the response of the first attempt the
// Classifier accepts. Retried outcomes wait for the server's Retry-After or
// exhausted RateLimit quota if it sent one (failing at once if that is
// longer than Policy.MaxServerWait), else for Backoff. Any other failure,
// the last attempt's failure, and the end of ctx or Policy.Deadline return
// a *Error. A URL that c.Origins does not allow (when its Home is set), and
// a redirect that c.Origins.Check refuses, fail at once and are not retried:
// the refused request is never sent.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	return c.get(ctx, rawURL, nil)
}

// Decoder consumes a 2xx JSON body as it arrives. It is called once per
// attempt that gets one, must read the body to its end and must keep
// nothing from an earlier call: when a read fails (the connection broke,
// the body is cut short or passes MaxBody) what it decoded is void and the
// attempt counts as a transport failure, retried like one.
type Decoder func(body io.Reader) error

// GetDecode is Get for bodies that are decoded, not kept: the body of a 2xx
// response is passed to dec as it streams in, inside the attempt and its
// limiter slot, and the returned Response has no Body. A Content-Type that
// is not JSON fails as in Get, before dec is called. An error of dec on a
// body that arrived whole is returned as it is, with the Response, and is
// not retried: the server sent what it meant to.
func (c *Client) GetDecode(ctx context.Context, rawURL string, dec Decoder) (*Response, error) {
	if dec == nil {
		return nil, errors.New("fetch: GetDecode with a nil Decoder")
	}
	return c.get(ctx, rawURL, dec)
}

func (c *Client) get(ctx context.Context, rawURL string, dec Decoder) (*Response, error) {
	label := Label(ctx)
	sec := c.secrets()
	u, err := url.Parse(rawURL)
	if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		err = fmt.Errorf("want an absolute http(s) URL")
	}
	if err != nil {
		shown := "(unparsable URL)"
		if u != nil {
			shown = sec.String(redact.URL(u))
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the raw URL
		}
		return nil, &Error{URL: shown, Label: label, Permanent: true, Err: sec.Error(fmt.Errorf("bad URL: %w", err))}
	}
	if home := c.Origins.HomeURL(); home != nil {
		if err := c.Origins.Check(home, u); err != nil {
			return nil, &Error{URL: sec.String(redact.URL(u)), Label: label, Permanent: true, Err: sec.Error(err)}
		}
	}
	p := c.Policy.withDefaults()
	if p.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, p.Deadline,
			fmt.Errorf("request deadline %v exceeded: %w", p.Deadline, context.DeadlineExceeded))
		defer cancel()
	}
	r := run{c: c, p: p, u: u, sec: sec, shown: sec.String(redact.URL(u)), label: label, log: c.logger(), dec: dec}
	return r.do(ctx)
}

// secrets returns the Set scrubbed from errors and looked for in responses.
func (c *Client) secrets() *redact.Set {
	if c.Secrets != nil {
		return c.Secrets
	}
	return redact.New(c.Token)
}

func (c *Client) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}
