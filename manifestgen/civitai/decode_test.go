package civitai

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestStreamDecodeMatchesFullDecode: the streaming decode of the fields the
// output needs gives the same models and next page as encoding/json's full
// typed decode of the page, on the real samples and on a full page of the
// embedded hub.
func TestStreamDecodeMatchesFullDecode(t *testing.T) {
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
		const u = "https://civitai.test/api/v1/models?limit=100"
		got, err := decodePage(u, bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var lr ListResponse
		if err := json.Unmarshal(body, &lr); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := Page{Models: []manifest.Model{}}
		for i := range lr.Items {
			want.Models = append(want.Models, lr.Items[i].Manifest())
		}
		if want.Next, err = nextURL(u, lr.Metadata, len(lr.Items)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got.Models) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: streaming decode differs from the full one:\ngot  %+v\nwant %+v", name, got, want)
		}
	}
}
