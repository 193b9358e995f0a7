package writer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestKeepLastGood runs generations in sequence over one dir and checks how
// failed filters are carried (stale) or recorded (missing).
func TestKeepLastGood(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	t1, t2, t3 := t0.Add(time.Minute), t0.Add(2*time.Minute), t0.Add(3*time.Minute)
	mustWrite(t, dir, sampleSet(), t0)
	gen1 := readTree(t, dir)

	// Gen 2: text/top fails (carried from gen 1), "new" fails and never
	// existed (missing); image succeeds with a renamed org/a, which must win
	// over the carried copy.
	set2 := failing(sampleSet(), "GET /api/models: 503 Service Unavailable", "huggingface/text/top")
	hf := &set2.Sources[0]
	hf.Models = map[string]manifest.Model{"org/a": model("org/a", "A2"), "org/c": model("org/c", "C")}
	hf.Filters[1].FetchedAt = t1
	hf.Filters = append(hf.Filters, manifest.FilterResult{Name: "new", Err: errors.New("429 Too Many Requests")})
	idx, err := Write(dir, set2, Options{Now: fixedNow(t1)})
	var se *StaleError
	if !errors.As(err, &se) {
		t.Fatalf("err %v, want *StaleError", err)
	}
	if !slices.Equal(se.Stale, []string{"huggingface/text/top"}) || !slices.Equal(se.Missing, []string{"huggingface/new"}) {
		t.Errorf("StaleError %+v", se)
	}
	if want := "published with failed filters: 1 stale (huggingface/text/top), 1 missing (huggingface/new)"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	mustVerify(t, dir)
	gen2 := readTree(t, dir)
	checkEntries(t, idx, []manifest.FilterEntry{
		{Source: "civitai", Name: "lora", File: "civitai/filters/lora.json", Count: 1, Status: "fresh", FetchedAt: t0},
		{Source: "huggingface", Name: "image", File: "huggingface/filters/image.json", Count: 2, Status: "fresh", FetchedAt: t1},
		{Source: "huggingface", Name: "new", Status: "missing", Error: "429 Too Many Requests"},
		{Source: "huggingface", Name: "text/top", File: "huggingface/filters/text/top.json", Count: 2, Status: "stale",
			FetchedAt: t0, Error: "GET /api/models: 503 Service Unavailable"},
	})
	if gen2["huggingface/filters/text/top.json"] != gen1["huggingface/filters/text/top.json"] {
		t.Error("stale manifest not carried byte for byte")
	}
	if _, ok := gen2["huggingface/filters/new.json"]; ok {
		t.Error("missing filter has a file")
	}
	models := readModels(t, dir, "huggingface")
	if got := names(models); got != "org/a=A2 org/b=B <&> org/c=C" {
		t.Errorf("models %s: want the fresh org/a plus the carried org/b", got)
	}

	// Gen 3: text/top fails again (still carried, gen 1's fetchedAt), image
	// fails too (carried from gen 2), allowed: no error.
	set3 := failing(set2, "timeout", "huggingface/text/top", "huggingface/image")
	idx, err = Write(dir, set3, Options{Now: fixedNow(t2), AllowStale: true})
	if err != nil {
		t.Fatalf("AllowStale: err %v", err)
	}
	mustVerify(t, dir)
	checkEntries(t, idx, []manifest.FilterEntry{
		{Source: "civitai", Name: "lora", File: "civitai/filters/lora.json", Count: 1, Status: "fresh", FetchedAt: t0},
		{Source: "huggingface", Name: "image", File: "huggingface/filters/image.json", Count: 2, Status: "stale", FetchedAt: t1, Error: "timeout"},
		{Source: "huggingface", Name: "new", Status: "missing", Error: "429 Too Many Requests"},
		{Source: "huggingface", Name: "text/top", File: "huggingface/filters/text/top.json", Count: 2, Status: "stale", FetchedAt: t0, Error: "timeout"},
	})
	if got := names(readModels(t, dir, "huggingface")); got != "org/a=A2 org/b=B <&> org/c=C" {
		t.Errorf("models %s", got)
	}

	// Gen 4: everything fresh again; models shrink to what is referenced.
	set4 := &manifest.Set{Hub: manifest.HubEmbedded, Sources: []manifest.SourceResult{{
		Source:  "huggingface",
		Origin:  manifest.OriginEmbedded,
		Models:  map[string]manifest.Model{"org/c": model("org/c", "C3")},
		Filters: []manifest.FilterResult{{Name: "image", ModelIDs: []string{"org/c"}, FetchedAt: t3}, {Name: "text/top", ModelIDs: nil, FetchedAt: t3}},
	}}}
	idx, err = Write(dir, set4, Options{Now: fixedNow(t3)})
	if err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	if got := names(readModels(t, dir, "huggingface")); got != "org/c=C3" {
		t.Errorf("models %s", got)
	}
	if got := readTree(t, dir)["huggingface/filters/text/top.json"]; !strings.Contains(got, `"modelIds": []`) {
		t.Errorf("a fresh empty result is written as an empty list:\n%s", got)
	}
	if idx.Hub != manifest.HubEmbedded || len(idx.Sources) != 1 {
		t.Errorf("index %+v", idx)
	}
}

