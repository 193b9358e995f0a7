package civitai

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

func TestFirstURL(t *testing.T) {
	q := url.Values{
		"types":      {"LORA", "Checkpoint"},
		"baseModels": {"SDXL 1.0"},
		"sort":       {"Most Downloaded"},
		"page":       {"2"},
		"cursor":     {"x"},
		"limit":      {"5"},
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
		{"https://civitai.com", 0, nil, "https://civitai.com/api/v1/models?limit=100"},
		{"https://civitai.com/", 20, nil, "https://civitai.com/api/v1/models?limit=20"},
		{"http://127.0.0.1:9", 500, nil, "http://127.0.0.1:9/api/v1/models?limit=100"},
		{"https://civitai.com", 0, q, "https://civitai.com/api/v1/models?baseModels=SDXL+1.0&limit=100&sort=Most+Downloaded&types=LORA&types=Checkpoint"},
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

// hubPage is one canned response of the fake hub, keyed by the cursor of
// the request that gets it ("" for the first page).
type hubPage struct {
	items    []json.RawMessage
	cursor   any    // metadata.nextCursor; nil: omitted
	nextPage string // metadata.nextPage; "{srv}" is replaced by the server URL
}

// fakeHub serves pages by cursor and records every request's query.
type fakeHub struct {
	srv   *httptest.Server
	pages map[string]hubPage
	mu    sync.Mutex
	seen  []url.Values
}

func newFakeHub(t *testing.T, pages map[string]hubPage) *fakeHub {
	h := &fakeHub{pages: pages}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != ListPath {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		h.mu.Lock()
		h.seen = append(h.seen, q)
		h.mu.Unlock()
		p, ok := h.pages[q.Get("cursor")]
		if !ok {
			http.Error(w, `{"error":"unknown cursor"}`, http.StatusBadRequest)
			return
		}
		md := map[string]any{}
		if p.cursor != nil {
			md["nextCursor"] = p.cursor
		}
		if p.nextPage != "" {
			md["nextPage"] = strings.ReplaceAll(p.nextPage, "{srv}", h.srv.URL)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(map[string]any{"items": p.items, "metadata": md})
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *fakeHub) queries() []url.Values {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.seen
}

// collect paginates from first to the end (at most 10 pages) and returns the
// ids in order.
func collect(t *testing.T, c *Client, first string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var ids []string
	next := first
	for range 10 {
		p, err := c.Page(ctx, next)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range p.Models {
			ids = append(ids, m.ID)
		}
		if p.Next == "" {
			return ids
		}
		next = p.Next
	}
	t.Fatal("more than 10 pages")
	return nil
}

func sampleItems(t *testing.T) []json.RawMessage {
	var r struct{ Items []json.RawMessage }
	if err := json.Unmarshal(readSample(t, "civitai-models-page.json"), &r); err != nil {
		t.Fatal(err)
	}
	return append(r.Items, readSample(t, "civitai-model-item-2025.json"))
}

func TestPagination(t *testing.T) {
	it := sampleItems(t)
	filter := url.Values{"types": {"LORA", "Checkpoint"}, "sort": {"Highest Rated"}}
	tests := []struct {
		name    string
		pages   map[string]hubPage
		want    []string
		cursors []string     // cursor of each request
		extra   []url.Values // a param each request must carry, when set
	}{
		{
			name: "nextCursor strings",
			pages: map[string]hubPage{
				"":                   {items: it[0:1], cursor: "22138|364671|25494"},
				"22138|364671|25494": {items: it[1:2], cursor: "76:341:146864"},
				"76:341:146864":      {items: it[2:4], cursor: nil},
			},
			want:    []string{"43331", "4468", "4201", "140272"},
			cursors: []string{"", "22138|364671|25494", "76:341:146864"},
		},
		{
			name: "nextPage followed",
			pages: map[string]hubPage{
				"":   {items: it[0:2], cursor: "c1", nextPage: "{srv}/api/v1/models?limit=100&page=1&types=LORA&types=Checkpoint&via=np&cursor=c1"},
				"c1": {items: it[2:3], cursor: "c2", nextPage: "{srv}/api/v1/models?via=np2&types=LORA&cursor=c2"},
				"c2": {items: it[3:4]},
			},
			want:    []string{"43331", "4468", "4201", "140272"},
			cursors: []string{"", "c1", "c2"},
			extra:   []url.Values{nil, {"via": {"np"}}, {"via": {"np2"}}},
		},
		{
			name: "numeric cursor and null",
			pages: map[string]hubPage{
				"":       {items: it[0:1], cursor: 146864},
				"146864": {items: it[1:2], cursor: json.RawMessage("null")},
			},
			want:    []string{"43331", "4468"},
			cursors: []string{"", "146864"},
		},
		{
			name: "an empty page's cursor is passed on (the pipeline reports the page and stops)",
			pages: map[string]hubPage{
				"":  {items: it[0:3], cursor: "x"},
				"x": {items: []json.RawMessage{}, cursor: "y"},
				"y": {items: it[3:4]},
			},
			want:    []string{"43331", "4468", "4201", "140272"},
			cursors: []string{"", "x", "y"},
		},
		{
			// Another host, as the real API names api.civitai.com; a loopback
			// one, so that a regression fails here instead of going out.
			name: "nextPage on a foreign host is not followed",
			pages: map[string]hubPage{
				"":  {items: it[0:1], cursor: "z", nextPage: "http://127.0.0.2:1/api/v1/models?cursor=z"},
				"z": {items: it[1:2]},
			},
			want:    []string{"43331", "4468"},
			cursors: []string{"", "z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newFakeHub(t, tt.pages)
			c := &Client{Fetch: &fetch.Client{}, Endpoint: h.srv.URL}
			got := collect(t, c, c.FirstURL(filter))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
			qs := h.queries()
			if len(qs) != len(tt.cursors) {
				t.Fatalf("%d requests, want %d: %v", len(qs), len(tt.cursors), qs)
			}
			for i, q := range qs {
				if q.Get("cursor") != tt.cursors[i] {
					t.Errorf("request %d cursor = %q, want %q", i, q.Get("cursor"), tt.cursors[i])
				}
				if (i == 0 || tt.extra == nil) && !reflect.DeepEqual(q["types"], []string{"LORA", "Checkpoint"}) {
					t.Errorf("request %d types = %q, want repeated LORA, Checkpoint", i, q["types"])
				}
				if i == 0 && (q.Get("limit") != "100" || q.Has("page") || q.Get("sort") != "Highest Rated") {
					t.Errorf("first request query = %v", q)
				}
				if i > 0 && tt.extra == nil && q.Has("page") {
					t.Errorf("request %d carries page: %v", i, q)
				}
				if tt.extra != nil {
					for k, v := range tt.extra[i] {
						if !reflect.DeepEqual(q[k], v) {
							t.Errorf("request %d %s = %q, want %q", i, k, q[k], v)
						}
					}
				}
			}
		})
	}
}

func TestPageRawQueryOnTheWire(t *testing.T) {
	var mu sync.Mutex
	var raw []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		raw = append(raw, r.URL.RawQuery)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"items":[{"id":1,"name":"a"}],"metadata":{"nextCursor":"a|b"}}`)
	}))
	defer srv.Close()
	c := &Client{Fetch: &fetch.Client{}, Endpoint: srv.URL, PageSize: 50}
	p, err := c.Page(t.Context(), c.FirstURL(url.Values{"types": {"LORA", "Checkpoint"}, "baseModels": {"Flux.1 D"}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Page(t.Context(), p.Next); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"baseModels=Flux.1+D&limit=50&types=LORA&types=Checkpoint",
		"baseModels=Flux.1+D&cursor=a%7Cb&limit=50&types=LORA&types=Checkpoint",
	}
	mu.Lock()
	defer mu.Unlock()
	if !reflect.DeepEqual(raw, want) {
		t.Errorf("raw queries:\n got %q\nwant %q", raw, want)
	}
}

func TestPageErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   []string // substrings of the error
	}{
		{"array", 200, "application/json", `[{"id":1}]`, []string{`expected object with "items"`, "got an array"}},
		{"html", 200, "text/html", `<!DOCTYPE html><script>window._cf_chl_opt={}</script>`, []string{"response is not JSON", "Cloudflare challenge"}},
		{"empty", 200, "application/json", ``, []string{`expected object with "items"`, "unexpected EOF"}},
		{"no items", 200, "application/json", `{"metadata":{}}`, []string{`no "items" key`}},
		{"error body", 200, "application/json", `{"error":{"name":"ZodError"}}`, []string{`got error {"name":"ZodError"}`}},
		{"items object", 200, "application/json", `{"items":{}}`, []string{`"items" is not an array`}},
		{"bad items", 200, "application/json", `{"items":[{"id":1},{"id":"2"},{"id":"3"}]}`, []string{"2 of 3 items malformed", "item 1: id: want a number, got a string"}},
		{"no ids", 200, "application/json", `{"items":[{"name":"n"},{"name":"m"}]}`, []string{"item 0", "no positive id"}},
		{"cut short in an item", 200, "application/json", `{"items":[{"id":1},{"id":2,"name":"x`, []string{"item 1", "unexpected EOF"}},
		{"broken item", 200, "application/json", `{"items":[{"id":1},{"id":2,"tags":["a" "b"]}]}`, []string{"item 1", "invalid JSON"}},
		{"bad cursor", 200, "application/json", `{"items":[{"id":1}],"metadata":{"nextCursor":[1]}}`, []string{"metadata", "nextCursor"}},
		{"bad commercial use", 200, "application/json", `{"items":[{"id":1,"allowCommercialUse":5},{"id":2,"allowCommercialUse":{}}]}`, []string{"item 0", "allowCommercialUse"}},
		{"http 429", 429, "application/json", `{"error":"You've requested too many pages, please use cursors instead"}`, []string{"civitai: GET", "429"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			c := &Client{Fetch: &fetch.Client{}, Endpoint: srv.URL}
			u := c.FirstURL(url.Values{"types": {"LORA"}})
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

// TestPageItemsNullIsEmpty: null items are an empty page; its cursor is
// passed on for the pipeline to report (an empty page announcing more).
func TestPageItemsNullIsEmpty(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"items":null,"metadata":{"nextCursor":"a"}}`)
	}))
	defer srv.Close()
	c := &Client{Fetch: &fetch.Client{}, Endpoint: srv.URL}
	p, err := c.Page(t.Context(), c.FirstURL(nil))
	if err != nil || len(p.Models) != 0 || !strings.HasSuffix(p.Next, "?cursor=a&limit=100") {
		t.Errorf("Page = %+v, %v; want an empty page with its next URL", p, err)
	}
}

func TestPageNilFetch(t *testing.T) {
	c := &Client{Endpoint: "http://127.0.0.1:1"}
	if _, err := c.Page(t.Context(), c.FirstURL(nil)); err == nil || !strings.Contains(err.Error(), "Fetch is nil") {
		t.Errorf("err = %v", err)
	}
}
