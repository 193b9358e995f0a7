package writer

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// fixedNow is an Options.Now returning t.
func fixedNow(t time.Time) func() time.Time { return func() time.Time { return t } }

func model(id, name string) manifest.Model {
	return manifest.Model{ID: id, Name: name, URL: "https://example.test/" + id, Tags: []string{"a", "b"}}
}

// sampleSet is two sources, three filters, one model shared by two filters
// and one model no filter references (the writer must drop it).
func sampleSet() *manifest.Set {
	return &manifest.Set{
		Hub: manifest.HubLive,
		Sources: []manifest.SourceResult{
			{
				Source: "huggingface",
				Origin: origin(manifest.HubLive, "huggingface"),
				Models: map[string]manifest.Model{
					"org/a":     model("org/a", "A"),
					"org/b":     model("org/b", "B <&>"),
					"org/c":     model("org/c", "C"),
					"org/extra": model("org/extra", "unreferenced"),
				},
				Filters: []manifest.FilterResult{
					{Name: "text/top", ModelIDs: []string{"org/b", "org/a", "org/b"}, FetchedAt: t0},
					{Name: "image", ModelIDs: []string{"org/c", "org/a"}, FetchedAt: t0.Add(time.Second)},
				},
			},
			{
				Source: "civitai",
				Origin: origin(manifest.HubLive, "civitai"),
				Models: map[string]manifest.Model{"1": {ID: "1", Name: "one", URL: "https://civitai.test/1", Downloads: 5}},
				Filters: []manifest.FilterResult{
					{Name: "lora", ModelIDs: []string{"1"}, FetchedAt: t0},
				},
			},
		},
	}
}

// origin is the origin the tests record for source's data from hub.
func origin(hub, source string) string {
	if hub == manifest.HubEmbedded {
		return manifest.OriginEmbedded
	}
	return "https://" + source + ".test"
}

// failing returns a copy of set in which the named filters (source/name)
// failed with reason.
func failing(set *manifest.Set, reason string, names ...string) *manifest.Set {
	out := *set
	out.Sources = nil
	for _, src := range set.Sources {
		src.Filters = append([]manifest.FilterResult(nil), src.Filters...)
		for i, f := range src.Filters {
			for _, n := range names {
				if src.Source+"/"+f.Name == n {
					src.Filters[i] = manifest.FilterResult{Name: f.Name, Err: errors.New(reason)}
				}
			}
		}
		out.Sources = append(out.Sources, src)
	}
	return &out
}

// readTree returns every regular file below dir by slash-separated path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// siblingNames lists the entries beside dir other than dir itself and its
// lock file.
func siblingNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != filepath.Base(dir) && e.Name() != "."+filepath.Base(dir)+".lock" {
			out = append(out, e.Name())
		}
	}
	return out
}

// mustVerify fails the test when dir breaks any output rule.
func mustVerify(t *testing.T, dir string) {
	t.Helper()
	rep, err := verify.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
}

// mustWrite writes set and fails on any error but a *StaleError.
func mustWrite(t *testing.T, dir string, set *manifest.Set, now time.Time) *manifest.Index {
	t.Helper()
	idx, err := Write(dir, set, Options{Now: fixedNow(now)})
	var se *StaleError
	if err != nil && !errors.As(err, &se) {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	return idx
}

// useFallback makes exchange unsupported for the rest of the test.
func useFallback(t *testing.T) {
	t.Helper()
	saved := exchange
	exchange = func(a, b string) error { return errors.ErrUnsupported }
	t.Cleanup(func() { exchange = saved })
}

var quiet = slog.New(slog.DiscardHandler)
