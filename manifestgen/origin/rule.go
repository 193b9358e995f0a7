package origin

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
)

// Rule is the trust rule of one source: Home, its configured origin, is the
// only origin that receives the source's token; Mirrors are the other
// origins whose pages are accepted as the source's own (configured per
// source, e.g. a CDN the API redirects to). Every origin of a Rule has
// Home's scheme. The zero Rule trusts no fixed origin: it accepts a request
// only on the origin of the one before it.
type Rule struct {
	Home    Origin
	Mirrors []Origin
}

// NewRule returns the rule of a source whose endpoint is endpoint and whose
// config allows the origins allow (each as Parse reads it). An allowed
// origin on another scheme than the endpoint's is an error: a scheme change
// is never followed.
func NewRule(endpoint string, allow ...string) (Rule, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return Rule{}, errors.New("endpoint: not a URL")
	}
	home, err := Of(u)
	if err != nil {
		return Rule{}, fmt.Errorf("endpoint: %w", err)
	}
	r := Rule{Home: home}
	for i, a := range allow {
		o, err := Parse(a)
		if err != nil {
			return Rule{}, fmt.Errorf("allowed origin %d: %w", i+1, err)
		}
		if o.scheme != home.scheme {
			return Rule{}, fmt.Errorf("allowed origin %s: scheme differs from the endpoint's %s, and a scheme change is never followed", o, home)
		}
		if o != home && !slices.Contains(r.Mirrors, o) {
			r.Mirrors = append(r.Mirrors, o)
		}
	}
	return r, nil
}

// Why a Rule refused a URL (Error.Why).
const (
	WhyNotHTTP   = "not an absolute http(s) URL with a host"
	WhyUserInfo  = "it carries user info"
	WhyScheme    = "the scheme changes"
	WhyNotListed = "not the source's origin nor one its config allows (allowOrigins)"
)

// Error is a refused redirect or next-page URL. It names origins only,
// never a path, query or user info, so it carries no secret of the URL.
type Error struct {
	From   string // origin of the request before, or of the source
	To     string // origin refused; "" when the URL has none
	Why    string // one of the Why... constants
	Detail string // what was wrong with a URL without an origin; may be ""
}

// Error reads like "refused http://h:80 after https://h: the scheme
// changes (never followed)".
func (e *Error) Error() string {
	to := e.To
	if to == "" {
		to = "a URL"
	}
	s := "refused " + to + " after " + e.From + ": " + e.Why
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s + "; not followed"
}

// SchemeChange reports whether err is a refusal because the scheme
// changed.
func SchemeChange(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Why == WhyScheme
}

// Check returns nil if a request to next may follow the request to from,
// as a redirect or as the next page of a listing, else an *Error. next must
// be an absolute http(s) URL without user info, on from's scheme, and on
// Home or one of Mirrors (for the zero Rule: on from's origin). from must
// be an absolute http(s) URL.
func (r Rule) Check(from, next *url.URL) error {
	fo, err := Of(from)
	if err != nil {
		return &Error{From: "the previous URL", Why: WhyNotHTTP, Detail: err.Error()}
	}
	no, err := Of(next)
	if err != nil {
		return &Error{From: fo.String(), Why: WhyNotHTTP, Detail: err.Error()}
	}
	e := &Error{From: fo.String(), To: no.String()}
	switch {
	case next.User != nil:
		e.Why = WhyUserInfo
	case no.scheme != fo.scheme:
		e.Why = WhyScheme
	case r.Allows(no) || r.Home.IsZero() && no == fo:
		return nil
	default:
		e.Why = WhyNotListed
	}
	return e
}

// Allows reports whether o is Home or one of Mirrors.
func (r Rule) Allows(o Origin) bool {
	return !o.IsZero() && (o == r.Home || slices.Contains(r.Mirrors, o))
}

// IsHome reports whether a request to u goes to Home: the only requests
// that may carry the source's token. A URL with user info never does.
func (r Rule) IsHome(u *url.URL) bool {
	if r.Home.IsZero() || u == nil || u.User != nil {
		return false
	}
	o, err := Of(u)
	return err == nil && o == r.Home
}

// HomeURL returns Home as a URL, for checking a first request with Check
// (nil for the zero Rule).
func (r Rule) HomeURL() *url.URL {
	if r.Home.IsZero() {
		return nil
	}
	u, _ := url.Parse(r.Home.String())
	return u
}
