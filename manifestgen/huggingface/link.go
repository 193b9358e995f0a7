package huggingface

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// link is one entry of an RFC 8288 Link header.
type link struct {
	URL  string   // the URI-reference between < and >, spaces trimmed
	Rels []string // relation types of the first rel parameter, as sent
}

// parseLinks parses a Link header value: comma-separated entries
// `<url>; param=value; ...` where values are tokens or quoted strings and
// rel may list several space-separated types. Malformed entries are
// skipped; commas inside <...> or quotes do not split entries.
func parseLinks(s string) []link {
	var out []link
	i := 0
	for i < len(s) {
		i = skipOWS(s, i, true)
		if i >= len(s) {
			break
		}
		if s[i] != '<' {
			i = skipEntry(s, i)
			continue
		}
		end := strings.IndexByte(s[i+1:], '>')
		if end < 0 {
			break
		}
		l := link{URL: strings.TrimSpace(s[i+1 : i+1+end])}
		i += end + 2
		ok, seenRel := true, false
		for {
			i = skipOWS(s, i, false)
			if i >= len(s) || s[i] == ',' {
				break
			}
			if s[i] != ';' {
				ok = false
				i = skipEntry(s, i)
				break
			}
			i = skipOWS(s, i+1, false)
			start := i
			for i < len(s) && !strings.ContainsRune("=;, \t", rune(s[i])) {
				i++
			}
			name := s[start:i]
			i = skipOWS(s, i, false)
			var val string
			if i < len(s) && s[i] == '=' {
				i = skipOWS(s, i+1, false)
				if i < len(s) && s[i] == '"' {
					val, i = readQuoted(s, i)
				} else {
					start := i
					for i < len(s) && s[i] != ';' && s[i] != ',' {
						i++
					}
					val = strings.TrimSpace(s[start:i])
				}
			}
			if strings.EqualFold(name, "rel") && !seenRel { // RFC 8288: later rel params are ignored
				seenRel = true
				l.Rels = strings.Fields(val)
			}
		}
		if ok {
			out = append(out, l)
		}
	}
	return out
}

// skipOWS skips spaces and tabs (and commas when commas is set).
func skipOWS(s string, i int, commas bool) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || commas && s[i] == ',') {
		i++
	}
	return i
}

// skipEntry moves past the rest of a malformed entry: to the next comma
// outside a quoted string.
func skipEntry(s string, i int) int {
	for i < len(s) && s[i] != ',' {
		if s[i] == '"' {
			_, i = readQuoted(s, i)
			continue
		}
		i++
	}
	return i
}

// readQuoted reads the quoted string starting at s[i] == '"', undoing
// backslash escapes, and returns it with the index after the closing quote
// (len(s) when unterminated).
func readQuoted(s string, i int) (string, int) {
	var b strings.Builder
	for i++; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), i + 1
		case '\\':
			if i+1 < len(s) {
				i++
			}
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), i
}

// nextLink returns the absolute URL of the first rel="next" entry in the
// Link header values, resolved against base (the request URL), or "" when
// there is none. A next URL that does not parse, or that rule.Check refuses
// after base (another scheme; a host or port the config does not allow),
// is an error: it is never followed.
func nextLink(values []string, base string, rule origin.Rule) (string, error) {
	for _, v := range values {
		for _, l := range parseLinks(v) {
			if !hasRel(l.Rels, "next") {
				continue
			}
			ref, err := url.Parse(l.URL)
			if err != nil {
				return "", errors.New(`Link rel="next": not a URL`)
			}
			b, err := url.Parse(base)
			if err != nil {
				return "", errors.New("request URL: not a URL")
			}
			u := b.ResolveReference(ref)
			if err := rule.Check(b, u); err != nil {
				return "", fmt.Errorf(`Link rel="next": %w`, err)
			}
			return u.String(), nil
		}
	}
	return "", nil
}

func hasRel(rels []string, want string) bool {
	for _, r := range rels {
		if strings.EqualFold(r, want) {
			return true
		}
	}
	return false
}
