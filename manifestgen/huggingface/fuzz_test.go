package huggingface

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// FuzzDecodePage checks that any body and Link header decode to a page or
// an error, never a panic; that only valid JSON is accepted; and that a next
// URL, when there is one, follows a non-empty page and is absolute http(s).
func FuzzDecodePage(f *testing.F) {
	f.Add(readSample(f), hfDevLink)
	f.Add([]byte(`[{"id":"a/b-7B","gated":"manual","safetensors":{"parameters":{"BF16":1},"total":1},"gguf":{"total":2}}]`), `</api/models?cursor=x>; rel=next`)
	f.Add([]byte(`[]`), hfJSLink)
	f.Add([]byte(`{"error":"Invalid username or password."}`), "")
	const pageURL = "http://127.0.0.1:5/api/models?limit=2"
	f.Fuzz(func(t *testing.T, body []byte, link string) {
		p, err := decodePage(pageURL, http.Header{"Link": {link}}, bytes.NewReader(body))
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("invalid JSON accepted: %q", body)
		}
		for _, m := range p.Models {
			if m.ID == "" || m.URL != SiteURL+"/"+m.ID || m.Parameters < 0 {
				t.Fatalf("bad model %+v", m)
			}
		}
		if p.Next == "" {
			return
		}
		u, err := url.Parse(p.Next)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("next %q after %d models (%v)", p.Next, len(p.Models), err)
		}
	})
}

// decodePage decodes a page from its body and its response header, as
// Client.Page does: the page is the last when it has no Link rel="next".
func decodePage(pageURL string, header http.Header, body io.Reader) (Page, error) {
	models, skipped, err := decodeModels(body)
	if err != nil {
		return Page{}, err
	}
	p, err := page(pageURL, header, models, origin.Rule{})
	p.Skipped = skipped
	return p, err
}
