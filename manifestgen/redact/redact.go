// Package redact makes text safe to leave the process: it removes the run's
// secret values (tokens) in every spelling a hub or a library may give them,
// removes secret-looking patterns as a second layer, and escapes control
// characters so that text from a server cannot drive a terminal or forge a
// log line.
//
// A Set holds the token values of a run. It matches a value however it is
// spelled with one layer of escaping: raw, JSON-escaped (\uXXXX in any case,
// \/, \", \\ and the short escapes), percent-encoded (%XX in any case, '+'
// for a space), or any mixture of these, character by character. Escapes
// nested two deep (a %XX written as \u0025XX) are not undone; neither is any
// other transformation (base64, reversal).
//
// Every non-empty value is matched, however short: a secret is never shown,
// even if that garbles a message. Config refuses tokens too short to be real
// (see config.MinTokenLen), so a run never has to.
package redact

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Marker replaces a secret value in text.
const Marker = "[REDACTED]"

// markers are tried in order; the first one that spells no value of the Set
// is used. "" always qualifies.
var markers = []string{Marker, "[withheld]", "***", ""}

// Set is the secret values of a run. A nil *Set holds no value: its methods
// still apply the patterns and the escaping. A Set is immutable and safe for
// concurrent use.
type Set struct {
	values  []string  // non-empty, distinct
	starts  [256]bool // bytes a spelling can start with: first bytes and escapes
	inValue [256]bool // bytes that occur in a value
	anchors []int     // per value, where raw searches anchor (see anchor)
	maxLen  int       // longest value in bytes
	marker  string
}

// New returns the Set of the non-empty values.
func New(values ...string) *Set {
	s := &Set{}
	for _, v := range values {
		if v == "" || contains(s.values, v) {
			continue
		}
		s.values = append(s.values, v)
		s.anchors = append(s.anchors, anchor(v))
		s.starts[v[0]] = true
		for k := 0; k < len(v); k++ {
			s.inValue[v[k]] = true
		}
		s.maxLen = max(s.maxLen, len(v))
	}
	if len(s.values) > 0 {
		s.starts['%'], s.starts['\\'] = true, true
		if s.starts[' '] {
			s.starts['+'] = true
		}
	}
	for _, m := range markers {
		if !s.Contains(m) {
			s.marker = m
			break
		}
	}
	return s
}

// anchor returns the index of the byte of v that raw searches look for
// first: the first of its rarest kind in JSON text (upper case, then digits,
// then other punctuation, then '_', '-' and '.', then lower case), so that
// bytes.Index stops at few false starts.
func anchor(v string) int {
	rank := func(c byte) int {
		switch {
		case 'A' <= c && c <= 'Z':
			return 4
		case '0' <= c && c <= '9':
			return 3
		case 'a' <= c && c <= 'z', c == '"', c == ':', c == ',', c == ' ':
			return 0
		case c == '_', c == '-', c == '.':
			return 1
		}
		return 2
	}
	best := 0
	for i := 1; i < len(v); i++ {
		if rank(v[i]) > rank(v[best]) {
			best = i
		}
	}
	return best
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Len returns the number of values in s.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.values)
}

// Contains reports whether text spells a value of s (see the package
// documentation for the spellings matched).
func (s *Set) Contains(text string) bool {
	if s.Len() == 0 {
		return false
	}
	for i := 0; i < len(text); i++ {
		if s.starts[text[i]] && matchAt(s, text, i) > 0 {
			return true
		}
	}
	return false
}

// Remove returns text with every spelling of a value of s replaced by
// Marker. The result never spells a value: when replacing leaves one (the
// marker joined to its neighbours can spell a value again), the whole text is
// withheld and only the marker returned.
func (s *Set) Remove(text string) string {
	if s.Len() == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); i++ {
		if !s.starts[text[i]] {
			continue
		}
		if n := matchAt(s, text, i); n > 0 {
			b.WriteString(text[last:i])
			b.WriteString(s.marker)
			last = i + n
			i = last - 1
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	out := b.String()
	if s.Contains(out) {
		return s.marker
	}
	return out
}

// String returns text safe to show: values of s removed, then secret
// patterns (Patterns), then control characters escaped (Escape). The result
// never spells a value of s.
func (s *Set) String(text string) string {
	out := Escape(Patterns(s.Remove(text)))
	if s.Contains(out) {
		return s.marker
	}
	return out
}

// Error returns err with String applied to its message, or err itself when
// its message is already safe. The result unwraps to err, so errors.Is and
// errors.As still see the causes (whose own messages are not scrubbed).
func (s *Set) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := s.String(msg)
	if clean == msg {
		return err
	}
	return &scrubbed{msg: clean, err: err}
}

