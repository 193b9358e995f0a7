package verify_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
	"github.com/manifestgen/manifestgen/manifestgen/writer"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func model(id string) manifest.Model {
	return manifest.Model{ID: id, Name: "model " + id, URL: "https://example.test/" + id, Tags: []string{"x"}}
}

// civitaiModel is a model with every CivitAI field set.
func civitaiModel(id string) manifest.Model {
	m := model(id)
	yes, no := true, false
	m.CommercialUse, m.AllowNoCredit, m.AllowDerivatives, m.AllowDifferentLicense = []string{"Image", "RentCivit"}, &yes, &no, &yes
	m.VersionID, m.BaseModel, m.BaseModels = 12, "SDXL 1.0", []string{"Pony", "SDXL 1.0"}
	m.SizeBytes, m.DownloadURL = 1234, "https://civitai.com/api/download/models/12"
	m.Preview = &manifest.Preview{URL: "https://image.civitai.com/x.jpeg", Width: 832, Height: 1216, Type: "image", NSFWLevel: 2}
	m.CreatedAt, m.UpdatedAt = "2023-10-05T13:31:16.745", "2024-01-02T03:04:05.000Z"
	return m
}

// huggingFaceModel is a model with every Hugging Face field set.
func huggingFaceModel(id string) manifest.Model {
	m := model(id)
	m.License, m.Library, m.Parameters = "apache-2.0", "transformers", 7_000_000_000
	m.CreatedAt, m.LastModified, m.SHA = "2024-01-02T03:04:05.000Z", "2025-01-02T03:04:05.000Z", "0123456789abcdef0123456789abcdef01234567"
	return m
}

// goodSrc is a good output dir written once by TestMain; goodDir copies it.
var goodSrc string

func TestMain(m *testing.M) {
	parent, err := os.MkdirTemp("", "verify-test-")
	if err != nil {
		panic(err)
	}
	goodSrc = filepath.Join(parent, "out")
	if err := writeGood(goodSrc); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(parent)
	os.Exit(code)
}

