package httpcache

import (
	"io"
	"net/http"
	"os"
	"testing"
)

const lastMod = "Tue, 04 Nov 2025 08:25:31 GMT"

func TestRevalidate(t *testing.T) {
	body := `[{"id":"moonshotai/Kimi-K2-Thinking"}]`
	tests := []struct {
		name     string
		etag, lm string
		wantINM  string
		wantIMS  string
	}{
		{name: "etag", etag: `"v1"`, wantINM: `"v1"`},
		{name: "weak etag", etag: `W/"abc"`, wantINM: `W/"abc"`},
		{name: "last-modified", lm: lastMod, wantIMS: lastMod},
		{name: "both", etag: `"v2"`, lm: lastMod, wantINM: `"v2"`, wantIMS: lastMod},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, validated(tc.etag, tc.lm, body, nil))
			tr := newTransport(t, o)

			first := get(t, tr, o.URL+"/api/models?limit=2")
			if first.status != 200 || first.body != body || first.err != nil {
				t.Fatalf("first: %d %q %v", first.status, first.body, first.err)
			}
			if first.header.Get(MarkerHeader) != "" {
				t.Errorf("first response carries the marker")
			}
			if h, _ := o.last(); h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
				t.Errorf("first request was conditional: %v", h)
			}
			checkEntry(t, onlyEntry(t, tr.Dir))

			second := get(t, tr, o.URL+"/api/models?limit=2")
			h, n := o.last()
			if n != 2 {
				t.Fatalf("origin saw %d requests, want 2", n)
			}
			if got := h.Get("If-None-Match"); got != tc.wantINM {
				t.Errorf("If-None-Match = %q, want %q", got, tc.wantINM)
			}
			if got := h.Get("If-Modified-Since"); got != tc.wantIMS {
				t.Errorf("If-Modified-Since = %q, want %q", got, tc.wantIMS)
			}
			if second.status != 200 || second.body != body || second.err != nil {
				t.Fatalf("second: %d %q %v", second.status, second.body, second.err)
			}
			if got := second.header.Get(MarkerHeader); got != "revalidated" {
				t.Errorf("marker = %q", got)
			}
			if got := second.header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q (from the entry)", got)
			}
			want := Stats{Hits304: 1, Misses: 1, Stored: 1}
			if got := tr.Stats(); got != want {
				t.Errorf("stats = %+v, want %+v", got, want)
			}
		})
	}
}

