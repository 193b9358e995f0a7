package fetch

import (
	"errors"
	"net/http"

	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// maxRedirects is the most redirects one attempt follows, as net/http's
// default.
const maxRedirects = 10

// authTransport adds "Authorization: Bearer <token>" to requests whose URL
// is on the rule's Home origin (scheme, host and port) and removes any
// Authorization header from every other request. It sits under
// http.Client, so every redirect hop is judged by its own URL.
type authTransport struct {
	base  http.RoundTripper
	token string
	rule  origin.Rule
}

// RoundTrip adds the token when req goes to Home and makes sure no
// Authorization header reaches any other origin.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.rule.IsHome(req.URL) {
		if req.Header.Get("Authorization") != "" {
			req = req.Clone(req.Context())
			req.Header.Del("Authorization")
		}
		return t.base.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(req)
}

// httpClient returns the client for one Get: c.HTTP (or a default one)
// whose redirects are judged by c.Origins.Check before they are followed,
// with its transport wrapped to send the token to c.Origins.Home only.
func (c *Client) httpClient() *http.Client {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	cp := *hc
	rule, next := c.Origins, hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return errors.New("stopped after 10 redirects")
		}
		if err := rule.Check(via[len(via)-1].URL, req.URL); err != nil {
			return redirectError{err}
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	if c.Token != "" && !c.Origins.Home.IsZero() {
		base := hc.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		cp.Transport = &authTransport{base: base, token: c.Token, rule: c.Origins}
	}
	return &cp
}

// redirectError is a redirect the origin rule refused.
type redirectError struct{ err error }

func (e redirectError) Error() string { return "redirect " + e.err.Error() }
func (e redirectError) Unwrap() error { return e.err }
