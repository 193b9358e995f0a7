package jsonstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// String consumes a string (or null, which is "") and returns it with
// encoding/json's rules: escapes decoded, invalid UTF-8 and lone
// surrogates replaced by U+FFFD.
func (r *Reader) String() (string, error) {
	raw, err := r.Value()
	if err != nil {
		return "", err
	}
	return stringValue(raw)
}

func stringValue(raw []byte) (string, error) {
	if string(raw) == "null" {
		return "", nil
	}
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", typeErr("a string", raw)
	}
	s := raw[1 : len(raw)-1]
	plain := true
	for _, c := range s {
		if c < 0x20 || c == '\\' || c == '"' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(s), nil
	}
	var v string // escapes or non-ASCII: encoding/json decides
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", fmt.Errorf("%w: bad string %.40q: %w", ErrSyntax, raw, err)
	}
	return v, nil
}

// Int64 consumes an integer (or null, which is 0). A number with a
// fraction or exponent, or out of range, is an error, as in encoding/json.
func (r *Reader) Int64() (int64, error) {
	raw, err := r.Value()
	if err != nil || string(raw) == "null" {
		return 0, err
	}
	if err := checkNumber(raw); err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, &TypeError{fmt.Sprintf("want an int64, got %.40s", raw)}
	}
	return n, nil
}

// Float64 consumes a number (or null, which is 0). Out of range is an
// error, as in encoding/json.
func (r *Reader) Float64() (float64, error) {
	raw, err := r.Value()
	if err != nil || string(raw) == "null" {
		return 0, err
	}
	if err := checkNumber(raw); err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, &TypeError{fmt.Sprintf("want a float64, got %.40s", raw)}
	}
	return f, nil
}

// Bool consumes true or false (or null, which is false).
func (r *Reader) Bool() (bool, error) {
	raw, err := r.Value()
	if err != nil {
		return false, err
	}
	switch string(raw) {
	case "true":
		return true, nil
	case "false", "null":
		return false, nil
	}
	return false, typeErr("a boolean", raw)
}

// checkNumber checks raw against JSON's number grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func checkNumber(raw []byte) error {
	i, n := 0, len(raw)
	digits := func() bool {
		start := i
		for i < n && raw[i] >= '0' && raw[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < n && raw[i] == '-' {
		i++
	}
	switch {
	case i < n && raw[i] == '0':
		i++
	case !digits():
		return typeErr("a number", raw)
	}
	if i < n && raw[i] == '.' {
		i++
		if !digits() {
			return fmt.Errorf("%w: bad number %.40q", ErrSyntax, raw)
		}
	}
	if i < n && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < n && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if !digits() {
			return fmt.Errorf("%w: bad number %.40q", ErrSyntax, raw)
		}
	}
	if i != n {
		return fmt.Errorf("%w: bad number %.40q", ErrSyntax, raw)
	}
	return nil
}

// typeErr says a value is not of the kind wanted; a raw value that is not
// JSON at all is a syntax error.
func typeErr(want string, raw []byte) error {
	if !json.Valid(raw) {
		return fmt.Errorf("%w: bad value %.40q", ErrSyntax, raw)
	}
	return &TypeError{fmt.Sprintf("want %s, got %s", want, KindName(raw[0]))}
}

// TypeError is the error of a scalar method given a well-formed JSON value
// of the wrong kind or out of range. The value has been consumed, so a
// caller may note the error and read on; errors.Is(err, ErrType) holds.
type TypeError struct{ msg string }

// ErrType matches every *TypeError.
var ErrType = errors.New("wrong type")

func (e *TypeError) Error() string { return e.msg }

// Is reports whether target is ErrType.
func (e *TypeError) Is(target error) bool { return target == ErrType }

// WrongKind returns the TypeError of a value starting with got where a
// value starting with want was expected (both as in KindName).
func WrongKind(want, got byte) error {
	return &TypeError{fmt.Sprintf("want %s, got %s", KindName(want), KindName(got))}
}
