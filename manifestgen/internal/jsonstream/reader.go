// Package jsonstream splits a JSON text read from an io.Reader into its
// values without holding the whole text: a Reader walks objects and arrays
// member by member and hands out each value it is asked for as raw bytes,
// for a parser to validate and decode. Memory is bounded by the largest
// single value read, not by the text.
//
// The Reader checks the structure it walks (braces, brackets, commas,
// colons, member names, what follows the top-level value) and the scalars
// it decodes (String, Int64, Float64, Bool), but not the raw values Value
// returns or Skip passes over: beyond their extent (strings closed,
// brackets balanced) they are not checked. A caller that keeps a raw value
// must validate it; one that skips a value does not care what it holds.
package jsonstream

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrSyntax is wrapped by the errors of a text that is not JSON.
var ErrSyntax = errors.New("invalid JSON")

const (
	minRead = 64 << 10 // bytes asked of the underlying reader at a time
)

// Reader reads one JSON text from an io.Reader. Its zero value is not
// usable; use NewReader.
type Reader struct {
	r   io.Reader
	buf []byte // buf[off:] is read but not consumed
	off int
	pos int64 // offset in the text of buf[0]
	err error // the underlying reader's error (io.EOF at the end)
}

// NewReader returns a Reader of the JSON text in r. Call Release when done
// with it, so that its buffer serves the next Reader.
func NewReader(r io.Reader) *Reader { return &Reader{r: r} }

// buffers holds the read buffers of released Readers: one per request in
// flight, not one per request made.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, minRead); return &b }}

// maxPooled is the largest buffer kept for reuse; a larger one (a value
// over half of it was read) goes to the garbage collector.
const maxPooled = 1 << 20

// Release gives r's buffer back for reuse by later Readers. r must not be
// used after, nor the slices it returned.
func (r *Reader) Release() {
	if r.buf != nil && cap(r.buf) <= maxPooled {
		b := r.buf[:0]
		buffers.Put(&b)
	}
	r.buf, r.off, r.r = nil, 0, nil
	if r.err == nil {
		r.err = errReleased
	}
}

// errReleased is the error of a Reader used after Release.
var errReleased = errors.New("jsonstream: Reader used after Release")

// Offset returns how many bytes of the text have been consumed.
func (r *Reader) Offset() int64 { return r.pos + int64(r.off) }

// fill reads more of the text, keeping buf[off:]. It returns false when
// nothing more can be read (r.err says why).
func (r *Reader) fill() bool {
	if r.err != nil {
		return false
	}
	if r.off > 0 {
		n := copy(r.buf, r.buf[r.off:])
		r.buf = r.buf[:n]
		r.pos += int64(r.off)
		r.off = 0
	}
	// Grow by what is kept plus minRead, so a large value is read in
	// doubling steps however little each read returns (growing by
	// max(minRead, kept) reallocated at every read below minRead: a value
	// trickled one byte per read cost minRead bytes of copying per byte).
	if r.buf == nil {
		r.buf = (*buffers.Get().(*[]byte))[:0]
	}
	if cap(r.buf)-len(r.buf) < minRead {
		nb := make([]byte, len(r.buf), 2*len(r.buf)+minRead)
		copy(nb, r.buf)
		r.buf = nb
	}
	n, err := r.r.Read(r.buf[len(r.buf):cap(r.buf)])
	r.buf = r.buf[:len(r.buf)+n]
	if err != nil {
		r.err = err
	}
	return n > 0 || err == nil
}

// readErr is the error for a text that ended (or failed) early.
func (r *Reader) readErr() error {
	if r.err == nil || r.err == io.EOF {
		return fmt.Errorf("%w: unexpected end at offset %d: %w", ErrSyntax, r.Offset(), io.ErrUnexpectedEOF)
	}
	return r.err
}

// Peek returns the first byte of the next token, after white space,
// without consuming it.
func (r *Reader) Peek() (byte, error) {
	if r.off < len(r.buf) && r.buf[r.off] > ' ' { // the common case, inlined
		return r.buf[r.off], nil
	}
	return r.peekSlow()
}

func (r *Reader) peekSlow() (byte, error) {
	for {
		for i := r.off; i < len(r.buf); i++ {
			switch c := r.buf[i]; c {
			case ' ', '\t', '\n', '\r':
			default:
				r.off = i
				return c, nil
			}
		}
		r.off = len(r.buf)
		if !r.fill() {
			return 0, r.readErr()
		}
	}
}

// syntax returns a syntax error at the current offset.
func (r *Reader) syntax(format string, args ...any) error {
	return fmt.Errorf("%w at offset %d: %s", ErrSyntax, r.Offset(), fmt.Sprintf(format, args...))
}

