package origin

import (
	"net/url"
	"strings"
	"testing"
)

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestOf: what compares equal (default ports, case, IP spellings Go's
// dialer treats alike) and what does not (a trailing dot, non-ASCII hosts,
// other IP spellings), and what has no origin.
func TestOf(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "https://civitai.com", want: "https://civitai.com"},
		{in: "https://civitai.com:443/api?x=1#f", want: "https://civitai.com"},
		{in: "https://CivitAI.COM:0443", want: "https://civitai.com"},
		{in: "HTTPS://civitai.com", want: "https://civitai.com"},
		{in: "https://u:p@civitai.com", want: "https://civitai.com"}, // user info is Check's business
		{in: "http://civitai.com", want: "http://civitai.com"},
		{in: "http://civitai.com:80", want: "http://civitai.com"},
		{in: "http://civitai.com:443", want: "http://civitai.com:443"},
		{in: "https://civitai.com:80", want: "https://civitai.com:80"},
		{in: "https://civitai.com.", want: "https://civitai.com."},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{in: "http://[::1]:8080", want: "http://[::1]:8080"},
		{in: "http://[0:0::1]", want: "http://[::1]"},
		{in: "http://[::FFFF:127.0.0.1]", want: "http://[::ffff:127.0.0.1]"},
		{in: "https://bücher.de", err: "not ASCII"},
		{in: "https://\u212aivitai.com", err: "not ASCII"}, // Kelvin sign folds to k under Unicode case folding
		{in: "https://xn--bcher-kva.de", want: "https://xn--bcher-kva.de"},
		{in: "https://a!b.com", err: "not a DNS name"},
		{in: "http://[fe80::1%25eth0]/", err: "zone"},
		{in: "https://civitai.com:0", err: "port"},
		{in: "https://civitai.com:65536", err: "port"},
		{in: "ftp://civitai.com", err: "not http"},
		{in: "javascript:alert(1)", err: "not http"},
		{in: "/api/models", err: "not an absolute URL"},
		{in: "https:///path", err: "no host"},
		{in: "http:opaque", err: "no host"},
	}
	for _, tt := range tests {
		o, err := Of(mustURL(t, tt.in))
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Of(%q) = %v, %v; want error %q", tt.in, o, err, tt.err)
		case tt.err == "" && (err != nil || o.String() != tt.want):
			t.Errorf("Of(%q) = %v, %v; want %s", tt.in, o, err, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "https://cdn.example", want: "https://cdn.example"},
		{in: "https://cdn.example/", want: "https://cdn.example"},
		{in: "https://cdn.example:8443", want: "https://cdn.example:8443"},
		{in: "https://cdn.example/path", err: "path"},
		{in: "https://cdn.example?token=SECRET", err: "query"},
		{in: "https://user:SECRET@cdn.example", err: "user info"},
		{in: "https://cdn.example#x", err: "fragment"},
		{in: "https://cdn.example:SECRET", err: "not a URL"},
		{in: "cdn.example", err: "not an absolute URL"},
	}
	for _, tt := range tests {
		o, err := Parse(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Parse(%q) = %v, %v; want error %q", tt.in, o, err, tt.err)
		case tt.err == "" && (err != nil || o.String() != tt.want):
			t.Errorf("Parse(%q) = %v, %v; want %s", tt.in, o, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("Parse(%q) error repeats the secret: %v", tt.in, err)
		}
	}
}

