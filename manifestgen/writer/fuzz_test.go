package writer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// FuzzParseIndex feeds untrusted bytes to the reader of a previous
// index.json: it never panics, and whatever it accepts only names files
// inside the output dir, at the writer's own paths, once each.
func FuzzParseIndex(f *testing.F) {
	// Real indexes: all fresh, then one with stale and missing entries.
	dir := filepath.Join(f.TempDir(), "out")
	degraded := failing(sampleSet(), "boom", "civitai/lora")
	degraded.Sources[0].Filters = append(degraded.Sources[0].Filters, manifest.FilterResult{Name: "new", Err: errors.New("boom")})
	for i, set := range []*manifest.Set{sampleSet(), degraded} {
		_, err := Write(dir, set, Options{Now: fixedNow(t0.Add(time.Duration(i) * time.Minute))})
		var se *StaleError
		if err != nil && !errors.As(err, &se) {
			f.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "index.json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schemaVersion":2,"filters":[{"source":"a","name":"b","file":"../x.json","status":"fresh","fetchedAt":"2026-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"schemaVersion":2,"filters":[{"source":"a","name":"b/../../c","file":"a/filters/b/../../c.json","status":"stale","fetchedAt":"2026-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"schemaVersion":2,"filters":[{"source":"a","name":"b","file":"a/filters/b.json","status":"fresh","fetchedAt":"2026-01-01T00:00:00Z"},{"source":"a","name":"b","file":"a/filters/b.json","status":"stale","fetchedAt":"2026-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"schemaVersion":2,"filters":null}`))
	f.Add([]byte(`{"schemaVersion":"1"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, _, err := parseIndex(data)
		if err != nil {
			return
		}
		for k, e := range entries {
			if e.Source != k.source || e.Name != k.name {
				t.Fatalf("entry %+v under key %+v", e, k)
			}
			if e.File != manifest.FilterPath(e.Source, e.Name) || !filepath.IsLocal(e.File) ||
				strings.Contains(e.File, "..") || strings.HasPrefix(e.File, "/") {
				t.Fatalf("accepted file %q for %s/%s", e.File, e.Source, e.Name)
			}
			if e.Status != manifest.StatusFresh && e.Status != manifest.StatusStale || e.FetchedAt.IsZero() {
				t.Fatalf("accepted entry %+v", e)
			}
		}
	})
}