// expect consumes the byte c, after white space.
func (r *Reader) expect(c byte, what string) error {
	got, err := r.Peek()
	if err != nil {
		return err
	}
	if got != c {
		return r.syntax("want %s, got %q", what, got)
	}
	r.off++
	return nil
}

// Object reads an object, calling f with each member's name, unescaped;
// f must consume the member's value with Value, Skip, Object, Array or a
// scalar method. If the next value is null, Object consumes it and calls
// nothing.
func (r *Reader) Object(f func(name string) error) error {
	var name string // a copy: raw is void after the next read
	return r.object(func(raw []byte) bool { name = string(raw); return true }, func() error { return f(name) })
}

// Keys is the set of member names an object is read for: see Members.
type Keys struct{ names []string }

// NewKeys returns the Keys of names; Members reports a member by its index
// in names.
func NewKeys(names ...string) *Keys { return &Keys{names: names} }

// Name returns the name at index i.
func (k *Keys) Name(i int) string { return k.names[i] }

// index returns the index of name, or -1.
func (k *Keys) index(name []byte) int {
	for i, n := range k.names {
		if len(n) == len(name) && n == string(name) {
			return i
		}
	}
	return -1
}

// Members reads an object, calling f with the index in keys of each member
// whose name is one of them; f must consume the value. Every other member
// is skipped without a call: reading a few members of large objects costs
// little more than skipping them. If the next value is null, Members
// consumes it and calls nothing.
func (r *Reader) Members(keys *Keys, f func(k int) error) error {
	k := -1
	return r.object(func(raw []byte) bool { k = keys.index(raw); return k >= 0 }, func() error { return f(k) })
}

// object reads an object. For each member it calls pick with the member's
// name, unescaped and valid only until the next read; then value, which
// must consume the value, if pick said true, else it skips the value.
func (r *Reader) object(pick func(raw []byte) bool, value func() error) error {
	c, err := r.Peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		return r.null()
	}
	if c != '{' {
		return r.syntax("want an object, got %s", KindName(c))
	}
	r.off++
	for first := true; ; first = false {
		c, err := r.Peek()
		if err != nil {
			return err
		}
		if c == '}' {
			if !first {
				return r.syntax("want a member name after ','")
			}
			r.off++
			return nil
		}
		if c != '"' {
			return r.syntax("want a member name, got %s", KindName(c))
		}
		raw, err := r.name()
		if err != nil {
			return err
		}
		picked := pick(raw) // raw is void after the next read
		if err := r.expect(':', "':'"); err != nil {
			return err
		}
		if picked {
			err = value()
		} else {
			err = r.Skip()
		}
		if err != nil {
			return err
		}
		c, err = r.Peek()
		if err != nil {
			return err
		}
		r.off++
		switch c {
		case '}':
			return nil
		case ',':
			if c, err := r.Peek(); err != nil {
				return err
			} else if c == '}' {
				return r.syntax("want a member name after ','")
			}
		default:
			r.off--
			return r.syntax("want ',' or '}', got %q", c)
		}
	}
}

// Array reads an array, calling f with each element's index; f must
// consume the element with Value, Skip, Object or Array. If the next value
// is null, Array consumes it and calls nothing.
func (r *Reader) Array(f func(i int) error) error {
	c, err := r.Peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		return r.null()
	}
	if c != '[' {
		return r.syntax("want an array, got %s", KindName(c))
	}
	r.off++
	if c, err := r.Peek(); err != nil {
		return err
	} else if c == ']' {
		r.off++
		return nil
	}
	for i := 0; ; i++ {
		if err := f(i); err != nil {
			return err
		}
		c, err := r.Peek()
		if err != nil {
			return err
		}
		r.off++
		switch c {
		case ']':
			return nil
		case ',':
			if c, err := r.Peek(); err != nil {
				return err
			} else if c == ']' {
				return r.syntax("want a value after ','")
			}
		default:
			r.off--
			return r.syntax("want ',' or ']', got %q", c)
		}
	}
}

// null consumes the literal null.
func (r *Reader) null() error {
	raw, err := r.Value()
	if err != nil {
		return err
	}
	if string(raw) != "null" {
		return r.syntax("want null, got %.20q", raw)
	}
	return nil
}

