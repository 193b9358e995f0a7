package config

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAllowOrigins: allowOrigins is read from the file, replaced by the
// environment ("none" clears it), and validated against the endpoint's
// scheme; errors name the place and never repeat a key in the value.
func TestAllowOrigins(t *testing.T) {
	dir := t.TempDir()
	path := write(t, filepath.Join(dir, FileName), `
sources:
  huggingface:
    endpoint: https://hf-mirror.example
    allowOrigins: [https://cdn.example, "https://cdn2.example:8443/"]
    filters: [{name: a, limit: 1}]
`)
	c, err := Load(env(nil), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Source(HuggingFace).Mirrors; !slices.Equal(got, []string{"https://cdn.example", "https://cdn2.example:8443/"}) {
		t.Errorf("file: Mirrors = %q", got)
	}
	c, err = Load(env(map[string]string{EnvHFAllow: " https://a.example , https://b.example"}), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Source(HuggingFace).Mirrors; !slices.Equal(got, []string{"https://a.example", "https://b.example"}) {
		t.Errorf("env: Mirrors = %q", got)
	}
	c, err = Load(env(map[string]string{EnvHFAllow: "none"}), dir)
	if err != nil || len(c.Source(HuggingFace).Mirrors) != 0 {
		t.Errorf("none: %v, %q", err, c.Source(HuggingFace).Mirrors)
	}
	write(t, path, "sources:\n  huggingface:\n    allowOrigins: []\n    filters: [{name: a, limit: 1}]\n")
	if c, err = Load(env(nil), dir); err != nil || len(c.Source(HuggingFace).Mirrors) != 0 {
		t.Errorf("[]: %v", err)
	}

	write(t, path, `
sources:
  huggingface:
    endpoint: https://hf-mirror.example
    allowOrigins:
      - http://cdn.example
      - https://cdn.example/path?token=KEY-0815
      - https://u:KEY-0815@cdn.example
    filters: [{name: a, limit: 1}]
`)
	_, err = Load(env(nil), dir)
	want := []string{
		path + ":5: sources.huggingface.allowOrigins: entry 1: http://cdn.example: scheme differs from the endpoint's (https); a scheme change is never followed",
		path + ":5: sources.huggingface.allowOrigins: entry 2: must not have a query; want scheme://host[:port]",
		path + ":5: sources.huggingface.allowOrigins: entry 3: must not contain user info; want scheme://host[:port]",
	}
	if got := errLines(err); !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, err = Load(env(map[string]string{EnvHFAllow: "https://x.example?token=KEY-0815"}), dir)
	if got := errLines(err); len(got) != 1 || got[0] != EnvHFAllow+": entry 1: must not have a query; want scheme://host[:port]" {
		t.Errorf("env errors: %q", got)
	}
	if err != nil && strings.Contains(err.Error(), "KEY-0815") {
		t.Errorf("error repeats the key: %v", err)
	}
}

// TestEndpointKeyNotShown: an endpoint with ?token=KEY (file or env) is
// refused without the key in the error.
func TestEndpointKeyNotShown(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), `
sources:
  civitai:
    endpoint: https://civitai.com/?token=KEY-FILE-4711
    filters: [{name: a, limit: 1}]
  huggingface:
    filters: [{name: a, limit: 1}]
`)
	_, err := Load(env(map[string]string{EnvHFURL: "https://huggingface.co?token=KEY-ENV-4711&x=1#KEY-ENV-4711"}), dir)
	if err == nil {
		t.Fatal("endpoints with a query accepted")
	}
	if s := err.Error(); strings.Contains(s, "KEY-") || !strings.Contains(s, "must not have a query") || !strings.Contains(s, EnvHFURL) {
		t.Errorf("error:\n%s", s)
	}
}

func TestSourceOrigin(t *testing.T) {
	for endpoint, want := range map[string]string{
		"https://civitai.com":           "https://civitai.com",
		"https://CivitAI.com:443/api":   "https://civitai.com",
		"http://127.0.0.1:8765":         "http://127.0.0.1:8765",
		"http://[::1]:80":               "http://[::1]",
		"ftp://civitai.com":             "",
		"https://bücher.de":             "",
		"https://civitai.com:KEY-12345": "",
	} {
		if got := (&Source{Endpoint: endpoint}).Origin(); got != want {
			t.Errorf("Origin of %q = %q, want %q", endpoint, got, want)
		}
	}
}
