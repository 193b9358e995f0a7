package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPreviewNSFW: a filter's preview allowance is CIVITAI_PREVIEW_NSFW,
// else its own previewNSFW, else its source's, else ""; bad values are
// named by line or variable.
func TestPreviewNSFW(t *testing.T) {
	const doc = `sources:
  civitai:
    previewNSFW: PG13
    filters:
      - {name: own, limit: 1, previewNSFW: R}
      - {name: inherits, limit: 1}
    matrix:
      - {query: {nsfw: "true"}, limit: 1, previewNSFW: XXX, dimensions: [{param: types, values: [LORA]}]}
`
	const plain = "sources:\n  civitai:\n    filters: [{name: none, limit: 1}]\n"
	tests := []struct {
		name, doc, env string
		want           map[string]string // filter -> PreviewNSFW
		err            string
	}{
		{"file values", doc, "", map[string]string{"own": "R", "inherits": "PG13", "lora": "XXX"}, ""},
		{"environment over file", doc, "PG", map[string]string{"own": "PG", "inherits": "PG", "lora": "PG"}, ""},
		{"unset", plain, "", map[string]string{"none": ""}, ""},
		{"environment alone", plain, "X", map[string]string{"none": "X"}, ""},
		{"bad file value", "sources:\n  civitai:\n    filters: [{name: a, limit: 1, previewNSFW: nsfw}]\n", "", nil, `manifestgen.yaml:3: sources.civitai.filters[0].previewNSFW: want PG, PG13, R, X or XXX, got "nsfw"`},
		{"bad environment value", plain, "true", nil, `CIVITAI_PREVIEW_NSFW: want PG, PG13, R, X or XXX, got "true"`},
		{"huggingface has no previews", "sources:\n  huggingface:\n    previewNSFW: PG\n    filters: [{name: a, limit: 1}]\n", "", nil, "manifestgen.yaml:3: sources.huggingface.previewNSFW: previews are a CivitAI field"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		write(t, filepath.Join(dir, FileName), tt.doc)
		c, err := Load(env(map[string]string{EnvCivitAIPreviewNSFW: tt.env}), dir)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := map[string]string{}
		for _, f := range c.Source(CivitAI).Filters {
			got[f.Name] = f.PreviewNSFW
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: filters %v, want %v", tt.name, got, tt.want)
		}
		for name, w := range tt.want {
			if got[name] != w {
				t.Errorf("%s: %s previewNSFW %q, want %q", tt.name, name, got[name], w)
			}
		}
	}
}