// goodDir returns a private copy of the good output dir.
func goodDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.CopyFS(dir, os.DirFS(goodSrc)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeGood writes two generations into dir so that the result has fresh,
// stale and missing entries. Its filters, in index order:
//
//	0 civitai/lora (fresh)  1 huggingface/image (fresh)
//	2 huggingface/never (missing)  3 huggingface/text/top (stale)
func writeGood(dir string) error {
	set := func(fail bool) *manifest.Set {
		hf := manifest.SourceResult{
			Source: "huggingface",
			Origin: "https://huggingface.co",
			Models: map[string]manifest.Model{"org/a": huggingFaceModel("org/a"), "org/b": model("org/b"), "org/c": model("org/c")},
			Filters: []manifest.FilterResult{
				{Name: "image", Label: "Image · <top> \"x\"", Query: map[string][]string{"pipeline_tag": {"text-to-image"}, "filter": {"a", "b"}},
					ModelIDs: []string{"org/c", "org/a"}, FetchedAt: t0,
					Checks: manifest.Checks{Mode: "flag", Mismatches: 2, Reasons: map[string]int{"pipeline_tag": 2, "author": 1},
						Flagged: []string{"org/a"}, Duplicates: 3, EmptyPageWithNext: true}},
				{Name: "text/top", Label: "text · top", Query: map[string][]string{}, ModelIDs: []string{"org/b", "org/a"}, FetchedAt: t0},
			},
		}
		if fail {
			hf.Filters[1] = manifest.FilterResult{Name: "text/top", Label: "Text · top", Err: errors.New("503")}
			hf.Filters = append(hf.Filters, manifest.FilterResult{Name: "never", Query: map[string][]string{"sort": {"likes"}}, Err: errors.New("timeout")})
		}
		return &manifest.Set{Hub: manifest.HubLive, Sources: []manifest.SourceResult{
			{Source: "civitai", Origin: "https://civitai.com", Models: map[string]manifest.Model{"1": civitaiModel("1")},
				Filters: []manifest.FilterResult{{Name: "lora", ModelIDs: []string{"1"}, FetchedAt: t0,
					Versions: []manifest.SelectedVersion{{ID: 12, BaseModel: "SDXL 1.0", SizeBytes: 1234, DownloadURL: "https://civitai.com/api/download/models/12"}}}}},
			hf,
		}}
	}
	if _, err := writer.Write(dir, set(false), writer.Options{Now: func() time.Time { return t0 }}); err != nil {
		return err
	}
	_, err := writer.Write(dir, set(true), writer.Options{AllowStale: true})
	return err
}

func TestDirGood(t *testing.T) {
	dir := goodDir(t)
	rep, err := verify.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Err() != nil || rep.String() != "" || len(rep.Violations) != 0 {
		t.Fatalf("good dir has violations:\n%s", rep)
	}
	if rep.Files != 9 || rep.Dir != dir {
		t.Errorf("report for %s has %d files, want %s and 9", rep.Dir, rep.Files, dir)
	}
}

// TestDirViolations corrupts a good dir one way per case and expects a
// violation at the given file and pointer whose message contains want.
func TestDirViolations(t *testing.T) {
	const (
		index  = "index.json"
		hf     = "huggingface/models.json"
		top    = "huggingface/filters/text/top.json"
		image  = "huggingface/filters/image.json"
		civLor = "civitai/filters/lora.json"
		feed   = "changes.json"
		seenHF = "huggingface/seen.json"
	)
	tests := []struct {
		name          string
		damage        func(t *testing.T, dir string)
		file, pointer string
		want          string
	}{
		// Schema, per file kind.
		{"index not JSON", write(index, "{"), index, "", "invalid JSON"},
		{"index schema version", editJSON(index, func(m obj) { m["schemaVersion"] = 1 }), index, "/schemaVersion", "schema: value must be 2"},
		{"index fresh entry without checks", editJSON(index, func(m obj) { delete(m["filters"].([]any)[0].(obj), "checks") }), index, "/filters/0", "schema:"},
		{"index flagged id not in the manifest", editJSON(index, func(m obj) {
			m["filters"].([]any)[1].(obj)["checks"].(obj)["flagged"] = []any{"org/a", "org/zzz"}
		}), index, "/filters/1/checks/flagged/1", `id "org/zzz" is not in huggingface/filters/image.json`},
		{"index more flagged than mismatches", editJSON(index, func(m obj) {
			m["filters"].([]any)[1].(obj)["checks"].(obj)["mismatches"] = 0
		}), index, "/filters/1/checks/flagged", "lists 1 ids, more than the 0 mismatches"},
		{"index unknown checks mode", editJSON(index, func(m obj) {
			m["filters"].([]any)[1].(obj)["checks"].(obj)["mode"] = "keep"
		}), index, "/filters/1/checks/mode", "schema:"},
		{"index label with a control character", editJSON(index, func(m obj) { m["filters"].([]any)[0].(obj)["label"] = "a\u0007" }), index, "/filters/0/label", "schema:"},
		{"index query value not a list", editJSON(index, func(m obj) { m["filters"].([]any)[0].(obj)["query"] = obj{"sort": "likes"} }), index, "/filters/0/query/sort", "schema:"},
		{"index unknown hub", editJSON(index, func(m obj) { m["hub"] = "cache" }), index, "/hub", "schema:"},
		{"index missing field", editJSON(index, func(m obj) { delete(m, "generation") }), index, "", "missing property 'generation'"},
		{"index bad timestamp", editJSON(index, func(m obj) { m["generatedAt"] = "yesterday" }), index, "/generatedAt", "date-time"},
		{"stale without error", editEntry(3, func(e obj) { delete(e, "error") }), index, "/filters/3", "missing property 'error'"},
		{"missing with file", editEntry(2, func(e obj) { e["file"] = "huggingface/filters/never.json" }), index, "/filters/2/file", "schema: property not allowed here"},
		{"missing with count", editEntry(2, func(e obj) { e["count"] = 3 }), index, "/filters/2/count", "schema: value must be 0"},
		{"fresh with error", editEntry(0, func(e obj) { e["error"] = "x" }), index, "/filters/0/error", "schema: property not allowed here"},
		{"fresh without fetchedAt", editEntry(0, func(e obj) { delete(e, "fetchedAt") }), index, "/filters/0", "missing property 'fetchedAt'"},
		{"model without url", editJSON(hf, func(m obj) { delete(m["models"].(obj)["org/a"].(obj), "url") }), hf, "/models/org~1a", "missing property 'url'"},
		{"model extra field", editJSON(hf, func(m obj) { m["models"].(obj)["org/a"].(obj)["stars"] = 1 }), hf, "/models/org~1a", "additional properties 'stars'"},
		{"filter extra field", editJSON(top, func(m obj) { m["extra"] = true }), top, "", "additional properties 'extra'"},
		{"filter duplicate ids", editJSON(image, func(m obj) { m["modelIds"] = []string{"org/a", "org/a"} }), image, "/modelIds", "schema:"},
		{"filter file not JSON", write(civLor, "[1,"), civLor, "", "invalid JSON"},

		// Cross-file rules.
		{"id not in models", editJSON(image, func(m obj) { m["modelIds"] = []string{"org/zzz", "org/c", "org/a"} }), image, "/modelIds/0", `id "org/zzz" is not in huggingface/models.json`},
		{"index count", editEntry(1, func(e obj) { e["count"] = 3 }), index, "/filters/1/count", "is 3, but huggingface/filters/image.json lists 2 ids"},
		{"stale count", editEntry(3, func(e obj) { e["count"] = 0 }), index, "/filters/3/count", "lists 2 ids"},
		{"models count", editJSON(hf, func(m obj) { m["count"] = 2 }), hf, "/count", "is 2, but models holds 3"},
		{"source count", editJSON(index, func(m obj) { m["sources"].(obj)["civitai"].(obj)["count"] = 4 }), index, "/sources/civitai/count", "is 4, but civitai/models.json holds 1 models"},
		{"model key", editJSON(hf, func(m obj) { m["models"].(obj)["org/a"].(obj)["id"] = "org/q" }), hf, "/models/org~1a/id", `is "org/q", want its key "org/a"`},
		{"model unreferenced", editJSON(hf, func(m obj) {
			m["models"].(obj)["org/z"] = obj{"id": "org/z", "name": "z", "downloads": 0, "likes": 0, "tags": []string{}, "nsfw": false, "url": "u"}
			m["count"] = 4
		}), hf, "/models/org~1z", "not referenced by any filter of huggingface"},
		{"filter versions not parallel", editJSON(civLor, func(m obj) { m["versions"] = append(m["versions"].([]any), obj{"id": 3}) }), civLor, "/versions", "lists 2 versions for 1 model ids"},
		{"filter version without id", editJSON(civLor, func(m obj) { m["versions"] = []any{obj{"baseModel": "x"}} }), civLor, "/versions/0", "schema:"},
		{"filter file source", editJSON(civLor, func(m obj) { m["source"] = "huggingface" }), civLor, "/source", `is "huggingface", but the index entry says "civitai"`},
		{"filter file name", editJSON(top, func(m obj) { m["filter"] = "image" }), top, "/filter", `is "image", but the index entry says "text/top"`},
		{"models file source", editJSON(hf, func(m obj) { m["source"] = "civitai" }), hf, "/source", `is "civitai", want "huggingface"`},
		{"extra file", write("huggingface/filters/old.json", "{}"), "huggingface/filters/old.json", "", "not listed in index.json"},
		{"stray temp file", write("civitai/.models.json.tmp-1", "{"), "civitai/.models.json.tmp-1", "", "not listed in index.json"},
		{"filter file gone", remove(top), index, "/filters/3/file", "names huggingface/filters/text/top.json, which does not exist"},
		{"models file gone", remove(hf), index, "/sources/huggingface/models", "which does not exist"},
		{"index gone", remove(index), index, "", "missing"},
		{"files outside a missing index", remove(index), hf, "", "not listed in index.json"},
		{"wrong file path", editEntry(1, func(e obj) { e["file"] = "huggingface/filters/text/top.json" }), index, "/filters/1/file", `want "huggingface/filters/image.json"`},
		{"wrong models path", editJSON(index, func(m obj) { m["sources"].(obj)["civitai"].(obj)["models"] = "huggingface/models.json" }), index, "/sources/civitai/models", `want "civitai/models.json"`},
		{"unsorted", editJSON(index, func(m obj) { f := m["filters"].([]any); f[1], f[3] = f[3], f[1] }), index, "/filters/2", "out of order"},
		{"duplicate entry", editJSON(index, func(m obj) { f := m["filters"].([]any); m["filters"] = append(f[:2], f[1:]...) }), index, "/filters/2", "duplicate entry for huggingface/image"},
		{"unknown source", editJSON(index, func(m obj) {
			delete(m["sources"].(obj), "civitai")
		}), index, "/filters/0/source", `names source "civitai", which is not in sources`},
		// The change feed and the seen files.
		{"feed extra field", editJSON(feed, func(m obj) { m["extra"] = 1 }), feed, "", "additional properties 'extra'"},
		{"feed of another generation", editJSON(feed, func(m obj) { m["generation"] = "g0" }), feed, "/generation", `is "g0", but index.json's is`},
		{"feed without reason", editJSON(feed, func(m obj) { m["previous"] = nil }), feed, "/reason", "missing: previous is null"},
		{"feed added unknown", editJSON(feed, func(m obj) {
			m["sources"] = obj{"huggingface": obj{"added": []obj{{"id": "org/zz", "name": "z"}}, "removed": []obj{}, "updated": []obj{}}}
		}), feed, "/sources/huggingface/added/0/id", `"org/zz" is not in huggingface/models.json`},
		{"feed removed present", editJSON(feed, func(m obj) {
			m["sources"] = obj{"huggingface": obj{"added": []obj{}, "removed": []obj{{"id": "org/a", "name": "a"}}, "updated": []obj{}}}
		}), feed, "/sources/huggingface/removed/0/id", `"org/a" is still in huggingface/models.json`},
		{"feed status disagrees", editJSON(feed, func(m obj) { m["filters"].([]any)[0].(obj)["status"].(obj)["to"] = "fresh" }), feed, "/filters/0/status/to", `but index.json says "missing"`},
		{"seen entry gone", editJSON(seenHF, func(m obj) { delete(m["models"].(obj), "org/a") }), seenHF, "/models", `no entry for "org/a"`},
		{"seen marks present removed", editJSON(seenHF, func(m obj) { m["models"].(obj)["org/a"].(obj)["removedAt"] = "2026-01-02T03:04:05Z" }), seenHF, "/models/org~1a/removedAt", "is set, but"},
		{"seen bad date", editJSON(seenHF, func(m obj) { m["models"].(obj)["org/a"].(obj)["changedAt"] = "soon" }), seenHF, "/models/org~1a/changedAt", "date-time"},
		{"seen of another source", editJSON(seenHF, func(m obj) { m["source"] = "civitai" }), seenHF, "/source", `is "civitai", want "huggingface"`},

		// Provenance: one hub per generation, origins that fit it, one
		// origin per source.
		{"entry without hub", editEntry(1, func(e obj) { delete(e, "hub") }), index, "/filters/1", "missing property 'hub'"},
		{"entry without origin", editEntry(2, func(e obj) { delete(e, "origin") }), index, "/filters/2", "missing property 'origin'"},
		{"origin with a path", editEntry(1, func(e obj) { e["origin"] = "https://huggingface.co/api" }), index, "/filters/1/origin", "schema:"},
		{"snapshot entry in a live index", editEntry(3, func(e obj) { e["hub"], e["origin"] = "embedded", "embedded" }), index, "/filters/3/hub",
			`is "embedded", but the index's hub is "live"`},
		{"live entries in an embedded index", editJSON(index, func(m obj) { m["hub"] = "embedded" }), index, "/filters/0/hub",
			`is "live", but the index's hub is "embedded"`},
		{"live entry with the embedded origin", editEntry(0, func(e obj) { e["origin"] = "embedded" }), index, "/filters/0/origin",
			"want scheme://host[:port]"},
		{"embedded entry with a live origin", editJSON(index, func(m obj) {
			m["hub"] = "embedded"
			for _, e := range m["filters"].([]any) {
				e.(obj)["hub"] = "embedded"
			}
		}), index, "/filters/0/origin", `want "embedded" for the embedded hub`},
		{"two origins in one source", editEntry(2, func(e obj) { e["origin"] = "http://127.0.0.1:8765" }), index, "/filters/2/origin",
			`is "http://127.0.0.1:8765", but huggingface/image records "https://huggingface.co"`},

		// Timestamps from the future.
		{"fetchedAt in the future", editEntry(1, func(e obj) { e["fetchedAt"] = "2999-01-01T00:00:00Z" }), index, "/filters/1/fetchedAt",
			"2999-01-01T00:00:00Z is in the future"},
		{"stale fetchedAt in the future", editEntry(3, func(e obj) {
			e["fetchedAt"] = time.Now().Add(verify.ClockSkew + time.Hour).UTC().Format(time.RFC3339)
		}), index, "/filters/3/fetchedAt", "in the future"},
		{"generatedAt in the future", editJSON(index, func(m obj) { m["generatedAt"] = "2999-01-01T00:00:00.5Z" }), index, "/generatedAt",
			"in the future"},

		{"symlink", func(t *testing.T, dir string) {
			if err := os.Symlink("models.json", filepath.Join(dir, "civitai", "link.json")); err != nil {
				t.Fatal(err)
			}
		}, "civitai/link.json", "", "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := goodDir(t)
			tt.damage(t, dir)
			assertSameReports(t, dir)
			rep, err := verify.Dir(dir)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, v := range rep.Violations {
				if v.File == tt.file && v.Pointer == tt.pointer && strings.Contains(v.Message, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no violation %s#%s containing %q; got:\n%s", tt.file, tt.pointer, tt.want, rep)
			}
			err = rep.Err()
			if !errors.Is(err, verify.ErrInvalid) || !strings.Contains(err.Error(), rep.String()) {
				t.Errorf("Err() = %v", err)
			}
			if lines := strings.Split(rep.String(), "\n"); len(lines) != len(rep.Violations) {
				t.Errorf("String() has %d lines for %d violations", len(lines), len(rep.Violations))
			}
		})
	}
}

func TestDirCannotCheck(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(t.TempDir(), "absent"), file} {
		if rep, err := verify.Dir(dir); err == nil {
			t.Errorf("Dir(%s) = %v, want an error", dir, rep)
		}
	}
}

