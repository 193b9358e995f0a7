// Package fetch performs GET requests to a hub through the host's limiter,
// with retries, and returns whole bodies.
package fetch

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

// Response is a completed response with its body read.
type Response struct {
	URL      string      // the URL requested, secrets removed
	Status   int         // HTTP status code
	Header   http.Header // response headers
	Body     []byte      // whole body, at most Client.MaxBody bytes
	Attempts int         // attempts made, including the one that returned this
}

// Client sends GETs to one host. Its zero value works: no limits, default
// HTTP client, no retries beyond the default policy.
type Client struct {
	HTTP      *http.Client  // nil: a client with no overall timeout
	Limiter   *limit.Host   // nil: no limit
	Token     string        // sent as "Authorization: Bearer" to TokenHost only
	TokenHost string        // host[:port] the token belongs to
	MaxBody   int64         // largest body accepted; <= 0 means 16 MiB
	Logger    *slog.Logger  // nil: discard
	OnAttempt func(Attempt) // called after every attempt; may be nil
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
}

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

// Get fetches rawURL and returns the response of the first attempt that
// succeeded (2xx) or failed permanently.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch: bad URL: %w", err)
	}
	if c.Limiter != nil {
		release, err := c.Limiter.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	if c.Token != "" && u.Host == c.TokenHost {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	max := c.MaxBody
	if max <= 0 {
		max = 16 << 20
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("GET %s: %s", u.Redacted(), resp.Status)
	}
	return &Response{URL: u.String(), Status: resp.StatusCode, Header: resp.Header, Body: body, Attempts: 1}, nil
}
