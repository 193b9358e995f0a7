package redact

import (
	"strings"
	"unicode/utf8"
)

// Escape returns s with every character that could drive a terminal or
// split a log line written as a Go-style escape: C0 controls (tab, CR and
// LF included) and DEL as \xNN, C1 controls, bidirectional formatting
// characters and the Unicode line and paragraph separators as \uNNNN, and
// bytes that are not UTF-8 as \xNN. Backslashes are left alone, so Escape is
// idempotent: Escape(Escape(s)) == Escape(s).
func Escape(s string) string {
	i := strings.IndexFunc(s, unsafeRune)
	if i < 0 {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1, r < 0x20, r == 0x7f:
			c := s[i]
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		case unsafeRune(r) && r != utf8.RuneError:
			b.WriteString(`\u`)
			for sh := 12; sh >= 0; sh -= 4 {
				b.WriteByte(hex[r>>sh&0xf])
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports whether r must not reach a terminal or log raw.
// utf8.RuneError itself is reported so that Escape looks at invalid bytes.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, 0x80 <= r && r < 0xa0:
		return true // C0, DEL, C1 (0x9b is CSI on some terminals)
	case r == 0x061c, r == 0x200e, r == 0x200f, 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true // bidirectional marks, embeddings, overrides and isolates
	case r == 0x2028, r == 0x2029:
		return true // line and paragraph separators
	case r == utf8.RuneError:
		return true
	}
	return false
}
