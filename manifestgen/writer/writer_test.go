package writer

import (
	"encoding/json"
	"errors"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func TestWriteLayout(t *testing.T) {
	saved := fsync
	fsync = (*os.File).Sync
	t.Cleanup(func() { fsync = saved })
	dir := filepath.Join(t.TempDir(), "out")
	idx, err := Write(dir, sampleSet(), Options{Now: fixedNow(t0.Add(time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	files := readTree(t, dir)
	want := []string{"changes.json", "civitai/filters/lora.json", "civitai/models.json", "civitai/seen.json", "huggingface/filters/image.json",
		"huggingface/filters/text/top.json", "huggingface/models.json", "huggingface/seen.json", "index.json"}
	if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	// Exact bytes: 2-space indent, trailing newline, no HTML escaping,
	// duplicates dropped in first-seen order.
	if got, want := files["huggingface/filters/text/top.json"], `{
  "source": "huggingface",
  "filter": "text/top",
  "modelIds": [
    "org/b",
    "org/a"
  ]
}
`; got != want {
		t.Errorf("filter file:\n%s\nwant:\n%s", got, want)
	}
	if got, want := files["civitai/models.json"], `{
  "source": "civitai",
  "count": 1,
  "models": {
    "1": {
      "id": "1",
      "name": "one",
      "downloads": 5,
      "likes": 0,
      "tags": [],
      "nsfw": false,
      "url": "https://civitai.test/1"
    }
  }
}
`; got != want {
		t.Errorf("models file:\n%s\nwant:\n%s", got, want)
	}
	var hf manifest.ModelsFile
	if err := json.Unmarshal([]byte(files["huggingface/models.json"]), &hf); err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(maps.Keys(hf.Models)); !slices.Equal(got, []string{"org/a", "org/b", "org/c"}) {
		t.Errorf("huggingface models %v: want exactly the referenced ones", got)
	}
	if !strings.Contains(files["huggingface/models.json"], `"B <&>"`) {
		t.Error("model name was HTML-escaped")
	}

	var onDisk manifest.Index
	if err := json.Unmarshal([]byte(files["index.json"]), &onDisk); err != nil {
		t.Fatal(err)
	}
	if !onDisk.GeneratedAt.Equal(t0.Add(time.Hour)) || onDisk.Generation != idx.Generation || onDisk.Hub != manifest.HubLive {
		t.Errorf("index header %+v", onDisk)
	}
	if !strings.HasPrefix(idx.Generation, "20260102T040405.000000000Z-") {
		t.Errorf("generation %q", idx.Generation)
	}
	var names []string
	for _, e := range onDisk.Filters {
		names = append(names, e.Source+"/"+e.Name+":"+e.Status)
	}
	if want := []string{"civitai/lora:fresh", "huggingface/image:fresh", "huggingface/text/top:fresh"}; !slices.Equal(names, want) {
		t.Errorf("index filters %v, want %v", names, want)
	}
	if got := onDisk.Sources["huggingface"]; got != (manifest.SourceEntry{Models: "huggingface/models.json", Count: 3}) {
		t.Errorf("source entry %+v", got)
	}
}

// TestWriteDeterministic writes the same set, shuffled, at other times: every
// file but index.json and changes.json is byte-identical (the seen files
// too, their dates being those of the first write), index.json differs only
// in the generation id and generatedAt, and changes.json lists nothing.
func TestWriteDeterministic(t *testing.T) {
	base := t.TempDir()
	first := readTree(t, writeAt(t, filepath.Join(base, "a"), sampleSet(), t0))
	writeAt(t, filepath.Join(base, "b"), sampleSet(), t0) // the seen dates of a
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		set := sampleSet()
		rng.Shuffle(len(set.Sources), func(a, b int) { set.Sources[a], set.Sources[b] = set.Sources[b], set.Sources[a] })
		for _, src := range set.Sources {
			rng.Shuffle(len(src.Filters), func(a, b int) { src.Filters[a], src.Filters[b] = src.Filters[b], src.Filters[a] })
		}
		got := readTree(t, writeAt(t, filepath.Join(base, "b"), set, t0.Add(time.Duration(i+1)*time.Minute)))
		if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(first))) {
			t.Fatalf("file sets differ: %v vs %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(first)))
		}
		for path, data := range first {
			if path == "index.json" {
				if a, b := stripVolatile(t, data), stripVolatile(t, got[path]); a != b {
					t.Errorf("index.json differs beyond generation/generatedAt:\n%s\n%s", a, b)
				}
				continue
			}
			if path == changes.File {
				var feed changes.Feed
				if err := json.Unmarshal([]byte(got[path]), &feed); err != nil || feed.Previous == nil || !feed.Empty() {
					t.Errorf("changes.json of an unchanged rerun (%v):\n%s", err, got[path])
				}
				continue
			}
			if got[path] != data {
				t.Errorf("%s differs between runs", path)
			}
		}
	}
}

func writeAt(t *testing.T, dir string, set *manifest.Set, now time.Time) string {
	t.Helper()
	if _, err := Write(dir, set, Options{Now: fixedNow(now)}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// stripVolatile blanks the two index fields allowed to differ.
func stripVolatile(t *testing.T, index string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(index), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "generation")
	delete(m, "generatedAt")
	out, _ := json.Marshal(m)
	return string(out)
}

// TestWriteSwap publishes into a new and an existing dir with the atomic
// exchange and with the two-rename fallback: the dir holds exactly the new
// generation and nothing is left beside it.
func TestWriteSwap(t *testing.T) {
	smaller := sampleSet()
	smaller.Sources = smaller.Sources[:1] // civitai dropped
	smaller.Sources[0].Filters = smaller.Sources[0].Filters[1:]

	for _, fallback := range []bool{false, true} {
		for _, existing := range []bool{false, true} {
			name := map[bool]string{false: "exchange", true: "fallback"}[fallback] + map[bool]string{false: "/new", true: "/existing"}[existing]
			t.Run(name, func(t *testing.T) {
				if fallback {
					useFallback(t)
				}
				dir := filepath.Join(t.TempDir(), "out")
				if existing {
					mustWrite(t, dir, sampleSet(), t0)
				}
				idx := mustWrite(t, dir, smaller, t0.Add(time.Minute))
				files := readTree(t, dir)
				want := []string{"changes.json", "huggingface/filters/image.json", "huggingface/models.json", "huggingface/seen.json", "index.json"}
				if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, want) {
					t.Errorf("files %v, want %v", got, want)
				}
				if !strings.Contains(files["index.json"], idx.Generation) {
					t.Error("index.json is not the returned generation")
				}
				if s := siblingNames(t, dir); len(s) != 0 {
					t.Errorf("left beside the dir: %v", s)
				}
			})
		}
	}
}

func TestWriteSweepsLeftovers(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, sampleSet(), t0)
	gen := newGenerationID(t0)
	ours := []string{".out.staging-" + gen, ".out.old-" + gen, ".out.trash-" + gen}
	foreign := []string{".out.staging-notours", ".other.staging-" + gen, "out.staging-" + gen, ".out.backup-" + gen}
	for _, n := range append(slices.Clone(ours), foreign...) {
		if err := os.MkdirAll(filepath.Join(parent, n, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, dir, sampleSet(), t0.Add(time.Minute))
	got := siblingNames(t, dir)
	slices.Sort(got)
	want := slices.Sorted(slices.Values(foreign))
	if !slices.Equal(got, want) {
		t.Errorf("siblings %v, want only the foreign %v", got, want)
	}
}

// TestWriteRestoresInterruptedFallback simulates a crash between the two
// renames of the fallback: the dir is gone and the previous generation sits
// under the .old name. The next Write restores it and carries from it.
func TestWriteRestoresInterruptedFallback(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, sampleSet(), t0)
	older := filepath.Join(parent, ".out.old-"+newGenerationID(t0.Add(-time.Hour)))
	if err := os.MkdirAll(older, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dir, filepath.Join(parent, ".out.old-"+newGenerationID(t0))); err != nil {
		t.Fatal(err)
	}
	idx, err := Write(dir, failing(sampleSet(), "boom", "civitai/lora"), Options{Now: fixedNow(t0.Add(time.Minute))})
	var se *StaleError
	if !errors.As(err, &se) || !slices.Equal(se.Stale, []string{"civitai/lora"}) || len(se.Missing) != 0 {
		t.Fatalf("err %v, want civitai/lora stale", err)
	}
	if e := idx.Filters[0]; e.Status != manifest.StatusStale || !e.FetchedAt.Equal(t0) {
		t.Errorf("entry %+v, want stale from the restored generation", e)
	}
	mustVerify(t, dir)
	if s := siblingNames(t, dir); len(s) != 0 {
		t.Errorf("left beside the dir: %v", s)
	}
}

func TestWriteRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"foreign file", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			writeFile(t, filepath.Join(dir, "README.md"), "mine")
		}, "README.md"},
		{"foreign file in a source dir", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			writeFile(t, filepath.Join(dir, "civitai", "notes.txt"), "mine")
		}, "civitai/notes.txt"},
		{"foreign dir", func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, ".git"},
		{"not ours at all", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "photo.jpg"), "x")
			writeFile(t, filepath.Join(dir, "docs", "a.json"), "x")
		}, "docs/a.json, photo.jpg"},
		{"symlink", func(t *testing.T, dir string) {
			target := dir + "-target"
			if err := os.Mkdir(target, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, dir); err != nil {
				t.Fatal(err)
			}
		}, "is a symlink"},
		{"a file", func(t *testing.T, dir string) { writeFile(t, dir, "x") }, "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			tt.setup(t, dir)
			before := snapshot(t, dir)
			_, err := Write(dir, sampleSet(), Options{Now: fixedNow(t0.Add(time.Minute))})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want mention of %q", err, tt.want)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("dir changed:\n%s\nwant:\n%s", after, before)
			}
			if s := siblingNames(t, dir); slices.ContainsFunc(s, func(n string) bool { return strings.HasPrefix(n, ".out.") }) {
				t.Errorf("left beside the dir: %v", s)
			}
		})
	}
}

