package civitai

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
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
	hubSDXL := renderedPage(t, "https://civitai.test/api/v1/models?limit=100&sort=Newest&nsfw=true&baseModels=SDXL+1.0")
	const (
		any  = "https://civitai.test/api/v1/models?limit=100"
		sdxl = "https://civitai.test/api/v1/models?limit=100&baseModels=Pony&baseModels=SDXL+1.0"
	)
	bodies := []struct {
		name, url string
		body      []byte
	}{
		{"sample", any, sample},
		{"2025 item", any, []byte(`{"items":[` + string(item) + `],"metadata":{"nextCursor":"a|b"}}`)},
		{"2025 item for SDXL", sdxl, []byte(`{"items":[` + string(item) + `],"metadata":{"nextCursor":"a|b"}}`)},
		{"hub page", any, hubPage},
		{"hub page for SDXL", sdxl, hubSDXL},
	}
	for _, b := range bodies {
		name, u, body := b.name, b.url, b.body
		got, err := decodePage(u, bytes.NewReader(body), origin.Rule{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var lr ListResponse
		if err := json.Unmarshal(body, &lr); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := Page{Models: []manifest.Model{}}
		bases, _ := url.ParseQuery(u[strings.IndexByte(u, '?')+1:])
		for i := range lr.Items {
			want.Models = append(want.Models, lr.Items[i].Manifest(bases["baseModels"]))
		}
		if want.Next, err = nextURL(u, lr.Metadata, origin.Rule{}); err != nil {
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
		for _, typ := range []string{"LORA", "Checkpoint", "TextualInversion", "LoCon", "Controlnet", "LORA SDXL 1.0", "Checkpoint Pony"} {
			q := url.Values{"limit": {"100"}, "nsfw": {"true"}, "sort": {sort}, "types": {typ}}
			if typ, base, ok := strings.Cut(typ, " "); ok {
				q.Set("types", typ)
				q.Set("baseModels", base)
			}
			u := "https://civitai.test/api/v1/models?" + q.Encode()
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
				if err != nil || werr != nil || !samePage(got, want) || len(got.Skipped) > 0 {
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

// TestDecodeSkipsMalformedItems: an item whose read members have the wrong
// type is left out and named, the rest of the page kept; members the output
// never reads cannot make an item malformed.
func TestDecodeSkipsMalformedItems(t *testing.T) {
	const good = `{"id":1,"name":"ok"}`
	tests := []struct {
		name    string
		bad     string // the second of three items
		skipped string // its Reason, or "" when it is kept
		id      string // its id in Skipped
	}{
		{"wrong id type", `{"id":"2"}`, "id: want a number, got a string", ""},
		{"no id", `{"name":"n"}`, "no positive id", ""},
		{"null item", `null`, "no positive id", ""},
		{"not an object", `[2]`, "item: want an object, got an array", ""},
		{"tag of wrong type", `{"id":2,"tags":["a",3]}`, "tags: want a string, got a number", "2"},
		{"stats not an object", `{"stats":5,"id":2}`, "stats: want an object, got a number", "2"},
		{"permission not a bool", `{"id":2,"allowDerivatives":"yes"}`, "allowDerivatives: want a boolean, got a string", "2"},
		{"selected version's file", `{"id":2,"modelVersions":[{"files":[{"sizeKB":"1"}]}]}`, "modelVersions: files: sizeKB: want a number, got a string", "2"},
		{"selected version's image level", `{"id":2,"modelVersions":[{"images":[{"nsfwLevel":[1]}]}]}`, "modelVersions: images: nsfwLevel: want a number, got an array", "2"},
		{"base model of any version", `{"id":2,"modelVersions":[{},{"baseModel":7}]}`, "modelVersions: baseModel: want a string, got a number", "2"},
		// Kept: what the output never reads.
		{"unread member", `{"id":2,"description":{"html":[1,2]},"poi":"maybe","cosmetic":7}`, "", ""},
		{"unread member of a version", `{"id":2,"modelVersions":[{"trainedWords":5,"stats":"x","files":[{"hashes":1,"sizeKB":1}]}]}`, "", ""},
		{"files of a version after the selected one", `{"id":2,"modelVersions":[{"baseModel":"A"},{"baseModel":"B","files":"x","images":7}]}`, "", ""},
	}
	for _, tt := range tests {
		body := `{"items":[` + good + `,` + tt.bad + `,{"id":3}],"metadata":{"nextCursor":"c"}}`
		p, err := decodePage("https://civitai.test/api/v1/models?limit=3", strings.NewReader(body), origin.Rule{})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if p.Next == "" {
			t.Errorf("%s: the page lost its next URL", tt.name)
		}
		if tt.skipped == "" {
			if len(p.Models) != 3 || len(p.Skipped) != 0 {
				t.Errorf("%s: %d models, skipped %+v; want all 3 kept", tt.name, len(p.Models), p.Skipped)
			}
			continue
		}
		want := []manifest.SkippedItem{{Position: 1, ID: tt.id, Reason: tt.skipped}}
		if len(p.Models) != 2 || p.Models[0].ID != "1" || p.Models[1].ID != "3" || !reflect.DeepEqual(p.Skipped, want) {
			t.Errorf("%s: models %d, skipped %+v; want %+v", tt.name, len(p.Models), p.Skipped, want)
		}
	}
}
