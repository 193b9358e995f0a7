package ghactions

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Grouper holds log records by source so that each source's records can be
// written inside its own log group at the end of a run (sources run
// concurrently, so their records interleave). A record belongs to the
// source named by its "source" attribute, or by the part of its "filter"
// attribute before the first "/"; other records pass straight through.
type Grouper struct {
	out  io.Writer
	make func(io.Writer) slog.Handler

	mu     sync.Mutex
	direct slog.Handler
	bufs   map[string]*bytes.Buffer
	hs     map[string]slog.Handler
}

// NewGrouper returns a Grouper whose records are formatted by the handlers
// make returns (one on out for records without a source, one per source on
// a buffer).
func NewGrouper(out io.Writer, make func(io.Writer) slog.Handler) *Grouper {
	return &Grouper{out: out, make: make, direct: make(&lockedWriter{w: out}),
		bufs: map[string]*bytes.Buffer{}, hs: map[string]slog.Handler{}}
}

// Handler returns the handler that sorts records.
func (g *Grouper) Handler() slog.Handler { return &groupHandler{g: g} }

// Flush writes each source's held records inside a group named after it,
// sources sorted, and forgets them.
func (g *Grouper) Flush() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, src := range slices.Sorted(maps.Keys(g.bufs)) {
		b := g.bufs[src]
		if b.Len() == 0 {
			continue
		}
		Group(g.out, "log: "+src)
		g.out.Write(b.Bytes())
		EndGroup(g.out)
		b.Reset()
	}
}

// sourceHandler returns the handler of src, made on first use.
func (g *Grouper) sourceHandler(src string) slog.Handler {
	g.mu.Lock()
	defer g.mu.Unlock()
	h, ok := g.hs[src]
	if !ok {
		b := &bytes.Buffer{}
		g.bufs[src] = b
		h = g.make(b) // written under mu (groupHandler.Handle)
		g.hs[src] = h
	}
	return h
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// groupHandler routes records to the source handlers of its Grouper.
type groupHandler struct {
	g       *Grouper
	source  string                            // from WithAttrs
	ops     []func(slog.Handler) slog.Handler // WithAttrs and WithGroup calls, replayed in order on the handler chosen
	grouped bool                              // WithGroup was called: later attrs are not top-level
}

func (h *groupHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.g.direct.Enabled(ctx, l)
}

func (h *groupHandler) Handle(ctx context.Context, r slog.Record) error {
	src := h.source
	if src == "" {
		r.Attrs(func(a slog.Attr) bool {
			src = sourceOf(a)
			return src == ""
		})
	}
	var base slog.Handler
	if src == "" {
		base = h.g.direct
	} else {
		base = h.g.sourceHandler(src)
	}
	for _, op := range h.ops {
		base = op(base)
	}
	if src == "" {
		return base.Handle(ctx, r)
	}
	h.g.mu.Lock()
	defer h.g.mu.Unlock()
	return base.Handle(ctx, r)
}

func (h *groupHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.ops = append(slices.Clip(h.ops), func(b slog.Handler) slog.Handler { return b.WithAttrs(attrs) })
	if c.source == "" && !h.grouped {
		for _, a := range attrs {
			if s := sourceOf(a); s != "" {
				c.source = s
				break
			}
		}
	}
	return &c
}

func (h *groupHandler) WithGroup(name string) slog.Handler {
	c := *h
	c.ops = append(slices.Clip(h.ops), func(b slog.Handler) slog.Handler { return b.WithGroup(name) })
	c.grouped = true
	return &c
}

// sourceOf returns the source an attribute names, if any.
func sourceOf(a slog.Attr) string {
	switch a.Key {
	case "source":
		return a.Value.String()
	case "filter":
		if src, _, ok := strings.Cut(a.Value.String(), "/"); ok {
			return src
		}
	}
	return ""
}