func TestWriteInvalidSet(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *manifest.Set)
		want string
	}{
		{"nil", nil, "nil set"},
		{"hub", func(s *manifest.Set) { s.Hub = "cache" }, `hub "cache"`},
		{"source name", func(s *manifest.Set) { s.Sources[0].Source = "../x" }, `invalid source name "../x"`},
		{"source twice", func(s *manifest.Set) { s.Sources[1].Source = s.Sources[0].Source }, "appears twice"},
		{"filter name", func(s *manifest.Set) { s.Sources[0].Filters[0].Name = "a/../b" }, `invalid filter name "a/../b"`},
		{"hidden filter segment", func(s *manifest.Set) { s.Sources[0].Filters[0].Name = "a/.b" }, "invalid filter name"},
		{"filter twice", func(s *manifest.Set) { s.Sources[0].Filters[1].Name = s.Sources[0].Filters[0].Name }, "appears twice"},
		{"unknown id", func(s *manifest.Set) { s.Sources[1].Filters[0].ModelIDs = []string{"2"} }, `model "2" is not in`},
		{"id mismatch", func(s *manifest.Set) { s.Sources[1].Models["1"] = model("7", "x") }, `keyed "1" has id "7"`},
		{"no FetchedAt", func(s *manifest.Set) { s.Sources[1].Filters[0].FetchedAt = time.Time{} }, "without FetchedAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustWrite(t, dir, sampleSet(), t0)
			before := snapshot(t, dir)
			var set *manifest.Set
			if tt.edit != nil {
				set = sampleSet()
				tt.edit(set)
			}
			idx, err := Write(dir, set, Options{})
			if err == nil || idx != nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, %v; want error mentioning %q", idx, err, tt.want)
			}
			if after := snapshot(t, dir); after != before {
				t.Error("dir changed")
			}
		})
	}
}

