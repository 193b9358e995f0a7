package civitai

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
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
		got, err := decodePage(u, bytes.NewReader(body), origin.Rule{})
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
		if want.Next, err = nextURL(u, lr.Metadata, len(lr.Items), origin.Rule{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got.Models) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: streaming decode differs from the full one:\ngot  %+v\nwant %+v", name, got, want)
		}
	}
}

// TestStreamDecodeMatchesOracleOnHubPages compares the streaming decode
// with oracleDecode on many pages of a scaled embedded hub: every sort and
// type, the first page and the next.
func TestStreamDecodeMatchesOracleOnHubPages(t *testing.T) {
	h := hub.New(hub.Options{Scale: 3})
	rt := h.Transport()
	n := 0
	for _, sort := range []string{"Highest Rated", "Most Downloaded", "Most Liked", "Newest", "Oldest"} {
		for _, typ := range []string{"LORA", "Checkpoint", "TextualInversion", "LoCon", "Controlnet"} {
			u := "https://civitai.test/api/v1/models?" + url.Values{"limit": {"100"}, "nsfw": {"true"}, "sort": {sort}, "types": {typ}}.Encode()
			for page := 0; page < 2 && u != ""; page++ {
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				resp, err := rt.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("%s: %d %v", u, resp.StatusCode, err)
				}
				got, err := decodePage(u, bytes.NewReader(body), origin.Rule{})
				want, werr := oracleDecode(u, body)
				if err != nil || werr != nil || !reflect.DeepEqual(got, want) {
					for i := range min(len(got.Models), len(want.Models)) {
						if !reflect.DeepEqual(got.Models[i], want.Models[i]) {
							t.Errorf("model %d:\n got %+v\nwant %+v", i, got.Models[i], want.Models[i])
						}
					}
					t.Fatalf("%s: decode %v, oracle %v; %d vs %d models, next %q vs %q", u, err, werr, len(got.Models), len(want.Models), got.Next, want.Next)
				}
				n += len(got.Models)
				u = got.Next
			}
		}
	}
	t.Logf("%d models compared", n)
}
