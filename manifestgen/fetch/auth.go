package fetch

import (
	"net/http"
	"strings"
)

// authTransport adds "Authorization: Bearer <token>" to requests whose URL
// host is exactly host. It sits under http.Client, so every redirect hop is
// judged by its own URL: a redirect to another host never carries the token.
type authTransport struct {
	base  http.RoundTripper
	token string
	host  string
}

// RoundTrip adds the token when req goes to the token's host and makes
// sure no Authorization header reaches any other host.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.host) {
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

// httpClient returns the client for one Get: c.HTTP (or a default one) with
// its transport wrapped to send the token to TokenHost only.
func (c *Client) httpClient() *http.Client {
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	if c.Token == "" || c.TokenHost == "" {
		return hc
	}
	cp := *hc
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = &authTransport{base: base, token: c.Token, host: c.TokenHost}
	return &cp
}