// TestUnverifiedNotPublished: a generation that breaks the output rules is
// refused by the verify step and the dir keeps the previous generation.
// Write itself never builds one, so the broken generation is made by hand.
func TestUnverifiedNotPublished(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustWrite(t, dir, sampleSet(), t0)
	before := snapshot(t, dir)
	s, err := siblingsOf(dir)
	if err != nil {
		t.Fatal(err)
	}
	id := newGenerationID(t0)
	g, err := build(sampleSet(), nil, t0, id, quiet)
	if err != nil {
		t.Fatal(err)
	}
	g.index.Filters[0].Count++
	index, err := encode(&g.index)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := Acquire(t.Context(), dir, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	err = stageAndPublish(s, s.path(kindStaging, id), id, g, index, lock, quiet)
	if err == nil || !strings.Contains(err.Error(), "not published") || !strings.Contains(err.Error(), "/filters/0/count") {
		t.Fatalf("err %v, want the count violation", err)
	}
	if after := snapshot(t, dir); after != before {
		t.Error("dir changed")
	}
}

func TestErrorText(t *testing.T) {
	long := strings.Repeat("é", maxErrorText) // 2 bytes per rune
	tests := []struct {
		in, want string
	}{
		{"  timeout \n", "timeout"},
		{"", "fetch failed"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{long, long[:maxErrorText] + "…"},
		{"x" + long, "x" + long[:maxErrorText-2] + "…"},
	}
	for _, tt := range tests {
		if got := errorText(errors.New(tt.in)); got != tt.want {
			t.Errorf("errorText(%.20q) = %.20q…, want %.20q…", tt.in, got, tt.want)
		}
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot describes dir (following nothing) for before/after comparisons.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	info, err := os.Lstat(dir)
	if err != nil {
		return "absent"
	}
	if !info.IsDir() {
		data, _ := os.ReadFile(dir)
		return info.Mode().String() + " " + string(data)
	}
	var b strings.Builder
	files := readTree(t, dir)
	for _, k := range slices.Sorted(maps.Keys(files)) {
		b.WriteString(k + "=" + files[k] + "\n")
	}
	return b.String()
}
