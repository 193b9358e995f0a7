package hub

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestHFPaginationWalk(t *testing.T) {
	h := New(Options{})
	tests := []struct {
		name  string
		query []string
		less  func(a, b hfItem) bool // a may precede b
		want  int
	}{
		{"default sort", []string{"limit", "1000"}, func(a, b hfItem) bool { return a.Trending >= b.Trending }, len(huggingface().models)},
		{"downloads", []string{"pipeline_tag", pTextGen, "sort", "downloads", "limit", "100"}, func(a, b hfItem) bool { return a.Downloads >= b.Downloads }, 1150},
		{"createdAt", []string{"pipeline_tag", pASR, "sort", "createdAt", "limit", "37", "expand", "createdAt"}, func(a, b hfItem) bool { return a.CreatedAt >= b.CreatedAt }, 220},
		{"likes", []string{"filter", "transformers", "sort", "likes", "direction", "1", "limit", "250"}, func(a, b hfItem) bool { return a.Likes >= b.Likes }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, links := walkHF(t, h, hfURL(tc.query...))
			seen := map[string]bool{}
			for i, it := range items {
				if seen[it.ID] {
					t.Fatalf("%s listed twice", it.ID)
				}
				seen[it.ID] = true
				if i > 0 && !tc.less(items[i-1], it) {
					t.Fatalf("items %d and %d out of order", i-1, i)
				}
			}
			if tc.want > 0 && len(items) != tc.want {
				t.Errorf("walk saw %d models, want %d", len(items), tc.want)
			}
			if len(links) == 0 {
				t.Fatal("no Link header: the walk tests nothing")
			}
			for _, l := range links {
				u, err := url.Parse(l)
				if err != nil || u.Scheme != "http" || u.Host != "hub.test" {
					t.Fatalf("Link %q is not an absolute URL on the request's host", l)
				}
				q := u.Query()
				for i := 0; i < len(tc.query); i += 2 {
					if !slices.Contains(q[tc.query[i]], tc.query[i+1]) {
						t.Fatalf("Link %q lost %s=%s", l, tc.query[i], tc.query[i+1])
					}
				}
				if q.Get("sort") == "" || q.Get("cursor") == "" {
					t.Fatalf("Link %q lacks sort or cursor", l)
				}
			}
		})
	}
}

