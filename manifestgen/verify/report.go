package verify

import (
	"errors"
	"fmt"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// ErrInvalid is wrapped by Report.Err when an output dir breaks a rule.
var ErrInvalid = errors.New("invalid manifestgen output")

// Violation is one broken rule: the file, the place inside it and what is
// wrong.
type Violation struct {
	File    string // slash-separated path relative to the output dir
	Pointer string // RFC 6901 JSON pointer into File; "" means the whole file
	Message string
}

// String formats v as "file#pointer: message" ("file: message" for the whole
// file).
func (v Violation) String() string {
	if v.Pointer == "" {
		return v.File + ": " + v.Message
	}
	return v.File + "#" + v.Pointer + ": " + v.Message
}

// Report is the outcome of checking one output dir.
type Report struct {
	Dir        string      // the dir checked, as given to Dir
	Files      int         // regular files found under Dir
	Violations []Violation // sorted by file, pointer, then message
}

// Err returns nil when the report has no violations, else an error wrapping
// ErrInvalid that lists them.
func (r *Report) Err() error {
	if len(r.Violations) == 0 {
		return nil
	}
	return fmt.Errorf("%w in %s: %d violation(s):\n%s", ErrInvalid, r.Dir, len(r.Violations), r.String())
}

// String lists the violations one per line, control characters escaped (see
// redact.Escape); it is empty when there are none.
func (r *Report) String() string {
	lines := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		lines[i] = redact.Escape(v.String()) // may quote data from a hub
	}
	return strings.Join(lines, "\n")
}

// pointer builds a JSON pointer from unescaped reference tokens.
func pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(t))
	}
	return b.String()
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")
