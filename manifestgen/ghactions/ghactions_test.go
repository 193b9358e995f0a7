package ghactions

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestEscape(t *testing.T) {
	for _, tt := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"50% a:b,c", "50%25 a:b,c", "50%25 a%3Ab%2Cc"},
		{"line\r\n::error::injected", "line%0D%0A::error::injected", "line%0D%0A%3A%3Aerror%3A%3Ainjected"},
		{"%0A", "%250A", "%250A"},
	} {
		if got := EscapeData(tt.in); got != tt.data {
			t.Errorf("EscapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := EscapeProperty(tt.in); got != tt.prop {
			t.Errorf("EscapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
	var b bytes.Buffer
	Annotate(&b, Warning, "stale: civitai/x", "503\n::error::fake")
	if got := b.String(); got != "::warning title=stale%3A civitai/x::503%0A::error::fake\n" || strings.Count(got, "\n") != 1 {
		t.Errorf("annotation %q", got)
	}
	if got := Markdown("a|b *c* <script> [x](y)\n#"); got != `a\|b \*c\* &lt;script&gt; \[x\](y) \#` {
		t.Errorf("Markdown: %q", got)
	}
}

func TestAppendSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	env := func(k string) string {
		if k == SummaryEnv {
			return path
		}
		return ""
	}
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"one\n", "two\n"} {
		if err := AppendSummary(env, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if data, _ := os.ReadFile(path); string(data) != "earlier step\none\ntwo\n" {
		t.Errorf("summary file %q", data)
	}
	if err := AppendSummary(func(string) string { return "" }, []byte("x")); err != nil {
		t.Errorf("unset: %v", err)
	}
	bad := func(string) string { return filepath.Join(path, "nope") }
	if err := AppendSummary(bad, []byte("x")); err == nil || !strings.Contains(err.Error(), SummaryEnv) {
		t.Errorf("unwritable: %v", err)
	}
}

func TestGrouper(t *testing.T) {
	var out bytes.Buffer
	g := NewGrouper(&out, func(w io.Writer) slog.Handler {
		return slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}})
	})
	log := slog.New(g.Handler())
	var wg sync.WaitGroup
	for _, src := range []string{"huggingface", "civitai"} {
		wg.Go(func() {
			l := log.With("source", src)
			for i := range 3 {
				l.Info("rate changed", "i", i)
			}
		})
	}
	wg.Wait()
	log.Warn("filter failed", "filter", "civitai/x/y")
	log.Info("no source")
	log.WithGroup("g").With("source", "nested").Info("grouped")
	if got := out.String(); !strings.Contains(got, "no source") || strings.Contains(got, "rate changed") {
		t.Fatalf("before Flush: %q", got)
	}
	g.Flush()
	got := out.String()
	ci, hf := strings.Index(got, "::group::log: civitai\n"), strings.Index(got, "::group::log: huggingface\n")
	if ci < 0 || hf < ci || strings.Count(got, "::endgroup::") != 2 {
		t.Fatalf("groups:\n%s", got)
	}
	civ := got[ci:hf]
	if strings.Count(civ, "rate changed") != 3 || !strings.Contains(civ, "filter failed") || strings.Contains(civ, "source=huggingface") {
		t.Errorf("civitai group:\n%s", civ)
	}
	if !strings.Contains(got, "grouped g.source=nested") || strings.Contains(got, "log: nested") {
		t.Errorf("an attribute inside a group is not a source:\n%s", got)
	}
	g.Flush()
	if out.String() != got {
		t.Error("a second Flush wrote again")
	}
}
