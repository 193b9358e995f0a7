package hub

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"
)

// keyRange collects, per object level, the keys every instance has (common)
// and the keys any instance has (any), with each key's JSON kind.
type keyRange struct {
	common map[string]bool
	any    map[string]string // key -> JSON kind of a non-null value ("null" if only null seen)
	n      int
}

func (k *keyRange) add(obj map[string]any) {
	if k.any == nil {
		k.any = map[string]string{}
	}
	if k.n == 0 {
		k.common = map[string]bool{}
		for key := range obj {
			k.common[key] = true
		}
	}
	for key := range k.common {
		if _, ok := obj[key]; !ok {
			delete(k.common, key)
		}
	}
	for key, v := range obj {
		if kind := jsonKind(v); kind != "null" || k.any[key] == "" {
			k.any[key] = kind
		}
	}
	k.n++
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	default:
		return "object"
	}
}

// civLevels splits CivitAI model objects into their nested levels.
func civLevels(models []any) map[string]*keyRange {
	lv := map[string]*keyRange{}
	add := func(name string, v any) {
		if lv[name] == nil {
			lv[name] = &keyRange{}
		}
		lv[name].add(v.(map[string]any))
	}
	for _, m := range models {
		mo := m.(map[string]any)
		add("model", mo)
		add("model.stats", mo["stats"])
		add("model.creator", mo["creator"])
		for _, v := range mo["modelVersions"].([]any) {
			vo := v.(map[string]any)
			add("version", vo)
			add("version.stats", vo["stats"])
			for _, f := range vo["files"].([]any) {
				add("file", f)
				add("file.metadata", f.(map[string]any)["metadata"])
			}
			for _, i := range vo["images"].([]any) {
				add("image", i)
			}
		}
	}
	return lv
}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// TestCivitAIShape checks that every object level of our items has the keys
// all real captures share, only keys some capture has, and the same JSON
// kinds.
func TestCivitAIShape(t *testing.T) {
	page := readJSON(t, "testdata/civitai-models-page.json").(map[string]any)
	samples := append(page["items"].([]any), readJSON(t, "testdata/civitai-model-item-2025.json"))
	want := civLevels(samples)

	h := New(Options{})
	_, body := get(t, h, civURL("limit", "100", "nsfw", "true"))
	var ours map[string]any
	if err := json.Unmarshal(body, &ours); err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(maps.Keys(ours)); !slices.Equal(got, []string{"items", "metadata"}) {
		t.Fatalf("top-level keys %v", got)
	}
	got := civLevels(ours["items"].([]any))
	for name, w := range want {
		g := got[name]
		if g == nil {
			t.Errorf("%s: level missing", name)
			continue
		}
		for key := range w.common {
			if !g.common[key] {
				t.Errorf("%s: key %q missing from some items", name, key)
			}
		}
		for key, kind := range g.any {
			wk, ok := w.any[key]
			switch {
			case !ok:
				t.Errorf("%s: key %q not in any real capture", name, key)
			case kind != wk && kind != "null" && wk != "null":
				t.Errorf("%s: key %q is %s, real captures have %s", name, key, kind, wk)
			}
		}
	}
	if meta := ours["metadata"].(map[string]any); jsonKind(meta["nextCursor"]) != "string" || jsonKind(meta["nextPage"]) != "string" {
		t.Errorf("metadata %v: want string nextCursor and nextPage like the capture", meta)
	}
}

// TestHFShape checks the default field set and kinds against the real page.
func TestHFShape(t *testing.T) {
	var w keyRange
	for _, it := range readJSON(t, "testdata/hf-models-page.json").([]any) {
		w.add(it.(map[string]any))
	}
	h := New(Options{})
	_, body := get(t, h, hfURL("limit", "500"))
	var items []map[string]any
	if err := json.Unmarshal(body, &items); err != nil {
		t.Fatal(err)
	}
	full := 0
	optional := map[string]bool{"pipeline_tag": true, "library_name": true}
	for _, it := range items {
		for key := range w.common {
			if _, ok := it[key]; !ok && !optional[key] {
				t.Fatalf("item %v lacks %q", it["id"], key)
			}
		}
		for key, v := range it {
			if wk, ok := w.any[key]; !ok || jsonKind(v) != wk {
				t.Fatalf("item %v: key %q (%s) not as in the real page (%q)", it["id"], key, jsonKind(v), wk)
			}
		}
		if len(it) == len(w.common) {
			full++
		}
	}
	if full == 0 {
		t.Error("no item has the complete default field set")
	}
}