// TestKeepLastGoodCorruptPrevious: whatever is wrong with the previous
// generation, a failed filter becomes missing with a warning, and Write
// still publishes a valid generation.
func TestKeepLastGoodCorruptPrevious(t *testing.T) {
	const top = "huggingface/filters/text/top.json"
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		status string
		warn   string // "" when no warning is expected
	}{
		{"intact", func(t *testing.T, dir string) {}, manifest.StatusStale, ""},
		{"no index", func(t *testing.T, dir string) { remove(t, dir, "index.json") }, manifest.StatusMissing, ""},
		{"index not JSON", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "index.json"), "{") }, manifest.StatusMissing, "unreadable"},
		{"index schema version", func(t *testing.T, dir string) {
			editJSON(t, dir, "index.json", func(m map[string]any) { m["schemaVersion"] = 99 })
		}, manifest.StatusMissing, "schemaVersion 99"},
		// Provenance: a stale carry-over only from the same hub and origin.
		{"entry from the embedded hub", func(t *testing.T, dir string) {
			editJSON(t, dir, "index.json", func(m map[string]any) {
				m["hub"] = manifest.HubEmbedded
				for _, e := range m["filters"].([]any) {
					e.(map[string]any)["hub"], e.(map[string]any)["origin"] = manifest.HubEmbedded, manifest.OriginEmbedded
				}
			})
		}, manifest.StatusMissing, "another hub or origin"},
		{"entry from another origin", func(t *testing.T, dir string) {
			editFilterEntry(t, dir, "text/top", func(e map[string]any) { e["origin"] = "https://mirror.test" })
		}, manifest.StatusMissing, "another hub or origin"},
		{"entry without provenance", func(t *testing.T, dir string) {
			editFilterEntry(t, dir, "text/top", func(e map[string]any) { delete(e, "hub") })
		}, manifest.StatusMissing, "unreadable"},
		{"entry whose origin does not fit its hub", func(t *testing.T, dir string) {
			editFilterEntry(t, dir, "text/top", func(e map[string]any) { e["origin"] = manifest.OriginEmbedded })
		}, manifest.StatusMissing, "want scheme://host[:port]"},
		{"index file escapes", func(t *testing.T, dir string) {
			editFilterEntry(t, dir, "text/top", func(e map[string]any) { e["file"] = "../../../etc/passwd" })
		}, manifest.StatusMissing, "etc/passwd"},
		{"index file is another filter's", func(t *testing.T, dir string) {
			editFilterEntry(t, dir, "text/top", func(e map[string]any) { e["file"] = "huggingface/filters/image.json" })
		}, manifest.StatusMissing, "want"},
		{"index entry without fetchedAt", func(t *testing.T, dir string) {
			editFilterEntry(t, dir, "text/top", func(e map[string]any) { delete(e, "fetchedAt") })
		}, manifest.StatusMissing, "without fetchedAt"},
		{"index entry twice", func(t *testing.T, dir string) {
			editJSON(t, dir, "index.json", func(m map[string]any) { m["filters"] = append(m["filters"].([]any), m["filters"].([]any)[2]) })
		}, manifest.StatusMissing, "duplicate entry"},
		{"filter file gone", func(t *testing.T, dir string) { remove(t, dir, top) }, manifest.StatusMissing, "no such file"},
		{"filter file not JSON", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, top), "[") }, manifest.StatusMissing, "unexpected end"},
		{"filter file of another filter", func(t *testing.T, dir string) {
			editJSON(t, dir, top, func(m map[string]any) { m["filter"] = "image" })
		}, manifest.StatusMissing, "holds huggingface/image"},
		{"filter file duplicate id", func(t *testing.T, dir string) {
			editJSON(t, dir, top, func(m map[string]any) { m["modelIds"] = []string{"org/a", "org/a"} })
		}, manifest.StatusMissing, "duplicate id"},
		{"filter file unknown id", func(t *testing.T, dir string) {
			editJSON(t, dir, top, func(m map[string]any) { m["modelIds"] = []string{"org/zzz"} })
		}, manifest.StatusMissing, "is not in huggingface/models.json"},
		{"models file gone", func(t *testing.T, dir string) { remove(t, dir, "huggingface/models.json") }, manifest.StatusMissing, "no such file"},
		{"models file of another source", func(t *testing.T, dir string) {
			editJSON(t, dir, "huggingface/models.json", func(m map[string]any) { m["source"] = "civitai" })
		}, manifest.StatusMissing, "holds source"},
		{"models key mismatch", func(t *testing.T, dir string) {
			editJSON(t, dir, "huggingface/models.json", func(m map[string]any) {
				m["models"].(map[string]any)["org/a"].(map[string]any)["id"] = "org/x"
			})
		}, manifest.StatusMissing, "has id"},
		{"models without tags", func(t *testing.T, dir string) {
			editJSON(t, dir, "huggingface/models.json", func(m map[string]any) {
				delete(m["models"].(map[string]any)["org/a"].(map[string]any), "tags")
			})
		}, manifest.StatusStale, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustWrite(t, dir, sampleSet(), t0)
			tt.damage(t, dir)
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			idx, err := Write(dir, failing(sampleSet(), "boom", "huggingface/text/top"), Options{Now: fixedNow(t0.Add(time.Minute)), Logger: log})
			var se *StaleError
			if !errors.As(err, &se) || idx == nil {
				t.Fatalf("err %v, want *StaleError with the index", err)
			}
			mustVerify(t, dir)
			e := idx.Filters[2]
			if e.Name != "text/top" || e.Status != tt.status || e.Error != "boom" {
				t.Errorf("entry %+v, want status %s", e, tt.status)
			}
			if tt.warn != "" && !strings.Contains(logs.String(), tt.warn) {
				t.Errorf("log does not mention %q:\n%s", tt.warn, logs.String())
			}
			if !strings.Contains(logs.String(), "text/top") {
				t.Errorf("log does not name the failed filter:\n%s", logs.String())
			}
		})
	}
}

