package civitai

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// BenchmarkDecodePage decodes one list page into manifest models: the real
// sample page, and a full page of 100 models as the embedded hub renders
// it (about 400 KB).
func BenchmarkDecodePage(b *testing.B) {
	sample, err := os.ReadFile("testdata/civitai-models-page.json")
	if err != nil {
		b.Fatal(err)
	}
	full := renderedPage(b, "https://civitai.test/api/v1/models?limit=100&sort=Most+Downloaded&nsfw=true")
	for _, bc := range []struct {
		name string
		body []byte
	}{{"sample", sample}, {"hub-100", full}} {
		b.Run(bc.name, func(b *testing.B) {
			const u = "https://civitai.test/api/v1/models"
			b.SetBytes(int64(len(bc.body)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := decodePage(u, bytes.NewReader(bc.body), origin.Rule{})
				if err != nil || len(p.Models) == 0 {
					b.Fatalf("%d models, %v", len(p.Models), err)
				}
			}
		})
	}
}

// renderedPage returns the body the embedded hub answers to u.
func renderedPage(b testing.TB, u string) []byte {
	b.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := hub.New(hub.Options{}).Transport().RoundTrip(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d %v", u, resp.StatusCode, err)
	}
	return body
}

// BenchmarkPage fetches and decodes a full hub page from a loopback server
// per iteration: what one request costs the client, allocations included
// (the body is streamed into the decoder, never held whole).
func BenchmarkPage(b *testing.B) {
	body := renderedPage(b, "https://civitai.test/api/v1/models?limit=100&sort=Most+Downloaded&nsfw=true")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c := &Client{Fetch: &fetch.Client{}, Endpoint: srv.URL}
	u := c.FirstURL(nil)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.Page(b.Context(), u)
		if err != nil || len(p.Models) != 100 {
			b.Fatalf("%d models, %v", len(p.Models), err)
		}
	}
}
