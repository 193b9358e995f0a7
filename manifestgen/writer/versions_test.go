package writer

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func TestFirstVersions(t *testing.T) {
	v := func(ids ...int64) []manifest.SelectedVersion {
		var out []manifest.SelectedVersion
		for _, id := range ids {
			out = append(out, manifest.SelectedVersion{ID: id})
		}
		return out
	}
	tests := []struct {
		all, ids []string
		versions []manifest.SelectedVersion
		want     []manifest.SelectedVersion
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, nil, nil},
		{[]string{"a", "b"}, []string{"a", "b"}, v(1, 2), v(1, 2)},
		{[]string{"a", "b", "a", "c"}, []string{"a", "b", "c"}, v(1, 2, 3, 4), v(1, 2, 4)},
	}
	for _, tt := range tests {
		if got := firstVersions(tt.all, tt.ids, tt.versions); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("firstVersions(%v, %v, %v) = %v, want %v", tt.all, tt.ids, tt.versions, got, tt.want)
		}
	}
}

// TestVersionsWrittenAndCarried: a filter's versions are written beside its
// ids, and a failing filter's previous versions are carried with them.
func TestVersionsWrittenAndCarried(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	vs := []manifest.SelectedVersion{{ID: 7, BaseModel: "Pony", SizeBytes: 9, DownloadURL: "https://civitai.com/api/download/models/7"}, {ID: 0}}
	models := map[string]manifest.Model{"1": {ID: "1", Tags: []string{}}, "2": {ID: "2", Tags: []string{}}}
	set := func(fail bool) *manifest.Set {
		f := manifest.FilterResult{Name: "lora", ModelIDs: []string{"1", "2"}, Versions: vs, FetchedAt: t0}
		if fail {
			f = manifest.FilterResult{Name: "lora", Err: errors.New("503")}
		}
		return &manifest.Set{Hub: manifest.HubLive, Sources: []manifest.SourceResult{{Source: "civitai", Origin: origin(manifest.HubLive, "civitai"), Models: models, Filters: []manifest.FilterResult{f}}}}
	}
	want := `{
  "source": "civitai",
  "filter": "lora",
  "modelIds": [
    "1",
    "2"
  ],
  "versions": [
    {
      "id": 7,
      "baseModel": "Pony",
      "sizeBytes": 9,
      "downloadUrl": "https://civitai.com/api/download/models/7"
    },
    {
      "id": 0
    }
  ]
}
`
	for _, fail := range []bool{false, true} {
		if _, err := Write(dir, set(fail), Options{Now: fixedNow(t0), AllowStale: true}); err != nil {
			t.Fatal(err)
		}
		if got := readTree(t, dir)["civitai/filters/lora.json"]; got != want {
			t.Errorf("failed %v: lora.json =\n%s\nwant\n%s", fail, got, want)
		}
	}
	bad := set(false)
	bad.Sources[0].Filters[0].Versions = vs[:1]
	if _, err := Write(dir, bad, Options{Now: fixedNow(t0)}); err == nil {
		t.Error("versions not parallel to the ids were written")
	}
}
