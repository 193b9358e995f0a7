package huggingface

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

const wantExpand = "expand=author&expand=downloads&expand=likes&expand=tags&expand=pipeline_tag&expand=library_name" +
	"&expand=createdAt&expand=lastModified&expand=sha&expand=safetensors&expand=gguf&expand=trendingScore&expand=private&expand=gated"

func TestFirstURL(t *testing.T) {
	q := url.Values{
		"filter":       {"gguf", "license:mit"},
		"pipeline_tag": {"text-generation"},
		"sort":         {"downloads"},
		"expand":       {"likes", "siblings"},
		"limit":        {"5"},
		"cursor":       {"abc"},
	}
	orig := url.Values{}
	for k, v := range q {
		orig[k] = append([]string(nil), v...)
	}
	tests := []struct {
		endpoint string
		size     int
		q        url.Values
		want     string
	}{
		{"https://huggingface.co", 0, nil, "https://huggingface.co/api/models?" + wantExpand + "&limit=100"},
		{"http://127.0.0.1:9/", 1000, nil, "http://127.0.0.1:9/api/models?" + wantExpand + "&limit=1000"},
		{"https://huggingface.co", 5000, nil, "https://huggingface.co/api/models?" + wantExpand + "&limit=1000"},
		{"https://huggingface.co", 50, q, "https://huggingface.co/api/models?" + wantExpand +
			"&expand=siblings&filter=gguf&filter=license%3Amit&limit=50&pipeline_tag=text-generation&sort=downloads"},
	}
	for _, tt := range tests {
		c := &Client{Endpoint: tt.endpoint, PageSize: tt.size}
		if got := c.FirstURL(tt.q); got != tt.want {
			t.Errorf("FirstURL(%v) size %d:\n got %s\nwant %s", tt.q, tt.size, got, tt.want)
		}
	}
	if !reflect.DeepEqual(q, orig) {
		t.Errorf("FirstURL modified its query: %v", q)
	}
}

// fakeHub serves a bare array per cursor with a Link header to the next
// cursor, and records every request's raw query.
type fakeHub struct {
	srv   *httptest.Server
	mu    sync.Mutex
	raw   []string
	pages map[string]hubPage
}

type hubPage struct {
	body string // JSON body
	link string // Link header; "{srv}" is replaced by the server URL
}

