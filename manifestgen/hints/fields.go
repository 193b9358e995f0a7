package hints

import "strings"

// member is one ';'-separated part of a list item: a string (quoted or bare)
// when key is "", else a key=value parameter with key lower-cased.
type member struct {
	key, val string
}

// item is one ','-separated element of a header list.
type item []member

// names returns the item's string members in order.
func (it item) names() []string {
	var out []string
	for _, m := range it {
		if m.key == "" {
			out = append(out, m.val)
		}
	}
	return out
}

// param returns the value of parameter key and whether it is present.
func (it item) param(key string) (string, bool) {
	for _, m := range it {
		if m.key == key {
			return m.val, true
		}
	}
	return "", false
}

// parseList splits header values into items and members, tolerating the
// ways servers deviate from RFC 8941: spaces around '=' and ';', any case
// of keys, bare (unquoted) names, and several header lines. Quoted strings
// may hold ',', ';' and '=' and use backslash escapes; an unterminated
// quote runs to the end of the value.
func parseList(values []string) []item {
	var items []item
	for _, v := range values {
		for _, raw := range split(v, ',') {
			var it item
			for _, part := range split(raw, ';') {
				if m, ok := parseMember(part); ok {
					it = append(it, m)
				}
			}
			if len(it) > 0 {
				items = append(items, it)
			}
		}
	}
	return items
}

// parseMember parses `"quoted"`, `bare` or `key = value`.
func parseMember(s string) (member, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return member{}, false
	}
	if s[0] == '"' {
		return member{val: unquote(s)}, true
	}
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return member{val: s}, true
	}
	k = strings.ToLower(strings.TrimSpace(k))
	if k == "" {
		return member{}, false
	}
	v = strings.TrimSpace(v)
	if v != "" && v[0] == '"' {
		v = unquote(v)
	}
	return member{key: k, val: v}, true
}

// split splits s at sep outside double quotes.
func split(s string, sep byte) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if quoted {
				i++
			}
		case '"':
			quoted = !quoted
		case sep:
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// unquote returns the content of a quoted string starting at s[0] == '"',
// resolving backslash escapes and ignoring anything after the closing quote.
func unquote(s string) string {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String()
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
