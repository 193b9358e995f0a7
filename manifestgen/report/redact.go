package report

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// redacted replaces a secret value in free text.
const redacted = "REDACTED"

// secretSuffixes end the (lower-case) names of query parameters treated as
// secrets: token, access_token, api_key, apikey, key, x-amz-signature, ...
var secretSuffixes = []string{"token", "key", "secret", "password", "passwd", "auth", "signature", "sig", "credential"}

// isSecretName reports whether a query parameter named name holds a secret.
func isSecretName(name string) bool {
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

// cleanText makes s valid UTF-8 without control characters (tab and newline
// excepted) or non-characters, so it can go into XML-compatible HTML.
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, badRune) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if badRune(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// badRune reports whether r may not appear in the outputs.
func badRune(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff
}

// scrubText returns s cleaned and with secrets in it replaced: URL userinfo
// removed, values of token-like parameters, bearer credentials and Hugging
// Face tokens replaced by REDACTED.
func scrubText(s string) string {
	s = cleanText(s)
	// Each pattern runs only where the text it needs is (the report scrubs
	// every attempt's filter name, and regexps are slow).
	if strings.Contains(s, "://") {
		s = userinfoRE.ReplaceAllString(s, "${1}")
	}
	if strings.Contains(s, "=") {
		s = paramRE.ReplaceAllString(s, "${1}${2}="+redacted)
	}
	if l := strings.ToLower(s); strings.Contains(l, "bearer") || strings.Contains(l, "basic") || !isASCII(s) { // (?i) also folds ſ to s
		s = bearerRE.ReplaceAllString(s, "${1}${2}"+redacted)
	}
	if strings.Contains(s, "hf_") {
		s = hfTokenRE.ReplaceAllString(s, "hf_"+redacted)
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

// scrubURL returns raw without userinfo, fragment and secret query
// parameters (removed, the others keep their order and encoding). Text that
// does not parse as a URL is scrubbed as free text.
func scrubURL(raw string) string {
	u, err := url.Parse(cleanText(raw))
	if err != nil || u.Opaque != "" {
		return scrubText(raw)
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery != "" {
		parts := strings.FieldsFunc(u.RawQuery, func(r rune) bool { return r == '&' || r == ';' })
		kept := parts[:0]
		for _, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err == nil {
				k = name
			}
			if !isSecretName(k) {
				kept = append(kept, p)
			}
		}
		u.RawQuery = strings.Join(kept, "&")
		u.ForceQuery = false
	}
	return scrubText(u.String())
}
