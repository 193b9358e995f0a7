package huggingface

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/hub"
)

// BenchmarkDecodePage decodes one list page into manifest models: the real
// sample page, and a full page of 100 models as the embedded hub renders
// it (about 60 KB).
func BenchmarkDecodePage(b *testing.B) {
	sample, err := os.ReadFile("testdata/hf-models-page.json")
	if err != nil {
		b.Fatal(err)
	}
	full := renderedPage(b, "https://hf.test/api/models?limit=100&pipeline_tag=text-generation&sort=downloads&expand=author&expand=downloads&expand=likes&expand=tags&expand=pipeline_tag&expand=library_name&expand=createdAt&expand=safetensors&expand=gguf&expand=trendingScore&expand=private&expand=gated")
	for _, bc := range []struct {
		name string
		body []byte
	}{{"sample", sample}, {"hub-100", full}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.body)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := decodePage("https://hf.test/api/models", nil, bytes.NewReader(bc.body))
				if err != nil || len(p.Models) == 0 {
					b.Fatalf("%d models, %v", len(p.Models), err)
				}
			}
		})
	}
}

// renderedPage returns the body the embedded hub answers to u.
func renderedPage(b *testing.B, u string) []byte {
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
