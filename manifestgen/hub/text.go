package hub

import (
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

// titleWord upper-cases the first letter of an ASCII word.
func titleWord(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// camelFileName turns "Hassaku XL (Illustrious)" into "hassakuXLIllustrious",
// as CivitAI derives file names.
func camelFileName(s string) string {
	var b strings.Builder
	first := true
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		if first {
			b.WriteString(strings.ToLower(w[:1]) + w[1:])
			first = false
			continue
		}
		b.WriteString(titleWord(w))
	}
	return b.String()
}

// slugVersion turns "v3.0" into "v30", as CivitAI file names do.
func slugVersion(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func i64toa(n int64) string { return strconv.FormatInt(n, 10) }

// htmlEscape escapes the characters that matter in HTML text.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
