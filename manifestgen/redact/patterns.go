package redact

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// patternMarker replaces a secret found by a pattern.
const patternMarker = "REDACTED"

// secretSuffixes end the (lower-case) names of query parameters treated as
// secrets: token, access_token, api_key, apikey, key, x-amz-signature, ...
var secretSuffixes = []string{"token", "key", "secret", "password", "passwd", "auth", "signature", "sig", "credential"}

// SecretParam reports whether a query parameter named name holds a secret
// (its lower-case name ends with token, key, secret, password, passwd, auth,
// signature, sig or credential).
func SecretParam(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, s := range secretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

var (
	// userinfoRE matches "://" and the userinfo after it in text.
	userinfoRE = regexp.MustCompile(`(://)[^/?#\s@"'<>]*@`)
	// paramRE matches a secret-named parameter and its value in text.
	paramRE = regexp.MustCompile(`(?i)(^|[^a-z0-9_.\-])([a-z0-9_.\-]*(?:token|key|secret|password|passwd|auth|signature|sig|credential))=([^&;#\s"'<>]*)`)
	// bearerRE matches HTTP authorization credentials in text.
	bearerRE = regexp.MustCompile(`(?i)\b(bearer|basic)(\s+)[a-z0-9._~+/=\-]+`)
	// hfTokenRE matches Hugging Face access tokens.
	hfTokenRE = regexp.MustCompile(`\bhf_[A-Za-z0-9]{16,}`)
)

// Patterns returns s with what looks like a secret replaced, whatever its
// value: URL userinfo removed, values of secret-named parameters (see
// SecretParam), Bearer/Basic credentials and Hugging Face tokens (hf_…)
// replaced by REDACTED. It is the second layer, behind Set.Remove.
func Patterns(s string) string {
	// Each pattern runs only where the text it needs is (regexps are slow,
	// and the report scrubs every attempt's filter name).
	if strings.Contains(s, "://") {
		s = userinfoRE.ReplaceAllString(s, "${1}")
	}
	if strings.Contains(s, "=") {
		s = paramRE.ReplaceAllString(s, "${1}${2}="+patternMarker)
	}
	if l := strings.ToLower(s); strings.Contains(l, "bearer") || strings.Contains(l, "basic") || !isASCII(s) { // (?i) also folds ſ to s
		s = bearerRE.ReplaceAllString(s, "${1}${2}"+patternMarker)
	}
	if strings.Contains(s, "hf_") {
		s = hfTokenRE.ReplaceAllString(s, "hf_"+patternMarker)
	}
	return s
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// URL returns u as a string without userinfo, fragment and secret query
// parameters (see SecretParam); the other parameters keep their order and
// encoding. Values of the run's tokens elsewhere in the URL (a cursor, a
// path) are Set.Remove's job.
func URL(u *url.URL) string {
	c := *u
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	if c.RawQuery != "" {
		parts := strings.FieldsFunc(c.RawQuery, func(r rune) bool { return r == '&' || r == ';' })
		kept := parts[:0]
		for _, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err == nil {
				k = name
			}
			if !SecretParam(k) {
				kept = append(kept, p)
			}
		}
		c.RawQuery = strings.Join(kept, "&")
		c.ForceQuery = false
	}
	return c.String()
}
