package hub

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// Build the shared snapshot outside any synctest bubble.
	civitai()
	huggingface()
	goleak.VerifyTestMain(m)
}

// base is the origin tests address the in-memory hub with.
const base = "http://hub.test"

// get sends a GET through the hub's in-memory transport and returns the
// response with its body read. hdr holds header name/value pairs.
func get(t testing.TB, h *Hub, rawURL string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := h.Transport().RoundTrip(req)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", rawURL, err)
	}
	return resp, body
}

// civURL builds a CivitAI list URL from name/value pairs.
func civURL(kv ...string) string { return base + "/api/v1/models?" + encodePairs(kv) }

// hfURL builds a Hugging Face list URL from name/value pairs.
func hfURL(kv ...string) string { return base + "/api/models?" + encodePairs(kv) }

func encodePairs(kv []string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, url.QueryEscape(kv[i])+"="+url.QueryEscape(kv[i+1]))
	}
	return strings.Join(parts, "&")
}

// civPage is the part of a CivitAI list body the tests look at.
type civPage struct {
	Items    []civItem `json:"items"`
	Metadata struct {
		NextCursor  json.RawMessage `json:"nextCursor"`
		NextPage    string          `json:"nextPage"`
		CurrentPage int             `json:"currentPage"`
		PageSize    int             `json:"pageSize"`
	} `json:"metadata"`
}

type civItem struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	NSFW    bool     `json:"nsfw"`
	Tags    []string `json:"tags"`
	Creator struct {
		Username string `json:"username"`
	} `json:"creator"`
	Stats struct {
		DownloadCount int64 `json:"downloadCount"`
	} `json:"stats"`
	ModelVersions []civItemVersion `json:"modelVersions"`
}

type civItemVersion struct {
	BaseModel   string `json:"baseModel"`
	PublishedAt string `json:"publishedAt"`
	Files       []struct {
		Primary bool `json:"primary"`
	} `json:"files"`
}

// hfItem is the part of a Hugging Face list item the tests look at.
type hfItem struct {
	ID          string   `json:"id"`
	Author      string   `json:"author"`
	Likes       int64    `json:"likes"`
	Trending    int64    `json:"trendingScore"`
	Downloads   int64    `json:"downloads"`
	Tags        []string `json:"tags"`
	PipelineTag string   `json:"pipeline_tag"`
	LibraryName string   `json:"library_name"`
	CreatedAt   string   `json:"createdAt"`
	Safetensors *struct {
		Parameters map[string]int64 `json:"parameters"`
		Total      int64            `json:"total"`
	} `json:"safetensors"`
	GGUF *struct {
		Total int64 `json:"total"`
	} `json:"gguf"`
}

func decode[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %.200s: %v", body, err)
	}
	return v
}

// walkCivitAI follows nextPage from first to the end and returns the pages.
func walkCivitAI(t testing.TB, h *Hub, first string) []civPage {
	t.Helper()
	var pages []civPage
	for next := first; next != ""; {
		resp, body := get(t, h, next)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, resp.StatusCode, body)
		}
		p := decode[civPage](t, body)
		pages = append(pages, p)
		next = p.Metadata.NextPage
		if len(pages) > 200 {
			t.Fatal("pagination does not end")
		}
	}
	return pages
}

// walkHF follows Link rel="next" from first to the end.
func walkHF(t testing.TB, h *Hub, first string) (items []hfItem, links []string) {
	t.Helper()
	for next := first; next != ""; {
		resp, body := get(t, h, next)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, resp.StatusCode, body)
		}
		items = append(items, decode[[]hfItem](t, body)...)
		next = ""
		if l := resp.Header.Get("Link"); l != "" {
			u, ok := strings.CutSuffix(l, `>; rel="next"`)
			if !ok || !strings.HasPrefix(u, "<") {
				t.Fatalf("bad Link header %q", l)
			}
			next = u[1:]
			links = append(links, next)
		}
		if len(links) > 200 {
			t.Fatal("pagination does not end")
		}
	}
	return items, links
}
