package targets

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/writer"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// diffSet is a one-source set listing ids in order, named by names.
func diffSet(names map[string]string, ids ...string) *manifest.Set {
	models := map[string]manifest.Model{}
	for _, id := range ids {
		models[id] = manifest.Model{ID: id, Name: names[id], URL: "https://example.test/" + id, Tags: []string{}}
	}
	return &manifest.Set{Hub: manifest.HubEmbedded, Sources: []manifest.SourceResult{{
		Source: "civitai", Models: models,
		Filters: []manifest.FilterResult{{Name: "top", ModelIDs: ids, FetchedAt: t0}},
	}}}
}

// TestDiff prints the latest feed and the change between two dirs; names
// from the hub cannot reach the terminal as control sequences.
func TestDiff(t *testing.T) {
	base := t.TempDir()
	older, out := filepath.Join(base, "older"), filepath.Join(base, "out")
	names := map[string]string{"1": "one", "2": "two", "3": "evil \x1b[31mred\x1b]0;title\x07 \u202eetc"}
	for i, dir := range []string{older, out} {
		if _, err := writer.Write(dir, diffSet(names, "1", "2"), writer.Options{Now: func() time.Time { return t0.Add(time.Duration(i) * time.Hour) }}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := writer.Write(out, diffSet(names, "3", "1"), writer.Options{Now: func() time.Time { return t0.Add(2 * time.Hour) }}); err != nil {
		t.Fatal(err)
	}
	env := func(kv ...string) func(string) string {
		m := map[string]string{"MANIFESTGEN_OUT": out}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tt := range []struct {
		name string
		env  func(string) string
		all  bool
		want []string
	}{
		{"latest", env(), false, []string{"models: 1 added, 1 removed, 0 updated; filters: 1 changed", "+ 3  evil \\x1b[31mred\\x1b]0;title\\x07 \\u202eetc", "- 2  two", "civitai/top: 1 entered, 1 left"}},
		{"latest, all", env(), true, []string{"+ 3 at 1", "- 2 (was 2)"}},
		{"two dirs", env(DiffFromEnv, older), false, []string{"since 2026", "+ 3", "- 2  two"}},
		{"two dirs, same", env(DiffFromEnv, older, DiffToEnv, older), false, []string{"nothing changed."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := diff(&stdout, &stderr, tt.env, tt.all); err != nil {
				t.Fatal(err)
			}
			got := stdout.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("no %q in:\n%s", w, got)
				}
			}
			if strings.ContainsAny(got, "\x1b\x07\u202e") {
				t.Errorf("control characters reach the terminal:\n%q", got)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if err := diff(&stdout, &stderr, env(DiffFromEnv, filepath.Join(base, "nope")), false); err == nil || !strings.Contains(err.Error(), DiffFromEnv) {
		t.Errorf("missing dir: %v", err)
	}
	if err := diff(&stdout, &stderr, env("MANIFESTGEN_OUT", base), false); err == nil || !strings.Contains(err.Error(), "has no changes.json") {
		t.Errorf("dir without a feed: %v", err)
	}
}

func TestWriteTypes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "types", "m.d.ts")
	var b bytes.Buffer
	if err := writeTypes(&b, path); err == nil {
		t.Error("no error for a missing dir")
	}
	path = filepath.Join(t.TempDir(), "m.d.ts")
	for _, want := range []string{"Wrote ", "is up to date"} {
		b.Reset()
		if err := writeTypes(&b, path); err != nil || !strings.Contains(b.String(), want) {
			t.Errorf("%q, %v; want %q", b.String(), err, want)
		}
	}
}