func TestHFLinkAddsDefaultSort(t *testing.T) {
	h := New(Options{})
	resp, _ := get(t, h, base+"/api/models?apps=ollama&limit=3")
	link := resp.Header.Get("Link")
	if !strings.HasPrefix(link, "<"+base+"/api/models?apps=ollama&limit=3&sort=trendingScore&cursor=") || !strings.HasSuffix(link, `>; rel="next"`) {
		t.Fatalf("Link %q", link)
	}
	// The cursor is URL-safe base64 of a range predicate on the sort key.
	u, _ := url.Parse(strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`))
	raw, err := base64.URLEncoding.DecodeString(u.Query().Get("cursor"))
	if err != nil {
		t.Fatal(err)
	}
	var pred map[string][]map[string]any
	if err := json.Unmarshal(raw, &pred); err != nil || len(pred["$or"]) != 2 || pred["$or"][0]["trendingScore"] == nil {
		t.Fatalf("cursor %s: %v", raw, err)
	}
}

func TestHFFilters(t *testing.T) {
	h := New(Options{})
	all, _ := walkHF(t, h, hfURL("full", "true"))
	tests := []struct {
		name  string
		query []string
		want  func(hfItem) bool
	}{
		{"search", []string{"search", "QWEN2.5"}, func(m hfItem) bool { return strings.Contains(strings.ToLower(m.ID), "qwen2.5") }},
		{"author", []string{"author", "meta-llama"}, func(m hfItem) bool { return m.Author == "meta-llama" }},
		{"filter license", []string{"filter", "license:mit"}, func(m hfItem) bool { return slices.Contains(m.Tags, "license:mit") }},
		{"filter repeated", []string{"filter", "gguf", "filter", "license:apache-2.0"}, func(m hfItem) bool {
			return slices.Contains(m.Tags, "gguf") && slices.Contains(m.Tags, "license:apache-2.0")
		}},
		{"filter comma", []string{"filter", "transformers,conversational"}, func(m hfItem) bool {
			return slices.Contains(m.Tags, "transformers") && slices.Contains(m.Tags, "conversational")
		}},
		{"pipeline_tag", []string{"pipeline_tag", pT2I}, func(m hfItem) bool { return m.PipelineTag == pT2I }},
		{"library", []string{"library", "sentence-transformers"}, func(m hfItem) bool { return m.LibraryName == "sentence-transformers" }},
		{"pipeline and filter", []string{"pipeline_tag", pTextGen, "filter", "license:mit"}, func(m hfItem) bool {
			return m.PipelineTag == pTextGen && slices.Contains(m.Tags, "license:mit")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, m := range all {
				if tc.want(m) {
					want = append(want, m.ID)
				}
			}
			items, _ := walkHF(t, h, hfURL(append(tc.query, "limit", "300", "full", "true")...))
			var got []string
			for _, m := range items {
				got = append(got, m.ID)
			}
			if len(want) == 0 {
				t.Fatal("filter matches nothing: the case tests nothing")
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("got %d models, want %d", len(got), len(want))
			}
		})
	}
}

func TestHFFieldSets(t *testing.T) {
	h := New(Options{})
	keys := func(q ...string) []map[string]any {
		_, body := get(t, h, hfURL(append(q, "limit", "200", "pipeline_tag", pTextGen)...))
		return decode[[]map[string]any](t, body)
	}
	for _, it := range keys("expand", "downloads", "expand", "safetensors") {
		for k := range it {
			if k != "_id" && k != "id" && k != "downloads" && k != "safetensors" {
				t.Fatalf("expand returned extra field %q", k)
			}
		}
	}
	var st, gguf int
	for _, it := range keys("expand[]", "safetensors", "expand[]", "gguf", "expand[]", "sha") {
		if _, ok := it["sha"]; !ok {
			t.Fatalf("expand[]=sha missing in %v", it["id"])
		}
		s, hasST := it["safetensors"].(map[string]any)
		g, hasGGUF := it["gguf"].(map[string]any)
		switch {
		case hasST && hasGGUF:
			t.Fatalf("%v has both safetensors and gguf", it["id"])
		case hasST:
			st++
			total := 0.0
			for _, n := range s["parameters"].(map[string]any) {
				total += n.(float64)
			}
			if total != s["total"].(float64) {
				t.Fatalf("%v: safetensors total %v is not the sum of parameters %v", it["id"], s["total"], total)
			}
		case hasGGUF:
			gguf++
			if g["total"].(float64) <= 0 || g["architecture"] == "" {
				t.Fatalf("%v: gguf %v", it["id"], g)
			}
		}
	}
	if st == 0 || gguf == 0 {
		t.Errorf("%d safetensors and %d gguf repos in 200: want both kinds", st, gguf)
	}
	for _, it := range keys("full", "true") {
		for _, k := range []string{"author", "sha", "lastModified", "siblings", "gated"} {
			if _, ok := it[k]; !ok {
				t.Fatalf("full=true item %v lacks %q", it["id"], k)
			}
		}
	}
}

func TestHFErrorsAndHeaders(t *testing.T) {
	h := New(Options{})
	for _, tc := range []struct{ name, url string }{
		{"bad sort", hfURL("sort", "stars")},
		{"bad limit", hfURL("limit", "0")},
		{"limit not a number", hfURL("limit", "many")},
		{"bad expand", hfURL("expand", "everything")},
		{"bad cursor", hfURL("cursor", "!!!")},
		{"cursor of another sort", hfURL("cursor", base64.URLEncoding.EncodeToString([]byte(`{"$or":[{"likes":3,"_id":{"$gt":"a"}}]}`)), "sort", "downloads")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, h, tc.url)
			var e struct{ Error string }
			if resp.StatusCode != http.StatusBadRequest || json.Unmarshal(body, &e) != nil || e.Error == "" {
				t.Errorf("got %d %s, want 400 with a JSON error", resp.StatusCode, body)
			}
			if resp.Header.Get("RateLimit") == "" {
				t.Error("400 lacks RateLimit")
			}
		})
	}
	resp, body := get(t, h, hfURL("limit", "5000", "pipeline_tag", pTextGen))
	if n := len(decode[[]hfItem](t, body)); n != hfMaxLimit {
		t.Errorf("limit=5000 returned %d items, want the %d cap", n, hfMaxLimit)
	}
	if got := resp.Header.Get("RateLimit-Policy"); got != `"fixed window";"api";q=100000;w=300` {
		t.Errorf("default RateLimit-Policy %q", got)
	}
	if got := resp.Header.Get("RateLimit"); !strings.HasPrefix(got, `"api";r=99`) || !strings.HasSuffix(got, ";t=300") {
		t.Errorf("default RateLimit %q", got)
	}
	resp, _ = get(t, h, hfURL("search", "no-such-model-anywhere"))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Link") != "" {
		t.Errorf("empty result: %d, Link %q", resp.StatusCode, resp.Header.Get("Link"))
	}
}