// scrubbed is an error shown with a safe message.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// IsScrubbed reports whether err's message was changed by Set.Error.
func IsScrubbed(err error) bool {
	var sc *scrubbed
	return errors.As(err, &sc)
}

// matchAt returns the length of the longest spelling of a value of s that
// starts at text[i], or 0.
func matchAt[T ~string | ~[]byte](s *Set, text T, i int) int {
	best := 0
	for _, v := range s.values {
		if n := match(text, i, v); n > best {
			best = n
		}
	}
	if best == 0 {
		return 0
	}
	return best - i
}

// match returns where the longest spelling of v starting at text[i] ends,
// or 0. Each character of v may be spelled raw, percent-encoded (each byte),
// as a JSON escape, or '+' for a space. Where two readings apply ("%25" for
// '%', "\\\\" for '\\') both are followed, and from then on every state
// (position in text, position in v) is visited once: the cost is at most
// proportional to len(v)², and to len(v) for values without '%' and '\\'.
func match[T ~string | ~[]byte](text T, i int, v string) int {
	type state struct{ j, k int }
	var buf [8]state
	todo := append(buf[:0], state{i, 0})
	var seen map[state]bool // made at the first branch
	visit := func(st state) bool {
		if seen == nil {
			return true
		}
		if seen[st] {
			return false
		}
		seen[st] = true
		return true
	}
	best := 0
	for len(todo) > 0 {
		st := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for st.k < len(v) {
			if st.j >= len(text) {
				break
			}
			c, t := v[st.k], text[st.j]
			next := state{-1, -1}
			switch {
			case t == '%' && st.j+2 < len(text):
				if b, ok := unhex2(text[st.j+1], text[st.j+2]); ok && b == c {
					next = state{st.j + 3, st.k + 1}
				}
			case t == '\\':
				if r, n := jsonEscape(text[st.j:]); n > 0 {
					if vr, vn := utf8.DecodeRuneInString(v[st.k:]); r == vr && (vr != utf8.RuneError || vn > 1) {
						next = state{st.j + n, st.k + vn}
					}
				}
			case t == '+' && c == ' ':
				next = state{st.j + 1, st.k + 1}
			}
			if t == c {
				raw := state{st.j + 1, st.k + 1}
				if next.j >= 0 { // two readings
					if seen == nil {
						seen = map[state]bool{}
					}
					if visit(raw) {
						todo = append(todo, raw)
					}
				} else {
					next = raw
				}
			}
			if next.j < 0 || !visit(next) {
				break
			}
			st = next
		}
		if st.k == len(v) {
			best = max(best, st.j)
		}
	}
	return best
}

// unhex2 decodes two hex digits.
func unhex2(a, b byte) (byte, bool) {
	x, ok1 := unhex(a)
	y, ok2 := unhex(b)
	return x<<4 | y, ok1 && ok2
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// jsonEscape decodes the JSON escape at the start of s (which starts with a
// backslash): the rune and the escape's length, or 0 if there is none. A
// surrogate pair counts as one escape.
func jsonEscape[T ~string | ~[]byte](s T) (rune, int) {
	if len(s) < 2 {
		return 0, 0
	}
	switch s[1] {
	case '"', '\\', '/':
		return rune(s[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r, ok := hex4(s[2:])
		if !ok {
			return 0, 0
		}
		if 0xD800 <= r && r < 0xDC00 && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
			if lo, ok := hex4(s[8:]); ok && 0xDC00 <= lo && lo < 0xE000 {
				return (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000, 12
			}
		}
		return r, 6
	}
	return 0, 0
}

func hex4[T ~string | ~[]byte](s T) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		d, ok := unhex(s[i])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}