// Value consumes the next value and returns its raw bytes, valid until the
// next call of any method of r. It finds where the value ends (strings, nesting) but does
// not validate it.
func (r *Reader) Value() ([]byte, error) {
	c, err := r.Peek()
	if err != nil {
		return nil, err
	}
	var (
		i     = 1 // scanned: buf[off : off+i]
		depth = 0
		inStr bool
		done  bool
	)
	switch c {
	case '{', '[':
		depth = 1
	case '"':
		depth, inStr = -1, true // a lone string: done at its closing quote
	case '}', ']', ',', ':':
		return nil, r.syntax("want a value, got %q", c)
	}
	for {
		b := r.buf[r.off:]
		switch {
		case depth == 0: // a scalar: up to a delimiter
			for ; i < len(b); i++ {
				switch b[i] {
				case ' ', '\t', '\n', '\r', ',', ']', '}', ':', '[', '{', '"':
					done = true
				}
				if done {
					break
				}
			}
			if !done && r.err != nil { // the text ends with the scalar
				done = i == len(b)
			}
		default:
			i, depth, inStr, done = scanNested(b, i, depth, inStr)
		}
		if done {
			raw := b[:i]
			r.off += i
			return raw, nil
		}
		if !r.fill() {
			if depth == 0 && r.err == io.EOF {
				continue // the scalar ends the text
			}
			return nil, r.readErr()
		}
	}
}

// scanNested continues scanning b from i, at the given depth of nesting
// (-1: a lone string) and inside a string or not, and returns where it
// stopped, the state there and whether the value ended just before i.
// A string is scanned byte by byte: the strings of API bodies are mostly
// short, where a loop beats a call to bytes.IndexByte.
func scanNested(b []byte, i, depth int, inStr bool) (int, int, bool, bool) {
	for i < len(b) {
		if inStr {
			for i+8 <= len(b) && !quoteOrBackslash(binary.LittleEndian.Uint64(b[i:])) {
				i += 8
			}
			for i < len(b) && b[i] != '"' && b[i] != '\\' {
				i++
			}
			switch {
			case i == len(b):
				return i, depth, true, false
			case b[i] == '\\':
				if i+1 == len(b) {
					return i, depth, true, false // resume at the backslash
				}
				i += 2
				continue
			}
			i++ // the closing quote
			inStr = false
			if depth == -1 {
				return i, 0, false, true
			}
			continue
		}
		switch b[i] {
		case '"':
			inStr = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, 0, false, true
			}
		}
		i++
	}
	return i, depth, inStr, false
}

// quoteOrBackslash reports whether any of the 8 bytes in w is '"' or '\\'
// (the zero-byte test of "Bit Twiddling Hacks", on w xor each).
func quoteOrBackslash(w uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q := w ^ (lo * '"')
	s := w ^ (lo * '\\')
	return ((q-lo)&^q|(s-lo)&^s)&hi != 0
}

// Skip consumes the next value. Like Value it does not validate it.
func (r *Reader) Skip() error {
	_, err := r.Value()
	return err
}

// End checks that only white space follows the consumed value.
func (r *Reader) End() error {
	for {
		for i := r.off; i < len(r.buf); i++ {
			switch r.buf[i] {
			case ' ', '\t', '\n', '\r':
			default:
				r.off = i
				return r.syntax("data after the top-level value")
			}
		}
		r.off = len(r.buf)
		if !r.fill() {
			if r.err == io.EOF {
				return nil
			}
			return r.err
		}
	}
}

// name consumes a member name (the next byte is its opening quote) and
// returns it as Name does.
func (r *Reader) name() ([]byte, error) {
	b := r.buf[r.off:]
	i := 1
	for i < len(b) && b[i] != '"' && b[i] != '\\' && b[i] >= 0x20 {
		i++
	}
	if i < len(b) && b[i] == '"' { // a plain name, in the buffer
		r.off += i + 1
		return b[1:i], nil
	}
	raw, err := r.Value()
	if err != nil {
		return nil, err
	}
	name, err := Name(raw)
	if err != nil {
		return nil, fmt.Errorf("%w at offset %d: %w", ErrSyntax, r.Offset(), err)
	}
	return name, nil
}

// Name returns a member name from its raw quoted form: the bytes between
// the quotes when there is no escape, else the unescaped name. It rejects
// control characters and bad escapes.
func Name(raw []byte) ([]byte, error) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, fmt.Errorf("bad member name %.40q", raw)
	}
	s := raw[1 : len(raw)-1]
	esc := false
	for _, c := range s {
		if c < 0x20 {
			return nil, fmt.Errorf("control character in member name %.40q", raw)
		}
		esc = esc || c == '\\'
	}
	if !esc {
		return s, nil
	}
	var name string // rare: let encoding/json unescape and check it
	if err := json.Unmarshal(raw, &name); err != nil {
		return nil, fmt.Errorf("bad member name %.40q: %w", raw, err)
	}
	return []byte(name), nil
}

// KindName names what a value starting with c is, for errors: "an
// object", "a number" and so on.
func KindName(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	if c == '-' || c >= '0' && c <= '9' {
		return "a number"
	}
	return fmt.Sprintf("%q", c)
}
