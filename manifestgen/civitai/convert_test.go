package civitai

import (
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func ptr[T any](v T) *T { return &v }

func TestManifestFromSamples(t *testing.T) {
	var r ListResponse
	if err := json.Unmarshal(readSample(t, "civitai-models-page.json"), &r); err != nil {
		t.Fatal(err)
	}
	var item Model
	if err := json.Unmarshal(readSample(t, "civitai-model-item-2025.json"), &item); err != nil {
		t.Fatal(err)
	}
	got := r.Items[0].Manifest(nil)
	want0 := manifest.Model{
		ID:                    "43331",
		Name:                  "majicMIX realistic 麦橘写实",
		Author:                "Merjic",
		Downloads:             802158,
		Likes:                 52554,
		Tags:                  []string{"base model", "asian", "realistic", "photoralistic"},
		Type:                  "Checkpoint",
		URL:                   "https://civitai.com/models/43331",
		CommercialUse:         []string{"Image"},
		AllowNoCredit:         ptr(true),
		AllowDerivatives:      ptr(true),
		AllowDifferentLicense: ptr(true),
		VersionID:             176425,
		BaseModel:             "SD 1.5",
		BaseModels:            []string{"SD 1.5"},
		SizeBytes:             2132625894, // 2082642.474609375 KB
		DownloadURL:           "https://civitai.com/api/download/models/176425",
		CreatedAt:             "2023-10-05T13:31:16.745",
		UpdatedAt:             "2023-11-11T16:15:55.231",
		PreviewCandidates: []manifest.Preview{{URL: "https://image.civitai.com/xG1nkqKTMzGDvpLrqFT7WA/4fd40408-f963-4d2d-8caa-8d3f176139cf/width=450/2805533.jpeg",
			Width: 1024, Height: 1536, Type: "image", NSFWLevel: 1}},
	}
	if !reflect.DeepEqual(got, want0) {
		t.Errorf("item 43331:\n got %+v\nwant %+v", got, want0)
	}

	tests := []struct {
		name                string
		m                   *Model
		bases               []string
		version             int64
		base                string
		bases2              []string
		commercial          []string
		noCredit, derivs    bool
		created, updated    string
		size                int64
		download            string
		previewPG, previewX string // URL suffixes
	}{
		// 4468: the newest version's first file is not primary, the second is
		// (4144652.37109375 KB); the versions are listed newest first.
		{"4468", &r.Items[1], nil, 57618, "SD 1.5", []string{"SD 1.5"}, []string{"Image", "RentCivit"}, true, true,
			"2023-01-13T12:20:13.947", "2023-04-28T19:32:30.819", 4244124028, "https://civitai.com/api/download/models/57618", "625765.jpeg", "625765.jpeg"},
		// 4201: the second-listed version was published later; its first
		// image is PG13, so a PG listing takes the second.
		{"4201", &r.Items[2], nil, 501240, "SD 1.5 Hyper", []string{"SD 1.5 Hyper"}, []string{"Image", "RentCivit", "Rent"}, false, true,
			"2024-05-12T06:24:13.109", "2024-05-12T07:02:08.427", 2132625894, "https://civitai.com/api/download/models/501240", "12221824.jpeg", "12221833.jpeg"},
		// 140272, newest version: Illustrious; commercial use in another order.
		{"140272 newest", &item, nil, 2010753, "Illustrious", []string{"Illustrious", "SDXL 1.0"}, []string{"Image", "RentCivit", "Rent"}, false, true,
			"2023-11-13T03:24:48.258Z", "2025-07-15T02:17:06.358Z", 6938040448, "https://civitai.com/api/download/models/2010753", "88306955.jpeg", "88306953.jpeg"},
		// 140272 listed for SDXL 1.0: its SDXL version, whose images are all PG13.
		{"140272 sdxl", &item, []string{"Pony", "SDXL 1.0"}, 223144, "SDXL 1.0", []string{"Illustrious", "SDXL 1.0"}, []string{"Image", "RentCivit", "Rent"}, false, true,
			"2023-11-13T03:24:48.258Z", "2025-07-15T02:17:06.358Z", 7105375718, "https://civitai.com/api/download/models/223144", "", "3582978.jpeg"},
		// No version matches: the newest.
		{"140272 no match", &item, []string{"Flux.1 D"}, 2010753, "Illustrious", []string{"Illustrious", "SDXL 1.0"}, []string{"Image", "RentCivit", "Rent"}, false, true,
			"2023-11-13T03:24:48.258Z", "2025-07-15T02:17:06.358Z", 6938040448, "https://civitai.com/api/download/models/2010753", "88306955.jpeg", "88306953.jpeg"},
	}
	for _, tt := range tests {
		m := tt.m.Manifest(tt.bases)
		if m.VersionID != tt.version || m.BaseModel != tt.base || !slices.Equal(m.BaseModels, tt.bases2) ||
			!slices.Equal(m.CommercialUse, tt.commercial) || *m.AllowNoCredit != tt.noCredit || *m.AllowDerivatives != tt.derivs ||
			m.CreatedAt != tt.created || m.UpdatedAt != tt.updated || m.SizeBytes != tt.size || m.DownloadURL != tt.download || m.License != "" {
			t.Errorf("%s: got %+v", tt.name, m)
		}
		for allowance, suffix := range map[int]string{manifest.NSFWPG: tt.previewPG, manifest.NSFWX: tt.previewX} {
			p := manifest.PickPreview(m.PreviewCandidates, allowance)
			switch {
			case suffix == "" && p != nil:
				t.Errorf("%s: preview at %d: %+v, want none", tt.name, allowance, p)
			case suffix != "" && (p == nil || !strings.HasSuffix(p.URL, "/"+suffix) || p.NSFWLevel > allowance || p.Type != "image" || p.Width == 0):
				t.Errorf("%s: preview at %d: %+v, want .../%s", tt.name, allowance, p, suffix)
			}
		}
	}
}

func TestManifestSparse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want manifest.Model
	}{
		{
			name: "nulls and no versions",
			in:   `{"id":7,"name":"x","creator":null,"stats":null,"tags":null,"allowCommercialUse":null,"allowNoCredit":null,"modelVersions":[],"nsfw":true}`,
			want: manifest.Model{ID: "7", Name: "x", Tags: []string{}, NSFW: true, URL: "https://civitai.com/models/7"},
		},
		{
			name: "no primary file, no images, undated",
			in: `{"id":8,"name":"y","type":"LORA","modelVersions":[{"baseModel":"Pony","publishedAt":null,
				"files":[{"sizeKB":1.5,"downloadUrl":"http://127.0.0.1:9/api/download/models/8?type=Model"},{"sizeKB":2}],"images":[]}]}`,
			want: manifest.Model{ID: "8", Name: "y", Tags: []string{}, Type: "LORA", URL: "https://civitai.com/models/8",
				BaseModel: "Pony", BaseModels: []string{"Pony"}, SizeBytes: 1536, DownloadURL: "https://civitai.com/api/download/models/8?type=Model"},
		},
		{
			name: "negative size ignored, version download URL",
			in:   `{"id":9,"name":"z","modelVersions":[{"id":5,"downloadUrl":"https://api.civitai.com/api/download/models/5","files":[{"sizeKB":-3,"primary":true,"downloadUrl":"javascript:alert(1)"}]}]}`,
			want: manifest.Model{ID: "9", Name: "z", Tags: []string{}, URL: "https://civitai.com/models/9", VersionID: 5, DownloadURL: "https://civitai.com/api/download/models/5"},
		},
		{
			name: "permissions as a Postgres array, duplicates",
			in:   `{"id":10,"allowCommercialUse":"{Sell,Image,\"Image\",Rent}","allowDerivatives":false}`,
			want: manifest.Model{ID: "10", Tags: []string{}, URL: "https://civitai.com/models/10",
				CommercialUse: []string{"Image", "Rent", "Sell"}, AllowDerivatives: ptr(false)},
		},
		{
			name: "videos, unknown and blocked levels are never candidates; each candidate less explicit",
			in: `{"id":11,"modelVersions":[{"images":[{"url":"v","type":"video","nsfwLevel":1},{"url":"u","type":"image"},
				{"url":"b","type":"image","nsfwLevel":32},{"url":"x","type":"image","nsfwLevel":8},{"url":"x2","type":"image","nsfwLevel":12},
				{"url":"s","type":"image","nsfwLevel":"Soft","width":-1},{"url":"r","type":"image","nsfwLevel":4},{"url":"p","type":"image","nsfwLevel":1,"width":2,"height":3}]}]}`,
			want: manifest.Model{ID: "11", Tags: []string{}, URL: "https://civitai.com/models/11", PreviewCandidates: []manifest.Preview{
				{URL: "x", Type: "image", NSFWLevel: 8}, {URL: "s", Type: "image", NSFWLevel: 2}, {URL: "p", Width: 2, Height: 3, Type: "image", NSFWLevel: 1}}},
		},
		{
			name: "dates: timezone-less and zoned, unparseable ignored",
			in: `{"id":12,"modelVersions":[{"publishedAt":"2024-01-02T00:00:00Z","baseModel":"A"},{"publishedAt":"soon","baseModel":"B"},
				{"publishedAt":"2023-05-06T07:08:09.1","baseModel":"A"},{"publishedAt":"2024-03-01T00:00:00+02:00"}]}`,
			want: manifest.Model{ID: "12", Tags: []string{}, URL: "https://civitai.com/models/12", BaseModel: "A", BaseModels: []string{"A", "B"},
				CreatedAt: "2023-05-06T07:08:09.1", UpdatedAt: "2024-03-01T00:00:00+02:00"},
		},
	}
	for _, tt := range tests {
		var m Model
		if err := json.Unmarshal([]byte(tt.in), &m); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := m.Manifest(nil); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestPreviewAllowance(t *testing.T) {
	for q, want := range map[string]int{"": manifest.NSFWPG, "nsfw=false": manifest.NSFWPG, "nsfw=true": manifest.NSFWXXX, "nsfw=TRUE": manifest.NSFWPG} {
		if got := PreviewAllowance(mustQuery(t, q)); got != want {
			t.Errorf("%q: %d, want %d", q, got, want)
		}
	}
}

func mustQuery(t *testing.T, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
