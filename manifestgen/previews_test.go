package manifestgen

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestNoPreviewAboveAllowance runs the default configuration on the
// embedded hub (whose versions carry videos and PG13 and R images beside
// PG ones) and checks every CivitAI filter: no model it lists has a preview
// above its allowance (PG without nsfw=true, else XXX), and every preview is
// an image with its size.
func TestNoPreviewAboveAllowance(t *testing.T) {
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
	var listed, previews, none, filters int
	for _, f := range cfg.Source(config.CivitAI).Filters {
		allowance := manifest.NSFWPG
		if f.Query.Get("nsfw") == "true" {
			allowance = manifest.NSFWXXX
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
			if p.NSFWLevel < manifest.NSFWPG || p.NSFWLevel > allowance || p.Type != "image" || strings.HasSuffix(p.URL, ".mp4") || p.Width <= 0 || p.Height <= 0 {
				t.Errorf("%s: model %s has preview %+v, above allowance %d or not an image", f.Name, id, *p, allowance)
			}
		}
	}
	if filters != 16 || previews == 0 || none == 0 {
		t.Errorf("%d filters, %d listings: %d with a preview, %d without; want 16 filters, some of each", filters, listed, previews, none)
	}
	t.Logf("%d filters, %d listings: %d with a preview within the allowance, %d without (no image within it)", filters, listed, previews, none)
}
