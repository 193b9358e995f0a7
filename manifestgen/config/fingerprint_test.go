package config

import (
	"net/url"
	"slices"
	"testing"
)

const fingerprintDoc = `
sources:
  civitai:
    filters:
      - {name: a, limit: 5, query: {types: [LORA, Checkpoint], sort: Newest}}
  huggingface:
    filters:
      - {name: b, limit: 3, match: {size: small, license: mit}}
      - {name: c, limit: 3}
`

func TestFingerprint(t *testing.T) {
	load := func(t *testing.T) *Config {
		c, err := Parse("f.yaml", []byte(fingerprintDoc))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	base := load(t).Fingerprint()
	// A golden value: the fingerprint must not drift between builds.
	const golden = "38c3155fb606645608b962639d164854388d36f1f66816d3ccd26eae0bced848"
	if base != golden {
		t.Errorf("Fingerprint = %s, want %s", base, golden)
	}

	for _, tc := range []struct {
		name    string
		change  func(c *Config)
		changes bool
	}{
		{"nothing", func(c *Config) {}, false},
		{"tokens", func(c *Config) { c.Sources[0].Token, c.Sources[1].Token = "x", "y" }, false},
		{"rate limits and retry", func(c *Config) {
			s := c.Sources[0]
			s.Concurrency, s.RPS, s.Burst, s.MaxBody, s.Profile = 9, 99, 9, 1, "aggressive"
			s.Retry = Retry{}
		}, false},
		{"output, allowStale, file", func(c *Config) { c.Output, c.AllowStale, c.File = "x", true, "y" }, false},
		{"filter order", func(c *Config) { slices.Reverse(c.Sources[1].Filters) }, false},
		{"filter line", func(c *Config) { c.Sources[1].Filters[0].Line = 99 }, false},
		{"empty query or license as nil", func(c *Config) {
			c.Sources[1].Filters[1].Query = nil
			c.Sources[1].Filters[1].Match.License = []string{}
		}, false},
		{"endpoint", func(c *Config) { c.Sources[0].Endpoint = "http://127.0.0.1:1" }, true},
		{"name", func(c *Config) { c.Sources[1].Filters[0].Name = "z" }, true},
		{"label", func(c *Config) { c.Sources[1].Filters[0].Label = "Bee" }, true},
		{"mismatches drop as default", func(c *Config) { c.Mismatches = "" }, false},
		{"mismatches flagged", func(c *Config) { c.Mismatches = MismatchesFlag }, true},
		{"limit", func(c *Config) { c.Sources[1].Filters[0].Limit = 4 }, true},
		{"query value", func(c *Config) { c.Sources[0].Filters[0].Query.Set("sort", "Oldest") }, true},
		{"query value order", func(c *Config) { slices.Reverse(c.Sources[0].Filters[0].Query["types"]) }, true},
		{"query key", func(c *Config) { c.Sources[0].Filters[0].Query.Set("nsfw", "false") }, true},
		{"size", func(c *Config) { c.Sources[1].Filters[0].Match.Size = SizeLarge }, true},
		{"license", func(c *Config) { c.Sources[1].Filters[0].Match.License = nil }, true},
		{"extra filter", func(c *Config) {
			c.Sources[1].Filters = append(c.Sources[1].Filters, Filter{Name: "d", Limit: 1, Query: url.Values{}})
		}, true},
		{"page size", func(c *Config) { c.Sources[1].PageSize = 50 }, true},
		{"max pages", func(c *Config) { c.Sources[1].MaxPages = 2 }, true},
		{"source dropped", func(c *Config) { c.Sources = c.Sources[:1] }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := load(t)
			tc.change(c)
			if got := c.Fingerprint(); (got != base) != tc.changes {
				t.Errorf("fingerprint changed = %v, want %v", got != base, tc.changes)
			}
		})
	}
}

func TestFingerprintFollowsEnvEndpoint(t *testing.T) {
	a, err := Load(nil, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(env(map[string]string{EnvHFURL: "http://127.0.0.1:9", EnvHFToken: "hf_token1"}), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{EnvHFToken: "hf_other22"}), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if a.Fingerprint() == b.Fingerprint() || a.Fingerprint() != c.Fingerprint() {
		t.Errorf("fingerprints: default %s, HF_ENDPOINT %s, HF_TOKEN only %s", a.Fingerprint(), b.Fingerprint(), c.Fingerprint())
	}
}