func TestViolationString(t *testing.T) {
	r := &verify.Report{Violations: []verify.Violation{
		{File: "index.json", Message: "missing"},
		{File: "a/models.json", Pointer: "/models/org~1x", Message: "bad"},
		{File: "index.json", Message: "error \"\x1b[2J\u202e\n\""}, // quoted from a hub
	}}
	if got, want := r.String(), "index.json: missing\na/models.json#/models/org~1x: bad\nindex.json: error \"\\x1b[2J\\u202e\\x0a\""; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

type obj = map[string]any

func write(rel, data string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func remove(rel string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
}

func editJSON(rel string, edit func(obj)) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m obj
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		if data, err = json.Marshal(m); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func editEntry(i int, edit func(obj)) func(*testing.T, string) {
	return editJSON("index.json", func(m obj) { edit(m["filters"].([]any)[i].(obj)) })
}

// TestDirClockSkew: a fetchedAt a little ahead of this machine's clock (a
// producer whose clock runs fast) is accepted, within ClockSkew.
func TestDirClockSkew(t *testing.T) {
	dir := goodDir(t)
	editEntry(1, func(e obj) { e["fetchedAt"] = time.Now().Add(verify.ClockSkew / 2).UTC().Format(time.RFC3339Nano) })(t, dir)
	rep, err := verify.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Err() != nil {
		t.Errorf("a fetchedAt within the allowed skew: %v", rep.Err())
	}
}
