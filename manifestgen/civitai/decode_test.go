package civitai

import (
	"os"
	"reflect"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// TestFastDecodeMatchesFullDecode: the one-pass decode of the fields the
// output needs gives the same models and next page as the full typed
// decode, on the real samples and on a full page of the embedded hub.
func TestFastDecodeMatchesFullDecode(t *testing.T) {
	sample, err := os.ReadFile("testdata/civitai-models-page.json")
	if err != nil {
		t.Fatal(err)
	}
	item, err := os.ReadFile("testdata/civitai-model-item-2025.json")
	if err != nil {
		t.Fatal(err)
	}
	hubPage := renderedPage(t, "https://civitai.test/api/v1/models?limit=100&sort=Most+Downloaded&nsfw=true")
	bodies := map[string][]byte{
		"sample":    sample,
		"2025 item": []byte(`{"items":[` + string(item) + `],"metadata":{"nextCursor":"a|b"}}`),
		"hub page":  hubPage,
	}
	for name, body := range bodies {
		resp := &fetch.Response{URL: "https://civitai.test/api/v1/models?limit=100", Status: 200, Body: body}
		fast, err := decodePage(resp.URL, resp)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		full, err := decodePageSlow(resp.URL, resp)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(fast.Models) == 0 || !reflect.DeepEqual(fast, full) {
			t.Errorf("%s: fast decode differs from the full one:\nfast %+v\nfull %+v", name, fast, full)
		}
	}
}
