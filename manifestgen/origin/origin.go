// Package origin decides where a source's requests may go: an Origin is a
// URL's scheme, host and port, and a Rule says which origins may serve a
// source's pages (its configured origin and the mirrors the config allows)
// and which one receives its token (the configured origin only).
//
// Redirects and next-page links are judged by the same Rule.Check, so a
// hostile hub cannot move a listing, or its token, to another scheme, host
// or port that the config did not name.
package origin

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Origin is the scheme, host and port a URL's requests connect to. Hosts
// are compared in ASCII lower case; IP addresses in their canonical form;
// the default port is made explicit (https://h equals https://h:443). A
// host that is not an ASCII DNS name or an IP address has no Origin, so an
// internationalised or oddly spelled host never equals a configured one:
// the error side is the safe side. A trailing dot is kept ("h." is not
// "h"). The zero Origin is no origin.
type Origin struct {
	scheme string // "http" or "https"
	host   string // lower-case DNS name or canonical IP address, without brackets
	port   int    // 1..65535, default port made explicit
}

// Of returns the origin of an absolute http(s) URL. User info, path, query
// and fragment do not matter. Errors never repeat the URL.
func Of(u *url.URL) (Origin, error) {
	if u == nil {
		return Origin{}, errors.New("no URL")
	}
	var o Origin
	switch s := strings.ToLower(u.Scheme); s {
	case "http", "https":
		o.scheme = s
	case "":
		return Origin{}, errors.New("not an absolute URL")
	default:
		return Origin{}, fmt.Errorf("scheme %.20q is not http or https", s)
	}
	if u.Opaque != "" || u.Host == "" {
		return Origin{}, errors.New("no host")
	}
	host, err := canonicalHost(u.Hostname())
	if err != nil {
		return Origin{}, err
	}
	o.host = host
	if o.port, err = portOf(u.Port(), o.scheme); err != nil {
		return Origin{}, err
	}
	return o, nil
}

// Parse returns the origin written as scheme://host[:port], with at most a
// trailing "/" after it: no user info, path, query or fragment. It is the
// form of an allowed origin in the config. Errors never repeat raw.
func Parse(raw string) (Origin, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Origin{}, errors.New("not a URL")
	}
	switch {
	case u.Scheme == "" || u.Host == "":
		return Origin{}, errors.New("not an absolute URL with a host")
	case u.User != nil:
		return Origin{}, errors.New("must not contain user info")
	case u.RawQuery != "" || u.ForceQuery:
		return Origin{}, errors.New("must not have a query")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return Origin{}, errors.New("must not have a fragment")
	case u.Path != "" && u.Path != "/":
		return Origin{}, errors.New("must not have a path: want scheme://host[:port]")
	}
	return Of(u)
}

// IsZero reports whether o is the zero Origin (no origin).
func (o Origin) IsZero() bool { return o == Origin{} }

// Scheme returns "http" or "https" ("" for the zero Origin).
func (o Origin) Scheme() string { return o.scheme }

// String returns scheme://host[:port], the port only when it is not the
// scheme's default; "" for the zero Origin.
func (o Origin) String() string {
	if o.IsZero() {
		return ""
	}
	h := o.host
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	if o.port != defaultPort(o.scheme) {
		h += ":" + strconv.Itoa(o.port)
	}
	return o.scheme + "://" + h
}

// defaultPort is the port of scheme when the URL names none.
func defaultPort(scheme string) int {
	if scheme == "https" {
		return 443
	}
	return 80
}

// portOf returns the port a request connects to: p as a number (leading
// zeros allowed, as the dialer reads them), or the scheme's default.
func portOf(p, scheme string) (int, error) {
	if p == "" {
		return defaultPort(scheme), nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return 0, errors.New("port is not a number from 1 to 65535")
	}
	return n, nil
}

// canonicalHost returns h as compared: an IP address in canonical form, or
// an ASCII DNS name (letters, digits, '-', '_' and '.') in lower case.
func canonicalHost(h string) (string, error) {
	if h == "" {
		return "", errors.New("no host")
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		if ip.Zone() != "" {
			return "", errors.New("host is an IP address with a zone")
		}
		return ip.String(), nil
	}
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteByte(c)
		case c >= 0x80:
			return "", errors.New("host is not ASCII: write an internationalised name in its xn-- (punycode) form")
		default:
			return "", errors.New("host is not a DNS name or IP address")
		}
	}
	return b.String(), nil
}
