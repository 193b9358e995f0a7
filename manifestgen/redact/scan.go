package redact

import (
	"bytes"
	"unicode/utf8"
)

// maxSpell is the most bytes one byte of a value can take when spelled:
// a \u00XX escape.
const maxSpell = 6

// Scanner reports whether a stream written to it in pieces spells a value
// of its Set anywhere, across the boundaries of the writes. Create one with
// Set.Scanner; it is not safe for concurrent use.
type Scanner struct {
	s     *Set
	tail  []byte // the last bytes written, where a spelling may have begun
	keep  int    // most tail bytes kept
	found bool
}

// Scanner returns a Scanner for s. With no values it never finds anything
// and costs nothing.
func (s *Set) Scanner() *Scanner {
	return &Scanner{s: s, keep: maxSpell*s.maxLenOr0() - 1}
}

func (s *Set) maxLenOr0() int {
	if s == nil {
		return 0
	}
	return s.maxLen
}

// Write scans p. It never fails.
func (sc *Scanner) Write(p []byte) (int, error) {
	if sc.found || sc.s.Len() == 0 || len(p) == 0 {
		return len(p), nil
	}
	if len(sc.tail) > 0 {
		// Spellings that start in the tail and end in p.
		w := append(sc.tail[:len(sc.tail):len(sc.tail)], p[:min(len(p), sc.keep+1)]...)
		if sc.s.findIn(w, len(sc.tail)) {
			sc.found = true
			return len(p), nil
		}
	}
	if sc.s.findIn(p, len(p)) {
		sc.found = true
		return len(p), nil
	}
	if len(p) >= sc.keep {
		sc.tail = append(sc.tail[:0], p[len(p)-sc.keep:]...)
	} else {
		sc.tail = append(sc.tail, p...)
		if extra := len(sc.tail) - sc.keep; extra > 0 {
			sc.tail = append(sc.tail[:0], sc.tail[extra:]...)
		}
	}
	return len(p), nil
}

// Found reports whether what was written so far spells a value.
func (sc *Scanner) Found() bool { return sc.found }

// findIn reports whether a spelling of a value starts in b[:before] (and
// ends within b). Raw spellings are found with bytes.Index, one fast pass per
// value, anchored at its rarest byte. Any other spelling holds an escape ('%', '\\', '+') that decodes to
// a byte of a value, at most len(value)-1 raw bytes after its start: only
// such escapes (rare in real bodies) lead to a closer look, at the starts
// just before them.
func (s *Set) findIn(b []byte, before int) bool {
	if s.Len() == 0 || before <= 0 {
		return false
	}
	for vi, v := range s.values {
		k := s.anchors[vi]
		rest := []byte(v[k:])
		for i := k; i < len(b); {
			j := bytes.Index(b[i:], rest)
			if j < 0 {
				break
			}
			at := i + j - k // where v would start
			if at >= before {
				break
			}
			if string(b[at:at+k]) == v[:k] {
				return true
			}
			i += j + 1
		}
	}
	reach := min(len(b), before+s.maxLen-1) // escapes past it belong to later starts
	for _, c := range [...]byte{'%', '\\', '+'} {
		if c == '+' && !s.inValue[' '] {
			continue
		}
		done := 0 // starts below done were tried
		for e := 0; e < reach; {
			j := bytes.IndexByte(b[e:reach], c)
			if j < 0 {
				break
			}
			e += j
			if s.escapeInValue(b[e:]) {
				for st := max(done, e-s.maxLen+1); st <= e && st < before; st++ {
					if s.starts[b[st]] && matchAt(s, b, st) > 0 {
						return true
					}
				}
				done = e + 1
			}
			e++
		}
	}
	return false
}

// escapeInValue reports whether the escape at the start of b ('%', '\\' or
// '+') decodes to a byte that occurs in a value (or, for a JSON escape of a
// non-ASCII character, might).
func (s *Set) escapeInValue(b []byte) bool {
	switch b[0] {
	case '%':
		if len(b) >= 3 {
			c, ok := unhex2(b[1], b[2])
			return ok && s.inValue[c]
		}
	case '\\':
		if r, n := jsonEscape(b); n > 0 {
			return r >= utf8.RuneSelf || s.inValue[r]
		}
	case '+':
		return s.inValue[' ']
	}
	return false
}
