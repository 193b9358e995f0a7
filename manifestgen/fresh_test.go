package manifestgen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestUpToDateIgnoresFutureFetchedAt: an entry fetched "in the future" never
// makes the output up to date, however young the rest is; an entry from
// the past passes the freshness checks (and then fails only because this
// hand-made output has no files to verify).
func TestUpToDateIgnoresFutureFetchedAt(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		fetchedAt time.Time
		want      string
	}{
		{"a minute ago", now.Add(-time.Minute), "output does not verify"},
		{"now", now, "output does not verify"},
		{"a second ahead", now.Add(time.Second), "in the future"},
		{"next year", now.AddDate(1, 0, 0), "in the future"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg, err := config.Parse("fresh.yaml", []byte(`
output: `+dir+`
maxAge: 1h
sources:
  huggingface:
    filters:
      - {name: tti, query: {pipeline_tag: text-to-image}, limit: 5}
`))
			if err != nil {
				t.Fatal(err)
			}
			idx := manifest.Index{SchemaVersion: manifest.SchemaVersion, Hub: manifest.HubLive, Config: "fp",
				Filters: []manifest.FilterEntry{{Source: "huggingface", Name: "tti", Status: manifest.StatusFresh, FetchedAt: tt.fetchedAt}}}
			data, err := json.Marshal(idx)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "index.json"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			ok, why := upToDate(cfg, cfg.Sources, manifest.HubLive, "fp", now)
			if ok || !strings.Contains(why, tt.want) {
				t.Errorf("upToDate = %v, %q; want false, %q", ok, why, tt.want)
			}
		})
	}
}
