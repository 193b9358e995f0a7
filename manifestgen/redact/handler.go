package redact

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

// Handler returns an slog.Handler that passes every record to h with its
// message, attribute keys, group names and values made safe by String:
// strings, errors and fmt.Stringers always; other values when their printed
// form spells a value or holds a control character (they are then logged as
// that form, scrubbed). Numbers, times, durations and booleans pass as they
// are.
func (s *Set) Handler(h slog.Handler) slog.Handler {
	return &handler{s: s, h: h}
}

type handler struct {
	s *Set
	h slog.Handler
}

func (x *handler) Enabled(ctx context.Context, l slog.Level) bool { return x.h.Enabled(ctx, l) }

func (x *handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, x.s.String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(x.s.attr(a))
		return true
	})
	return x.h.Handle(ctx, out)
}

func (x *handler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = x.s.attr(a)
	}
	return &handler{s: x.s, h: x.h.WithAttrs(clean)}
}

func (x *handler) WithGroup(name string) slog.Handler {
	return &handler{s: x.s, h: x.h.WithGroup(x.s.String(name))}
}

// attr returns a with its key and value made safe.
func (s *Set) attr(a slog.Attr) slog.Attr {
	a.Key = s.String(a.Key)
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(s.String(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]slog.Attr, len(g))
		for i, ga := range g {
			clean[i] = s.attr(ga)
		}
		a.Value = slog.GroupValue(clean...)
	case slog.KindAny:
		x := v.Any()
		str := fmt.Sprint(x) // recovers from panics in Error and String methods
		clean := s.String(str)
		switch x.(type) {
		case error, fmt.Stringer:
			a.Value = slog.StringValue(clean)
		default:
			if clean != str {
				a.Value = slog.StringValue(clean)
			} else {
				a.Value = v
			}
		}
	default:
		a.Value = v
	}
	return a
}

// Writer returns a writer that passes each Write to w with the values of s
// removed (Remove; no patterns, no escaping: the writer carries progress
// bars' own terminal sequences). Each Write is scrubbed on its own: writers
// of whole lines (fmt.Fprintf per line) are covered; a value split across
// two writes is not. It reports len(p) written when w took everything it was
// given.
func (s *Set) Writer(w io.Writer) io.Writer {
	if s.Len() == 0 {
		return w
	}
	return &writer{s: s, w: w}
}

type writer struct {
	s *Set
	w io.Writer
}

func (x *writer) Write(p []byte) (int, error) {
	if !x.s.containsBytes(p) {
		return x.w.Write(p)
	}
	clean := x.s.Remove(string(p))
	if _, err := io.WriteString(x.w, clean); err != nil {
		return 0, err
	}
	return len(p), nil
}

// containsBytes is Contains for a byte slice, without a copy.
func (s *Set) containsBytes(p []byte) bool {
	return s.Len() > 0 && s.findIn(p, len(p))
}
