package config

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Error is one problem in a configuration and where it is.
type Error struct {
	Where string // "file:line", "file", an environment variable name, or a key path
	Line  int    // line in the file; 0 when Where is not a file line
	Msg   string // what is wrong; never contains a token
}

// Error returns "where: msg".
func (e *Error) Error() string { return e.Where + ": " + e.Msg }

// oneLine keeps each problem on one line of the joined error.
var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`)

// problems collects configuration errors, each at most once.
type problems struct {
	list []*Error
	seen map[string]bool
}

// add records a problem unless one with the same key was recorded; an
// empty key means the message itself.
func (p *problems) add(key, where string, line int, format string, args ...any) {
	where, msg := oneLine.Replace(where), oneLine.Replace(fmt.Sprintf(format, args...))
	if key == "" {
		key = where + "\x00" + msg
	}
	if p.seen[key] {
		return
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[key] = true
	p.list = append(p.list, &Error{Where: where, Line: line, Msg: msg})
}

// err returns all problems joined, file lines first in line order, or nil.
// Each secret is replaced wherever it appears, whatever put it there.
func (p *problems) err(secrets ...string) error {
	if len(p.list) == 0 {
		return nil
	}
	list := slices.Clone(p.list)
	slices.SortStableFunc(list, func(a, b *Error) int {
		switch {
		case a.Line == 0 && b.Line == 0:
			return 0
		case a.Line == 0:
			return 1
		case b.Line == 0:
			return -1
		}
		return cmp.Compare(a.Line, b.Line)
	})
	errs := make([]error, len(list))
	sec := redact.New(secrets...) // every spelling: raw, JSON- or percent-encoded
	for i, e := range list {
		e.Where, e.Msg = sec.Remove(e.Where), sec.Remove(e.Msg)
		errs[i] = e
	}
	return errors.Join(errs...)
}