// TestCheck is the one rule for redirects and next-page links.
func TestCheck(t *testing.T) {
	rule, err := NewRule("https://hub.test", "https://cdn.test", "https://hub.test:8443")
	if err != nil {
		t.Fatal(err)
	}
	const page = "https://hub.test/api/models?limit=1"
	tests := []struct {
		rule       Rule
		from, next string
		why        string // "" when allowed
	}{
		{rule, page, "https://hub.test/api/models?cursor=2", ""},
		{rule, page, "https://HUB.test:443/api/models?cursor=2", ""},
		{rule, page, "https://cdn.test/page2", ""},
		{rule, "https://cdn.test/page2", "https://hub.test/page3", ""},
		{rule, page, "https://hub.test:8443/x", ""},
		{rule, page, "http://hub.test/api/models?cursor=2", WhyScheme},
		{rule, page, "http://hub.test:443/api/models", WhyScheme},
		{rule, page, "http://cdn.test/page2", WhyScheme},
		{rule, page, "https://evil.test/x", WhyNotListed},
		{rule, page, "https://hub.test:444/x", WhyNotListed},
		{rule, page, "https://hub.test./x", WhyNotListed},
		{rule, page, "https://sub.hub.test/x", WhyNotListed},
		{rule, page, "https://hub.test.evil.test/x", WhyNotListed},
		{rule, page, "https://hub.test@evil.test/x", WhyUserInfo},
		{rule, page, "https://u:p@hub.test/x", WhyUserInfo},
		{rule, page, "ftp://hub.test/x", WhyNotHTTP},
		{rule, page, "https://hüb.test/x", WhyNotHTTP},
		{Rule{}, "http://127.0.0.1:5/a", "http://127.0.0.1:5/b", ""},
		{Rule{}, "http://127.0.0.1:5/a", "http://127.0.0.1:6/b", WhyNotListed},
		{Rule{}, "http://127.0.0.1:5/a", "https://127.0.0.1:5/b", WhyScheme},
	}
	for _, tt := range tests {
		err := tt.rule.Check(mustURL(t, tt.from), mustURL(t, tt.next))
		var e *Error
		switch {
		case tt.why == "" && err != nil:
			t.Errorf("Check(%s, %s) = %v; want nil", tt.from, tt.next, err)
		case tt.why != "" && (err == nil || !asError(err, &e) || e.Why != tt.why):
			t.Errorf("Check(%s, %s) = %v; want %q", tt.from, tt.next, err, tt.why)
		}
		if err != nil && (strings.Contains(err.Error(), "u:p") || strings.Contains(err.Error(), "/x")) {
			t.Errorf("error repeats more than origins: %v", err)
		}
	}
	if !SchemeChange(rule.Check(mustURL(t, page), mustURL(t, "http://hub.test/"))) {
		t.Error("SchemeChange does not recognise a scheme change")
	}
}

func asError(err error, e **Error) bool {
	var ok bool
	*e, ok = err.(*Error)
	return ok
}

func TestNewRule(t *testing.T) {
	if _, err := NewRule("https://hub.test", "http://cdn.test"); err == nil || !strings.Contains(err.Error(), "scheme") {
		t.Errorf("mirror on another scheme: %v", err)
	}
	if _, err := NewRule("https://hub.test", "https://cdn.test/x?token=SECRET"); err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("bad mirror: %v", err)
	}
	if _, err := NewRule("https://bücher.de"); err == nil {
		t.Error("non-ASCII endpoint accepted")
	}
	r, err := NewRule("https://hub.test", "https://HUB.test:443", "https://cdn.test", "https://cdn.test/")
	if err != nil || len(r.Mirrors) != 1 || r.Home.String() != "https://hub.test" {
		t.Errorf("NewRule = %+v, %v; want one mirror", r, err)
	}
}

func TestIsHome(t *testing.T) {
	r, _ := NewRule("https://hub.test")
	for raw, want := range map[string]bool{
		"https://hub.test/a":      true,
		"https://hub.test:443/a":  true,
		"https://HUB.TEST/a":      true,
		"http://hub.test/a":       false,
		"http://hub.test:443/a":   false,
		"https://hub.test:444/a":  false,
		"https://u:p@hub.test/a":  false,
		"https://hub.test.:443/a": false,
		"https://cdn.test/a":      false,
	} {
		if got := r.IsHome(mustURL(t, raw)); got != want {
			t.Errorf("IsHome(%s) = %v, want %v", raw, got, want)
		}
	}
	if (Rule{}).IsHome(mustURL(t, "https://hub.test")) {
		t.Error("the zero Rule has a home")
	}
}
