package fetch

import (
	"net/url"
	"strings"
)

// secretParams are query parameter names (lower case) removed from URLs in
// errors, logs and records.
var secretParams = map[string]bool{
	"token": true, "access_token": true, "api_key": true, "apikey": true,
	"key": true, "auth": true, "password": true, "secret": true,
}

// RedactURL returns u as a string without userinfo, fragment and secret
// query parameters (token=, api_key=, ...). Other parameters keep their
// order and encoding.
func RedactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		kept := parts[:0]
		for _, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err == nil {
				k = name
			}
			if !secretParams[strings.ToLower(strings.TrimSpace(k))] {
				kept = append(kept, p)
			}
		}
		c.RawQuery = strings.Join(kept, "&")
	}
	return c.String()
}