func newFakeHub(t *testing.T, pages map[string]hubPage) *fakeHub {
	h := &fakeHub{pages: pages}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.raw = append(h.raw, r.URL.RawQuery)
		h.mu.Unlock()
		p, ok := h.pages[r.URL.Query().Get("cursor")]
		if r.URL.Path != ListPath || !ok {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		if p.link != "" {
			w.Header().Set("Link", strings.ReplaceAll(p.link, "{srv}", h.srv.URL))
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		fmt.Fprint(w, p.body)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *fakeHub) queries() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.raw
}

// sampleItems returns the sample's two items as separate JSON objects.
func sampleItems(t *testing.T) []string {
	var items []json.RawMessage
	if err := json.Unmarshal(readSample(t), &items); err != nil {
		t.Fatal(err)
	}
	return []string{string(items[0]), string(items[1])}
}

func TestPagination(t *testing.T) {
	it := sampleItems(t)
	tests := []struct {
		name    string
		pages   map[string]hubPage
		want    []string
		queries []string // raw query of each request after the first
	}{
		{
			name: "absolute and relative links",
			pages: map[string]hubPage{
				"":             {body: "[" + it[0] + "]", link: `<{srv}/api/models?limit=1&sort=trendingScore&cursor=eyJhIjoxfQ%3D%3D>; rel="next"`},
				"eyJhIjoxfQ==": {body: "[" + it[1] + "]", link: `</api/models?limit=1&cursor=c2>; rel=next, <{srv}/api/models?limit=1>; rel="first"`},
				"c2":           {body: `[{"_id":"1","id":"a/b-7B","safetensors":{"parameters":{"BF16":7241732096},"total":7241732096}}]`},
			},
			want:    []string{"moonshotai/Kimi-K2-Thinking", "MiniMaxAI/MiniMax-M2", "a/b-7B"},
			queries: []string{"limit=1&sort=trendingScore&cursor=eyJhIjoxfQ%3D%3D", "limit=1&cursor=c2"},
		},
		{
			name: "an empty page's link is passed on (the pipeline reports the page and stops)",
			pages: map[string]hubPage{
				"":  {body: readSampleString(t), link: `<{srv}/api/models?cursor=e>; rel="next"`},
				"e": {body: `[]`, link: `<{srv}/api/models?cursor=f>; rel="next"`},
				"f": {body: `[]`},
			},
			want:    []string{"moonshotai/Kimi-K2-Thinking", "MiniMaxAI/MiniMax-M2"},
			queries: []string{"cursor=e", "cursor=f"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newFakeHub(t, tt.pages)
			c := &Client{Fetch: &fetch.Client{}, Endpoint: h.srv.URL, PageSize: 1}
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			var ids []string
			next := c.FirstURL(url.Values{"filter": {"gguf", "conversational"}})
			for n := 0; next != ""; n++ {
				if n == 10 {
					t.Fatal("more than 10 pages")
				}
				p, err := c.Page(ctx, next)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range p.Models {
					ids = append(ids, m.ID)
				}
				next = p.Next
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Errorf("ids = %v, want %v", ids, tt.want)
			}
			qs := h.queries()
			if first := wantExpand + "&filter=gguf&filter=conversational&limit=1"; len(qs) == 0 || qs[0] != first {
				t.Errorf("first query = %q, want %q", qs, first)
			}
			if len(qs) > 0 && !reflect.DeepEqual(qs[1:], tt.queries) {
				t.Errorf("next queries = %q, want %q", qs[1:], tt.queries)
			}
		})
	}
}

func readSampleString(t *testing.T) string { return string(readSample(t)) }

func TestPageParameters(t *testing.T) {
	h := newFakeHub(t, map[string]hubPage{"": {body: `[
		{"_id":"1","id":"a/b-7B","safetensors":{"parameters":{"BF16":7241732096},"total":7241732096},"gguf":{"total":5}},
		{"_id":"2","id":"a/c-GGUF","gguf":{"total":13000000000,"architecture":"llama"}},
		{"_id":"3","id":"a/Mixtral-8x7B"},
		{"_id":"4","id":"a/gpt2","gated":"auto","tags":["license:apache-2.0"]}]`}})
	c := &Client{Fetch: &fetch.Client{}, Endpoint: h.srv.URL}
	p, err := c.Page(t.Context(), c.FirstURL(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{7241732096, 13e9, 56e9, 0}
	for i, m := range p.Models {
		if m.Parameters != want[i] {
			t.Errorf("%s: parameters %d, want %d", m.ID, m.Parameters, want[i])
		}
	}
	if p.Models[3].License != "apache-2.0" || p.Next != "" {
		t.Errorf("page = %+v", p)
	}
}

func TestPageErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		ctype  string
		link   string
		body   string
		want   []string
	}{
		{"object", 200, "application/json", "", `{"models":[]}`, []string{"expected JSON array of models", "got an object"}},
		{"html", 200, "text/html", "", `<!DOCTYPE html><html>429</html>`, []string{"response is not JSON", "HTML page"}},
		{"empty", 200, "application/json", "", ``, []string{"expected JSON array of models", "unexpected EOF"}},
		{"bad items", 200, "application/json", "", `[{"id":"a/b"},{"id":5},{"id":6}]`, []string{"2 of 3 items malformed", "item 1", "cannot unmarshal number"}},
		{"no ids", 200, "application/json", "", `[{"_id":"x"},{"_id":"y"}]`, []string{"item 0", "no id"}},
		{"cut short", 200, "application/json", "", `[{"id":"a/b"},{"id":"c/`, []string{"expected JSON array of models", "unexpected EOF"}},
		{"bad link", 200, "application/json", `<ftp://x/y>; rel="next"`, `[{"id":"a/b"}]`, []string{"header", "not an absolute http(s) URL"}},
		{"http 429", 429, "text/html", "", `<!DOCTYPE html>`, []string{"huggingface: GET", "429"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.link != "" {
					w.Header().Set("Link", tt.link)
				}
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			c := &Client{Fetch: &fetch.Client{}, Endpoint: srv.URL}
			u := c.FirstURL(url.Values{"search": {"llama"}})
			_, err := c.Page(t.Context(), u)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range append(tt.want, u) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestPageNilFetch(t *testing.T) {
	c := &Client{Endpoint: "http://127.0.0.1:1"}
	if _, err := c.Page(t.Context(), c.FirstURL(nil)); err == nil || !strings.Contains(err.Error(), "Fetch is nil") {
		t.Errorf("err = %v", err)
	}
}

// TestDecodeSkipsMalformedItems: an item whose read members have the wrong
// type is left out and named, the rest kept; members the output never reads
// cannot make an item malformed.
func TestDecodeSkipsMalformedItems(t *testing.T) {
	tests := []struct {
		name, bad string // the second of three items
		skipped   bool
		id        string
	}{
		{"wrong id type", `{"id":5}`, true, ""},
		{"tags of wrong type", `{"id":"o/b","tags":"x"}`, true, "o/b"},
		{"no id", `{"_id":"x"}`, true, ""},
		{"not an object", `"o/b"`, true, ""},
		{"gated never read", `{"id":"o/b","gated":1,"private":"no","trendingScore":"hot","siblings":7}`, false, ""},
		{"gguf details never read", `{"id":"o/b","gguf":{"architecture":5,"total":3}}`, false, ""},
		{"card license of any form", `{"id":"o/b","cardData":{"license":["mit"],"tags":3}}`, false, ""},
	}
	for _, tt := range tests {
		models, skipped, err := decodeModels(strings.NewReader(`[{"id":"o/a"},` + tt.bad + `,{"id":"o/c"}]`))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		switch {
		case !tt.skipped && (len(models) != 3 || len(skipped) != 0):
			t.Errorf("%s: %d models, skipped %+v; want 3 kept", tt.name, len(models), skipped)
		case tt.skipped && (len(models) != 2 || len(skipped) != 1 || skipped[0].Position != 1 || skipped[0].ID != tt.id || skipped[0].Reason == ""):
			t.Errorf("%s: %d models, skipped %+v; want item 1 (id %q) skipped", tt.name, len(models), skipped, tt.id)
		}
	}
}

func TestManifestHubFields(t *testing.T) {
	models, _, err := decodeModels(strings.NewReader(`[{"id":"o/a","tags":["license:mit"],"createdAt":"c","lastModified":"l","sha":"s","cardData":{"license":"apache-2.0"}},
		{"id":"o/b","cardData":{"license":" apache-2.0 "}},{"id":"o/c","cardData":{"license":["x"]}}]`))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ license, created, modified, sha string }{{"mit", "c", "l", "s"}, {"apache-2.0", "", "", ""}, {"", "", "", ""}} {
		m := models[i]
		if m.License != want.license || m.CreatedAt != want.created || m.LastModified != want.modified || m.SHA != want.sha || m.CommercialUse != nil {
			t.Errorf("model %d: %+v, want %+v", i, m, want)
		}
	}
}
