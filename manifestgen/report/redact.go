package report

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
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

// scrubText returns s cleaned and with what looks like a secret replaced
// (redact.Patterns).
func scrubText(s string) string {
	return redact.Patterns(cleanText(s))
}

// scrubURL returns raw without userinfo, fragment and secret query
// parameters (removed, the others keep their order and encoding). Text that
// does not parse as a URL is scrubbed as free text.
func scrubURL(raw string) string {
	u, err := url.Parse(cleanText(raw))
	if err != nil || u.Opaque != "" {
		return scrubText(raw)
	}
	return scrubText(redact.URL(u))
}
