package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// env returns a getenv over m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func write(t *testing.T, path, doc string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	dirDoc = "output: from-dir\nsources:\n  civitai:\n    filters: [{name: dir, limit: 1}]\n"
	envDoc = "output: from-env-file\nallowStale: true\nsources:\n  huggingface:\n    endpoint: https://hf.example/\n    filters: [{name: env, limit: 1}]\n"
)

func TestLoadResolvesFile(t *testing.T) {
	for _, tc := range []struct {
		name       string
		dirFile    bool // write <dir>/manifestgen.yaml
		envFile    bool // write a file and point MANIFESTGEN_CONFIG at it
		wantFile   string
		wantOutput string
	}{
		{"embedded default", false, false, EmbeddedName, "output"},
		{"dir file over embedded", true, false, "dir", "from-dir"},
		{"MANIFESTGEN_CONFIG over dir file", true, true, "env", "from-env-file"},
		{"MANIFESTGEN_CONFIG alone", false, true, "env", "from-env-file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			e := map[string]string{}
			files := map[string]string{"": EmbeddedName}
			if tc.dirFile {
				files["dir"] = write(t, filepath.Join(dir, FileName), dirDoc)
			}
			if tc.envFile {
				files["env"] = write(t, filepath.Join(t.TempDir(), "other.yaml"), envDoc)
				e[EnvConfig] = files["env"]
			}
			c, err := Load(env(e), dir)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.wantFile
			if f, ok := files[want]; ok {
				want = f
			}
			if c.File != want || c.Output != tc.wantOutput {
				t.Errorf("File, Output = %q, %q; want %q, %q", c.File, c.Output, want, tc.wantOutput)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.yaml")
	_, err := Load(env(map[string]string{EnvConfig: missing}), dir)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), EnvConfig+"="+missing) {
		t.Errorf("missing MANIFESTGEN_CONFIG file: err = %v", err)
	}

	// A manifestgen.yaml that exists but cannot be read is an error, not a
	// silent fall back to the default.
	if err := os.Mkdir(filepath.Join(dir, FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(nil, dir); err == nil || !strings.Contains(err.Error(), FileName) {
		t.Errorf("unreadable %s: err = %v", FileName, err)
	}

	big := write(t, filepath.Join(t.TempDir(), "big.yaml"), strings.Repeat("#\n", maxFileSize))
	if _, err := Load(env(map[string]string{EnvConfig: big}), dir); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big file: err = %v", err)
	}

	bad := write(t, filepath.Join(t.TempDir(), "bad.yaml"), "sources:\n  civitai:\n    rps: 0\n    filters: [{name: a, limit: 1}]\n")
	want := []string{bad + ":3: sources.civitai.rps: must be a number above 0 (got 0)"}
	if _, err := Load(env(map[string]string{EnvConfig: bad}), dir); !slices.Equal(errLines(err), want) {
		t.Errorf("invalid file: errors = %q, want %q", errLines(err), want)
	}
}

func TestLoadEnvOverrides(t *testing.T) {
	dir := t.TempDir()
	file := write(t, filepath.Join(dir, FileName), `
output: file-out
allowStale: true
mismatches: flag
sources:
  civitai:
    endpoint: not a url
    filters: [{name: a, limit: 1}]
  huggingface:
    endpoint: https://hf.example
    filters: [{name: a, limit: 1}]
`)
	for _, tc := range []struct {
		name  string
		env   map[string]string
		check func(c *Config) bool
	}{
		{"env endpoint replaces the file's", map[string]string{EnvCivitAIURL: "http://127.0.0.1:8080/"}, func(c *Config) bool {
			return c.Source(CivitAI).Endpoint == "http://127.0.0.1:8080" && c.Source(HuggingFace).Endpoint == "https://hf.example"
		}},
		{"both endpoints, output, tokens", map[string]string{
			EnvCivitAIURL: "http://127.0.0.1:1/civ", EnvHFURL: "http://127.0.0.1:2//",
			EnvOut: "/tmp/out", EnvCivitAIKey: "civ-key-123", EnvHFToken: " hf_key_123\n",
		}, func(c *Config) bool {
			civ, hf := c.Source(CivitAI), c.Source(HuggingFace)
			return civ.Endpoint == "http://127.0.0.1:1/civ" && hf.Endpoint == "http://127.0.0.1:2" &&
				c.Output == "/tmp/out" && civ.Token == "civ-key-123" && hf.Token == "hf_key_123" && c.File == file
		}},
		{"allow stale 0", map[string]string{EnvCivitAIURL: "https://c.example", EnvAllowStale: "0"}, func(c *Config) bool { return !c.AllowStale }},
		{"allow stale FALSE", map[string]string{EnvCivitAIURL: "https://c.example", EnvAllowStale: "FALSE"}, func(c *Config) bool { return !c.AllowStale }},
		{"allow stale unset keeps the file's", map[string]string{EnvCivitAIURL: "https://c.example"}, func(c *Config) bool { return c.AllowStale }},
		{"mismatches unset keeps the file's", map[string]string{EnvCivitAIURL: "https://c.example"}, func(c *Config) bool { return c.Mismatches == MismatchesFlag }},
		{"mismatches env over file", map[string]string{EnvCivitAIURL: "https://c.example", EnvMismatches: "drop"}, func(c *Config) bool { return c.Mismatches == MismatchesDrop }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(env(tc.env), dir)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("config = %+v, sources %+v %+v", c, *c.Sources[0], *c.Sources[1])
			}
		})
	}

	// Variables for sources the file leaves out are ignored.
	only := write(t, filepath.Join(t.TempDir(), "civ.yaml"), "sources:\n  civitai:\n    filters: [{name: a, limit: 1}]\n")
	c, err := Load(env(map[string]string{EnvConfig: only, EnvHFURL: "garbage", EnvHFToken: "x y", EnvAllowStale: "true"}), dir)
	if err != nil || len(c.Sources) != 1 || !c.AllowStale {
		t.Errorf("env for an absent source: %v, %+v", err, c)
	}
}

func TestLoadEnvErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), "sources:\n  civitai:\n    burst: 0\n    filters: [{name: a, limit: 1}]\n  huggingface:\n    filters: [{name: a, limit: 1}]\n")
	_, err := Load(env(map[string]string{
		EnvCivitAIURL: "ftp://x",
		EnvHFURL:      "https://huggingface.co?x=1",
		EnvAllowStale: "yes",
		EnvHFToken:    "hf_abc def",
		EnvCivitAIKey: "k3y",
		EnvMismatches: "keep",
	}), dir)
	want := []string{
		filepath.Join(dir, FileName) + ":3: sources.civitai.burst: must be at least 1 (got 0)",
		`MANIFESTGEN_ALLOW_STALE: want 1, 0, true or false, got "yes"`,
		`MANIFESTGEN_MISMATCHES: want drop or flag, got "keep"`,
		`CIVITAI_ENDPOINT: "ftp://x": want an absolute http or https URL`,
		`CIVITAI_API_KEY: shorter than 8 characters: not a real token (and too short to keep out of messages)`,
		`HF_ENDPOINT: "https://huggingface.co?…": must not have a query`,
		`HF_TOKEN: contains whitespace or control characters`,
	}
	if got := errLines(err); !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTokensNeverInErrors(t *testing.T) {
	const civTok, hfTok = "civ-SECRET-4711", "hf_SECRET_0815"
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), `
sources:
  civitai:
    rps: 0
    filters: [{name: Bad, limit: 0, query: {token: x}}]
  huggingface:
    filters: [{name: a, limit: 1}]
`)
	for _, e := range []map[string]string{
		{EnvCivitAIKey: civTok, EnvHFToken: hfTok},
		{EnvCivitAIKey: civTok + "\x00", EnvHFToken: hfTok + " x"},
		{EnvCivitAIKey: civTok, EnvHFToken: hfTok, EnvCivitAIURL: "https://" + civTok + "@civitai.com", EnvHFURL: "https://u:" + hfTok + "@hf.co"},
		{EnvCivitAIKey: civTok, EnvHFToken: hfTok, EnvCivitAIURL: "http://" + civTok + ":x@[::1", EnvHFURL: "http://[" + hfTok + "]"},
		// Percent-encoded in a value that is quoted back.
		{EnvCivitAIKey: civTok, EnvHFToken: hfTok, EnvCivitAIURL: "ftp://h/civ%2DSECRET%2d4711", EnvHFURL: "https://h/" + hfTok + "/"},
	} {
		_, err := Load(env(e), dir)
		if err == nil {
			t.Fatalf("env %q: no error", e)
		}
		if s := err.Error(); strings.Contains(s, "SECRET") {
			t.Errorf("error shows a token:\n%s", s)
		}
	}
}