// A 304's headers update the stored ones: its RateLimit wins, a Link it
// lacks comes from the entry, a Link it has replaces the stored one.
func TestRevalidateMergesHeaders(t *testing.T) {
	const link = `<https://huggingface.co/api/models?cursor=abc>; rel="next"`
	tests := []struct {
		name     string
		link304  string
		wantLink string
	}{
		{name: "link from entry", wantLink: link},
		{name: "link from 304", link304: `<https://x/next2>; rel="next"`, wantLink: `<https://x/next2>; rel="next"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("ETag", `"e1"`)
				if r.Header.Get("If-None-Match") == `"e1"` {
					w.Header().Set("RateLimit", `"api";r=488;t=100`)
					w.Header().Set("RateLimit-Policy", `"fixed window";"api";q=500;w=300`)
					if tc.link304 != "" {
						w.Header().Set("Link", tc.link304)
					}
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("RateLimit", `"api";r=489;t=189`)
				w.Header().Set("RateLimit-Policy", `"fixed window";"api";q=500;w=300`)
				w.Header().Set("Link", link)
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Set-Cookie", "s=1")
				io.WriteString(w, `[]`)
			})
			tr := newTransport(t, o)
			get(t, tr, o.URL+"/api/models")
			m := checkEntry(t, onlyEntry(t, tr.Dir))
			for _, h := range []string{"RateLimit", "RateLimit-Policy", "Set-Cookie", "Date", "Content-Length"} {
				if _, ok := m.Header[h]; ok {
					t.Errorf("entry stores %s", h)
				}
			}
			r := get(t, tr, o.URL+"/api/models")
			if r.status != 200 || r.body != `[]` {
				t.Fatalf("got %d %q", r.status, r.body)
			}
			if got := r.header.Get("RateLimit"); got != `"api";r=488;t=100` {
				t.Errorf("RateLimit = %q, want the 304's", got)
			}
			if got := r.header.Get("Link"); got != tc.wantLink {
				t.Errorf("Link = %q, want %q", got, tc.wantLink)
			}
			if got := r.header.Get("Content-Length"); got != "" {
				t.Errorf("Content-Length from the 304 leaked: %q", got)
			}
		})
	}
}

func TestBypass(t *testing.T) {
	tests := []struct {
		name   string
		method string
		hdr    http.Header
	}{
		{name: "POST", method: http.MethodPost},
		{name: "HEAD", method: http.MethodHead},
		{name: "Range", method: http.MethodGet, hdr: http.Header{"Range": {"bytes=0-1"}}},
		{name: "caller If-None-Match", method: http.MethodGet, hdr: http.Header{"If-None-Match": {`"x"`}}},
		{name: "caller If-Modified-Since", method: http.MethodGet, hdr: http.Header{"If-Modified-Since": {lastMod}}},
		{name: "request no-store", method: http.MethodGet, hdr: http.Header{"Cache-Control": {"no-store"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, validated(`"v1"`, "", "body", nil))
			tr := newTransport(t, o)
			// A stored entry for the URL must neither be used nor touched.
			get(t, tr, o.URL+"/a")
			path := onlyEntry(t, tr.Dir)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				r := do(t, tr, tc.method, o.URL+"/a", tc.hdr)
				if r.header.Get(MarkerHeader) != "" {
					t.Errorf("bypassed request was answered from the cache")
				}
				h, _ := o.last()
				if tc.hdr.Get("If-None-Match") == "" && h.Get("If-None-Match") != "" {
					t.Errorf("cache added If-None-Match to a bypassed request")
				}
			}
			after, err := os.ReadFile(path)
			if err != nil || string(after) != string(before) {
				t.Errorf("entry changed by bypassed requests (err %v)", err)
			}
			if got := tr.Stats().Bypassed; got != 2 {
				t.Errorf("Bypassed = %d, want 2", got)
			}
		})
	}
}

func TestNoDirPassesThrough(t *testing.T) {
	o := newOrigin(t, validated(`"v1"`, "", "body", nil))
	tr := &Transport{Base: o.Client().Transport}
	for range 2 {
		if r := get(t, tr, o.URL+"/a"); r.header.Get(MarkerHeader) != "" || r.body != "body" {
			t.Fatalf("got %+v", r)
		}
	}
	if h, _ := o.last(); h.Get("If-None-Match") != "" {
		t.Errorf("conditional request without a cache dir")
	}
	if got := tr.Stats(); got.Bypassed != 2 || got.Stored != 0 {
		t.Errorf("stats = %+v", got)
	}
}

// Responses that must not be stored leave no entry and remove the one they
// supersede.
func TestNotStored(t *testing.T) {
	tests := []struct {
		name string
		h    http.Header
	}{
		{name: "no-store", h: http.Header{"Etag": {`"v2"`}, "Cache-Control": {"private, no-store"}}},
		{name: "no-store uppercase", h: http.Header{"Etag": {`"v2"`}, "Cache-Control": {"No-Store"}}},
		{name: "no validator", h: http.Header{"Cache-Control": {"public, s-maxage=300"}}},
		{name: "vary star", h: http.Header{"Etag": {`"v2"`}, "Vary": {"*"}}},
		{name: "encoded body", h: http.Header{"Etag": {`"v2"`}, "Content-Encoding": {"br"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, validated(`"v1"`, "", "old", nil))
			tr := newTransport(t, o)
			get(t, tr, o.URL+"/a")
			onlyEntry(t, tr.Dir)

			o.setHandler(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.h {
					w.Header()[k] = v
				}
				io.WriteString(w, "new")
			})
			if r := get(t, tr, o.URL+"/a"); r.body != "new" || r.status != 200 {
				t.Fatalf("got %d %q", r.status, r.body)
			}
			if es := entries(t, tr.Dir); len(es) != 0 {
				t.Errorf("entry kept after a non-storable 200")
			}
			// Fresh cache: not stored in the first place.
			tr2 := newTransport(t, o)
			get(t, tr2, o.URL+"/a")
			if es := entries(t, tr2.Dir); len(es) != 0 {
				t.Errorf("non-storable 200 stored")
			}
			if s := tr2.Stats(); s.Stored != 0 || s.Misses != 1 {
				t.Errorf("stats = %+v", s)
			}
		})
	}
}

// no-store on a 304: the stored body is still the answer, but the entry goes.
func TestNoStoreOn304(t *testing.T) {
	o := newOrigin(t, validated(`"v1"`, "", "body", nil))
	tr := newTransport(t, o)
	get(t, tr, o.URL+"/a")
	o.setHandler(validated(`"v1"`, "", "body", http.Header{"Cache-Control": {"no-store"}}))
	r := get(t, tr, o.URL+"/a")
	if r.body != "body" || r.header.Get(MarkerHeader) != "revalidated" || r.err != nil {
		t.Fatalf("got %+v", r)
	}
	if es := entries(t, tr.Dir); len(es) != 0 {
		t.Errorf("entry kept after 304 with no-store")
	}
}

// Statuses other than 200 and 304 pass through and keep the entry.
func TestOtherStatusKeepsEntry(t *testing.T) {
	for _, status := range []int{404, 429, 500, 503} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			o := newOrigin(t, validated(`"v1"`, "", "body", nil))
			tr := newTransport(t, o)
			get(t, tr, o.URL+"/a")
			o.setHandler(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("ETag", `"err"`)
				w.Header().Set("Retry-After", "3")
				w.WriteHeader(status)
				io.WriteString(w, `{"error":"x"}`)
			})
			r := get(t, tr, o.URL+"/a")
			if r.status != status || r.body != `{"error":"x"}` || r.header.Get("Retry-After") != "3" {
				t.Fatalf("got %+v", r)
			}
			if m := checkEntry(t, onlyEntry(t, tr.Dir)); m.Header.Get("ETag") != `"v1"` {
				t.Errorf("entry replaced by a %d", status)
			}
			o.setHandler(validated(`"v1"`, "", "body", nil))
			if r := get(t, tr, o.URL+"/a"); r.header.Get(MarkerHeader) != "revalidated" {
				t.Errorf("entry not used after a %d", status)
			}
		})
	}
}

// A changed resource: the revalidation gets a 200, which replaces the entry.
func TestChangedReplacesEntry(t *testing.T) {
	o := newOrigin(t, validated(`"v1"`, "", "one", nil))
	tr := newTransport(t, o)
	get(t, tr, o.URL+"/a")
	o.setHandler(validated(`"v2"`, "", "two", nil))
	if r := get(t, tr, o.URL+"/a"); r.body != "two" || r.header.Get(MarkerHeader) != "" {
		t.Fatalf("got %+v", r)
	}
	if h, _ := o.last(); h.Get("If-None-Match") != `"v1"` {
		t.Errorf("revalidation sent If-None-Match %q", h.Get("If-None-Match"))
	}
	if m := checkEntry(t, onlyEntry(t, tr.Dir)); m.Header.Get("ETag") != `"v2"` {
		t.Errorf("entry ETag = %q, want v2", m.Header.Get("ETag"))
	}
	if r := get(t, tr, o.URL+"/a"); r.body != "two" || r.header.Get(MarkerHeader) != "revalidated" {
		t.Fatalf("got %+v", r)
	}
	if s := tr.Stats(); s != (Stats{Hits304: 1, Changed: 1, Misses: 1, Stored: 2}) {
		t.Errorf("stats = %+v", s)
	}
}

// A 304 that names another ETag cannot be answered from the entry: the
// request is repeated without conditions.
func TestMismatched304Refetches(t *testing.T) {
	o := newOrigin(t, validated(`"v1"`, "", "one", nil))
	tr := newTransport(t, o)
	get(t, tr, o.URL+"/a")
	o.setHandler(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v9"`)
		if r.Header.Get("If-None-Match") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, "nine")
	})
	r := get(t, tr, o.URL+"/a")
	if r.body != "nine" || r.header.Get(MarkerHeader) != "" {
		t.Fatalf("got %+v", r)
	}
	if _, n := o.last(); n != 3 {
		t.Errorf("origin saw %d requests, want 3", n)
	}
}

// Vary: a request whose varied header differs does not use the entry.
func TestVary(t *testing.T) {
	o := newOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		etag := `"` + r.Header.Get("Accept") + `"`
		w.Header().Set("Vary", "Accept")
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, "for "+r.Header.Get("Accept"))
	})
	tr := newTransport(t, o)
	js := http.Header{"Accept": {"application/json"}}
	do(t, tr, http.MethodGet, o.URL+"/a", js)
	r := do(t, tr, http.MethodGet, o.URL+"/a", http.Header{"Accept": {"text/plain"}})
	if h, _ := o.last(); h.Get("If-None-Match") != "" {
		t.Errorf("entry for another Accept was revalidated")
	}
	if r.body != "for text/plain" {
		t.Errorf("body = %q", r.body)
	}
	r = do(t, tr, http.MethodGet, o.URL+"/a", http.Header{"Accept": {"text/plain"}})
	if r.header.Get(MarkerHeader) != "revalidated" || r.body != "for text/plain" {
		t.Errorf("same Accept not revalidated: %+v", r)
	}
}
