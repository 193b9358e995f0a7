package manifestgen

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestNoPreviewAboveAllowance runs the embedded hub (whose versions carry
// videos and PG13, R and more explicit images beside PG ones) and checks
// every CivitAI filter: no model it lists has a preview above its allowance
// (its previewNSFW, else PG without nsfw=true and XXX with it), and every
// preview is an image with its size. The default configuration, the same
// with CIVITAI_PREVIEW_NSFW, and filters of different allowances sharing
// models.
func TestNoPreviewAboveAllowance(t *testing.T) {
	const mixed = `sources:
  civitai:
    matrix:
      - query: {sort: Most Downloaded, nsfw: "true"}
        limit: 60
        dimensions: [{param: types, values: [LORA, Checkpoint]}]
    filters:
      - {name: sfw/lora, query: {sort: Most Downloaded, types: LORA, nsfw: "true"}, limit: 60, previewNSFW: R}
`
	tests := []struct {
		name, doc, env string
		filters        int
		aboveSFW       bool // some preview is more explicit than PG
	}{
		{"default", "", "", 16, false},
		{"CIVITAI_PREVIEW_NSFW=PG13", "", "PG13", 16, true},
		{"mixed allowances", mixed, "", 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.doc != "" {
				if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte(tt.doc), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "output")
			getenv := env("MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_OUT", out, "MANIFESTGEN_CACHE_DIR", "off", config.EnvCivitAIPreviewNSFW, tt.env)
			var log bytes.Buffer
			if _, err := Run(context.Background(), Options{Getenv: getenv, Dir: dir, Stderr: &log}); err != nil {
				t.Fatalf("run: %v\n%s", err, log.String())
			}
			cfg, err := config.Load(getenv, dir)
			if err != nil {
				t.Fatal(err)
			}
			files := readTree(t, out)
			var mf manifest.ModelsFile
			if err := json.Unmarshal(files[manifest.ModelsPath(config.CivitAI)], &mf); err != nil {
				t.Fatal(err)
			}
			var listed, previews, none, above, filters int
			for _, f := range cfg.Source(config.CivitAI).Filters {
				allowance, ok := map[string]int{"PG": 1, "PG13": 2, "R": 4, "X": 8, "XXX": 16}[f.PreviewNSFW]
				if !ok {
					allowance = 1
					if f.Query.Get("nsfw") == "true" {
						allowance = 16
					}
				}
				var ff manifest.FilterFile
				if err := json.Unmarshal(files[manifest.FilterPath(config.CivitAI, f.Name)], &ff); err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				filters++
				for _, id := range ff.ModelIDs {
					listed++
					p := mf.Models[id].Preview
					if p == nil {
						none++
						continue
					}
					previews++
					if p.NSFWLevel > manifest.NSFWPG {
						above++
					}
					if p.NSFWLevel < manifest.NSFWPG || p.NSFWLevel > allowance || p.Type != "image" || strings.HasSuffix(p.URL, ".mp4") || p.Width <= 0 || p.Height <= 0 {
						t.Errorf("%s: model %s has preview %+v, above allowance %d or not an image", f.Name, id, *p, allowance)
					}
				}
			}
			if filters != tt.filters || previews == 0 || (above > 0) != tt.aboveSFW {
				t.Errorf("%d filters, %d listings: %d with a preview (%d above PG), %d without; want %d filters, previews above PG: %v",
					filters, listed, previews, above, none, tt.filters, tt.aboveSFW)
			}
			t.Logf("%d filters, %d listings: %d with a preview within the allowance (%d above PG), %d without (no image within it)", filters, listed, previews, above, none)
		})
	}
}

// TestFilterVersionsMatchBaseModels runs the default configuration on the
// embedded hub: each CivitAI filter manifest lists, for every model, the
// version it selected, whose base model is the one the filter asked for,
// also where models.json (one entry per model) describes another filter's
// choice.
func TestFilterVersionsMatchBaseModels(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "output")
	getenv := env("MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_OUT", out, "MANIFESTGEN_CACHE_DIR", "off")
	var log bytes.Buffer
	if _, err := Run(context.Background(), Options{Getenv: getenv, Dir: dir, Stderr: &log}); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	cfg, err := config.Load(getenv, dir)
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	var mf manifest.ModelsFile
	if err := json.Unmarshal(files[manifest.ModelsPath(config.CivitAI)], &mf); err != nil {
		t.Fatal(err)
	}
	var listed, entryDiffers int
	for _, f := range cfg.Source(config.CivitAI).Filters {
		var ff manifest.FilterFile
		if err := json.Unmarshal(files[manifest.FilterPath(config.CivitAI, f.Name)], &ff); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if len(ff.Versions) != len(ff.ModelIDs) {
			t.Fatalf("%s: %d versions for %d models", f.Name, len(ff.Versions), len(ff.ModelIDs))
		}
		base := f.Query.Get("baseModels")
		for i, id := range ff.ModelIDs {
			listed++
			v, m := ff.Versions[i], mf.Models[id]
			if v.BaseModel != base || v.ID <= 0 || v.SizeBytes <= 0 || !strings.HasPrefix(v.DownloadURL, "https://civitai.com/api/download/models/") {
				t.Errorf("%s: model %s: selected version %+v, want one of base model %q", f.Name, id, v, base)
			}
			if m.VersionID != v.ID {
				entryDiffers++
				if m.BaseModel == base {
					t.Errorf("%s: model %s: models.json describes version %d of the same base model", f.Name, id, m.VersionID)
				}
			} else if m.BaseModel != v.BaseModel || m.SizeBytes != v.SizeBytes || m.DownloadURL != v.DownloadURL {
				t.Errorf("%s: model %s: models.json and the filter disagree about version %d", f.Name, id, v.ID)
			}
		}
	}
	t.Logf("%d listings; for %d of them models.json describes another filter's version, and the filter's versions name its own", listed, entryDiffers)
}