func checkEntries(t *testing.T, idx *manifest.Index, want []manifest.FilterEntry) {
	t.Helper()
	if len(idx.Filters) != len(want) {
		t.Fatalf("filters %+v, want %+v", idx.Filters, want)
	}
	for i, e := range idx.Filters {
		w := want[i]
		if w.Hub == "" { // the index's hub and the test origin of the source
			w.Hub, w.Origin = idx.Hub, origin(idx.Hub, w.Source)
		}
		if e.Source != w.Source || e.Name != w.Name || e.File != w.File || e.Count != w.Count ||
			e.Status != w.Status || !e.FetchedAt.Equal(w.FetchedAt) || e.Error != w.Error ||
			e.Hub != w.Hub || e.Origin != w.Origin {
			t.Errorf("filters[%d] = %+v\nwant %+v", i, e, w)
		}
	}
}

func readModels(t *testing.T, dir, source string) map[string]manifest.Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, source, "models.json"))
	if err != nil {
		t.Fatal(err)
	}
	var mf manifest.ModelsFile
	if err := json.Unmarshal(data, &mf); err != nil {
		t.Fatal(err)
	}
	return mf.Models
}

// names renders models as sorted "id=name" pairs.
func names(models map[string]manifest.Model) string {
	var out []string
	for id, m := range models {
		out = append(out, id+"="+m.Name)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func remove(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

// editJSON rewrites a JSON object file of dir through edit.
func editJSON(t *testing.T, dir, rel string, edit func(map[string]any)) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	if data, err = json.MarshalIndent(m, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// editFilterEntry edits the index entry of a huggingface filter.
func editFilterEntry(t *testing.T, dir, name string, edit func(map[string]any)) {
	t.Helper()
	editJSON(t, dir, "index.json", func(m map[string]any) {
		for _, e := range m["filters"].([]any) {
			if e := e.(map[string]any); e["source"] == "huggingface" && e["name"] == name {
				edit(e)
				return
			}
		}
		t.Fatalf("no entry %s", name)
	})
}

// TestKeepOthers: a run of one source (KeepOthers) carries the other
// sources of the previous generation unchanged, statuses and all; a run of
// all sources drops sources that are no longer there.
func TestKeepOthers(t *testing.T) {
	t1, t2 := t0.Add(time.Minute), t0.Add(2*time.Minute)
	dir := filepath.Join(t.TempDir(), "out")
	full := sampleSet() // Sources[0] huggingface, Sources[1] civitai
	full.Sources[0].Filters = append(full.Sources[0].Filters, manifest.FilterResult{Name: "gone", Err: errors.New("boom")})
	if _, err := Write(dir, full, Options{Now: fixedNow(t0), AllowStale: true}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dir)

	only := sampleSet()
	only.Sources = only.Sources[1:] // civitai only
	only.Sources[0].Filters[0].FetchedAt = t1
	only.KeepOthers = true
	idx, err := Write(dir, only, Options{Now: fixedNow(t1), AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	after := readTree(t, dir)
	for _, p := range []string{"huggingface/models.json", "huggingface/filters/image.json", "huggingface/filters/text/top.json"} {
		if after[p] == "" || after[p] != before[p] {
			t.Errorf("%s not carried unchanged", p)
		}
	}
	checkEntries(t, idx, []manifest.FilterEntry{
		{Source: "civitai", Name: "lora", File: "civitai/filters/lora.json", Count: 1, Status: "fresh", FetchedAt: t1},
		{Source: "huggingface", Name: "gone", Status: "missing", Error: "boom"},
		{Source: "huggingface", Name: "image", File: "huggingface/filters/image.json", Count: 2, Status: "fresh", FetchedAt: t0.Add(time.Second)},
		{Source: "huggingface", Name: "text/top", File: "huggingface/filters/text/top.json", Count: 2, Status: "fresh", FetchedAt: t0},
	})

	all := sampleSet()
	all.Sources = all.Sources[1:]
	if _, err := Write(dir, all, Options{Now: fixedNow(t2)}); err != nil {
		t.Fatal(err)
	}
	if _, ok := readTree(t, dir)["huggingface/models.json"]; ok {
		t.Error("without KeepOthers an absent source must be dropped")
	}
}

// TestProvenanceAcrossHubs: after an embedded generation, a live one never
// holds its data: failed filters are missing (not stale), and a source not
// run is left out; the result verifies. Back on the same hub and origin the
// carry-over works again.
func TestProvenanceAcrossHubs(t *testing.T) {
	t1, t2 := t0.Add(time.Minute), t0.Add(2*time.Minute)
	dir := filepath.Join(t.TempDir(), "out")
	embedded := sampleSet()
	embedded.Hub = manifest.HubEmbedded
	for i := range embedded.Sources {
		embedded.Sources[i].Origin = manifest.OriginEmbedded
	}
	mustWrite(t, dir, embedded, t0)

	// Live, civitai only (KeepOthers), and its filter fails.
	live := failing(sampleSet(), "dial tcp: connection refused", "civitai/lora")
	live.Sources = live.Sources[1:]
	live.KeepOthers = true
	idx, err := Write(dir, live, Options{Now: fixedNow(t1), AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	checkEntries(t, idx, []manifest.FilterEntry{
		{Source: "civitai", Name: "lora", Status: "missing", Error: "dial tcp: connection refused"},
	})
	if _, ok := idx.Sources["huggingface"]; ok {
		t.Error("the embedded huggingface source was carried into a live generation")
	}
	for path := range readTree(t, dir) {
		if strings.HasPrefix(path, "huggingface/") || strings.Contains(path, "/filters/") {
			t.Errorf("%s published in the live generation", path)
		}
	}

	// Live again, all fresh, then a failure: carried as stale (same hub,
	// same origin)...
	mustWrite(t, dir, sampleSet(), t1)
	idx, err = Write(dir, failing(sampleSet(), "503", "civitai/lora"), Options{Now: fixedNow(t2), AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	if e := idx.Filters[0]; e.Name != "lora" || e.Status != manifest.StatusStale || e.Origin != origin(manifest.HubLive, "civitai") {
		t.Errorf("same hub and origin: %+v, want stale", e)
	}
	// ...but not into a generation from another origin (a mirror).
	mirror := failing(sampleSet(), "503", "civitai/lora")
	mirror.Sources[1].Origin = "https://mirror.test:8443"
	idx, err = Write(dir, mirror, Options{Now: fixedNow(t2.Add(time.Minute)), AllowStale: true})
	if err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	if e := idx.Filters[0]; e.Name != "lora" || e.Status != manifest.StatusMissing || e.Origin != "https://mirror.test:8443" {
		t.Errorf("another origin: %+v, want missing from the mirror", e)
	}
}

// TestWriteRefusesBadProvenance: a set whose origin does not fit its hub
// is invalid; nothing is written.
func TestWriteRefusesBadProvenance(t *testing.T) {
	for _, tt := range []struct{ hub, origin string }{
		{manifest.HubLive, ""},
		{manifest.HubLive, manifest.OriginEmbedded},
		{manifest.HubLive, "https://civitai.com/api"},
		{manifest.HubEmbedded, "http://127.0.0.1:41234"},
		{manifest.HubEmbedded, ""},
	} {
		set := sampleSet()
		set.Hub = tt.hub
		set.Sources[0].Origin = tt.origin
		dir := filepath.Join(t.TempDir(), "out")
		if _, err := Write(dir, set, Options{}); err == nil || !strings.Contains(err.Error(), "invalid set") {
			t.Errorf("hub %q origin %q: err = %v, want invalid set", tt.hub, tt.origin, err)
		}
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("hub %q origin %q: output written", tt.hub, tt.origin)
		}
	}
}
