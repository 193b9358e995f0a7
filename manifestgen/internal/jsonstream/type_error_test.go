package jsonstream

import (
	"errors"
	"strings"
	"testing"
)

// TestTypeErrors: a well-formed value of the wrong kind or range is an
// ErrType and is consumed, so reading goes on; broken JSON never is.
func TestTypeErrors(t *testing.T) {
	tests := []struct {
		in       string
		read     func(r *Reader) error
		typeErr  bool
		thenNext bool // the value was consumed: the next element reads
	}{
		{`["x",1]`, func(r *Reader) error { _, err := r.Int64(); return err }, true, true},
		{`[1.5,1]`, func(r *Reader) error { _, err := r.Int64(); return err }, true, true},
		{`[99999999999999999999,1]`, func(r *Reader) error { _, err := r.Int64(); return err }, true, true},
		{`[{"a":[1]},1]`, func(r *Reader) error { _, err := r.String(); return err }, true, true},
		{`[1e999,1]`, func(r *Reader) error { _, err := r.Float64(); return err }, true, true},
		{`["t",1]`, func(r *Reader) error { _, err := r.Bool(); return err }, true, true},
		{`[tru,1]`, func(r *Reader) error { _, err := r.Bool(); return err }, false, false},
		{`["abc`, func(r *Reader) error { _, err := r.String(); return err }, false, false},
	}
	for _, tt := range tests {
		r := NewReader(strings.NewReader(tt.in))
		var first, second error
		err := r.Array(func(i int) error {
			if i == 0 {
				first = tt.read(r)
				if errors.Is(first, ErrType) {
					return nil
				}
				return first
			}
			_, second = r.Int64()
			return second
		})
		if got := errors.Is(first, ErrType); got != tt.typeErr || first == nil {
			t.Errorf("%s: error %v, ErrType %v, want %v", tt.in, first, got, tt.typeErr)
		}
		if tt.thenNext && (err != nil || second != nil) {
			t.Errorf("%s: reading on: %v, %v", tt.in, err, second)
		}
		r.Release()
	}
	if err := WrongKind('{', '['); !errors.Is(err, ErrType) || err.Error() != "want an object, got an array" {
		t.Errorf("WrongKind: %v", err)
	}
}
