package civitai

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func TestManifestFromSamples(t *testing.T) {
	var r ListResponse
	if err := json.Unmarshal(readSample(t, "civitai-models-page.json"), &r); err != nil {
		t.Fatal(err)
	}
	var item Model
	if err := json.Unmarshal(readSample(t, "civitai-model-item-2025.json"), &item); err != nil {
		t.Fatal(err)
	}
	got := []manifest.Model{r.Items[0].Manifest(), r.Items[1].Manifest(), r.Items[2].Manifest(), item.Manifest()}

	want0 := manifest.Model{
		ID:        "43331",
		Name:      "majicMIX realistic 麦橘写实",
		Author:    "Merjic",
		Downloads: 802158,
		Likes:     52554,
		Tags:      []string{"base model", "asian", "realistic", "photoralistic"},
		Type:      "Checkpoint",
		URL:       "https://civitai.com/models/43331",
		License:   "Image",
		BaseModel: "SD 1.5",
		SizeBytes: 2132625894, // 2082642.474609375 KB
		Preview:   "https://image.civitai.com/xG1nkqKTMzGDvpLrqFT7WA/4fd40408-f963-4d2d-8caa-8d3f176139cf/width=450/2805533.jpeg",
		CreatedAt: "2023-10-05T13:31:16.745",
	}
	if !reflect.DeepEqual(got[0], want0) {
		t.Errorf("item 43331:\n got %+v\nwant %+v", got[0], want0)
	}

	tests := []struct {
		i                               int
		id, author, license, base, date string
		size, downloads, likes          int64
	}{
		// 4468: the first file is not primary; the second one is (4144652.37109375 KB).
		{1, "4468", "rqdwdw", "Image,RentCivit", "SD 1.5", "2023-04-28T19:32:30.819", 4244124028, 329809, 40419},
		{2, "4201", "SG_161222", "Image,Rent,RentCivit", "SD 1.5 Hyper", "2024-05-12T06:24:13.109", 2132625894, 1152396, 39749},
		{3, "140272", "Ikena", "Image,Rent,RentCivit", "Illustrious", "2025-07-15T02:17:06.358Z", 6938040448, 234606, 20546},
	}
	for _, tt := range tests {
		m := got[tt.i]
		if m.ID != tt.id || m.Author != tt.author || m.License != tt.license || m.BaseModel != tt.base ||
			m.CreatedAt != tt.date || m.SizeBytes != tt.size || m.Downloads != tt.downloads || m.Likes != tt.likes ||
			m.URL != "https://civitai.com/models/"+tt.id || m.Preview == "" || m.NSFW {
			t.Errorf("item %s: got %+v", tt.id, m)
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
			in:   `{"id":7,"name":"x","creator":null,"stats":null,"tags":null,"allowCommercialUse":null,"modelVersions":[],"nsfw":true}`,
			want: manifest.Model{ID: "7", Name: "x", Tags: []string{}, NSFW: true, URL: "https://civitai.com/models/7"},
		},
		{
			name: "no primary file, no images",
			in: `{"id":8,"name":"y","type":"LORA","modelVersions":[{"baseModel":"Pony","publishedAt":null,
				"files":[{"sizeKB":1.5},{"sizeKB":2}],"images":[]}]}`,
			want: manifest.Model{ID: "8", Name: "y", Tags: []string{}, Type: "LORA", URL: "https://civitai.com/models/8",
				BaseModel: "Pony", SizeBytes: 1536},
		},
		{
			name: "negative size ignored",
			in:   `{"id":9,"name":"z","modelVersions":[{"files":[{"sizeKB":-3,"primary":true}]}]}`,
			want: manifest.Model{ID: "9", Name: "z", Tags: []string{}, URL: "https://civitai.com/models/9"},
		},
	}
	for _, tt := range tests {
		var m Model
		if err := json.Unmarshal([]byte(tt.in), &m); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := m.Manifest(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}
