package manifestgen

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
	"github.com/manifestgen/manifestgen/manifestgen/writer"
)

// groundConfig is a small two-source config on srv writing under dir.
func groundConfig(t *testing.T, srv *hub.Server, dir string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("test.yaml", []byte(`
cache: `+filepath.Join(dir, "cache")+`
output: `+filepath.Join(dir, "out")+`
sources:
  civitai:
    endpoint: `+srv.URL()+`
    rps: 200
    pageSize: 10
    filters:
      - {name: lora, query: {types: LORA, sort: Most Downloaded}, limit: 30}
  huggingface:
    endpoint: `+srv.URL()+`
    rps: 200
    pageSize: 10
    filters:
      - {name: small, query: {pipeline_tag: text-generation, sort: downloads}, limit: 10}
`))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// generateCounting runs Generate and counts its HTTP attempts.
func generateCounting(t *testing.T, cfg *config.Config) (int64, error) {
	t.Helper()
	var n atomic.Int64
	_, err := Generate(context.Background(), cfg, GenerateOptions{
		Stderr: &bytes.Buffer{}, OnAttempt: func(fetch.Attempt) { n.Add(1) },
	})
	return n.Load(), err
}

// TestGroundCheckedBeforeFirstRequest: an output or cache dir the run could
// not use, or an output another run is writing, fails the run with an error
// saying why before a single request is made, and touches nothing.
func TestGroundCheckedBeforeFirstRequest(t *testing.T) {
	srv, err := hub.Start(hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string, cfg *config.Config) func()
		want  string
	}{
		{"output is a symlink", func(t *testing.T, dir string, cfg *config.Config) func() {
			real := filepath.Join(dir, "real")
			os.Mkdir(real, 0o755)
			must(t, os.Symlink(real, cfg.Output))
			return nil
		}, "is a symlink"},
		{"output is a file", func(t *testing.T, dir string, cfg *config.Config) func() {
			must(t, os.WriteFile(cfg.Output, []byte("x"), 0o644))
			return nil
		}, "is not a directory"},
		{"output holds foreign files", func(t *testing.T, dir string, cfg *config.Config) func() {
			os.Mkdir(cfg.Output, 0o755)
			must(t, os.WriteFile(filepath.Join(cfg.Output, "site.html"), []byte("x"), 0o644))
			return nil
		}, "refusing to replace"},
		{"output's parent is a file", func(t *testing.T, dir string, cfg *config.Config) func() {
			must(t, os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644))
			cfg.Output = filepath.Join(dir, "file", "out")
			return nil
		}, "cannot create its parent"},
		{"cache dir is a file", func(t *testing.T, dir string, cfg *config.Config) func() {
			must(t, os.WriteFile(cfg.CacheDir, []byte("x"), 0o644))
			return nil
		}, "is not usable: mkdir " + "%DIR%/cache: not a directory; fix it, or set MANIFESTGEN_CACHE_DIR=off to run without the cache"},
		{"another run writes the output", func(t *testing.T, dir string, cfg *config.Config) func() {
			l, err := writer.Acquire(t.Context(), cfg.Output, writer.LockOptions{})
			must(t, err)
			return func() { l.Release() }
		}, "another manifestgen run (pid "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := groundConfig(t, srv, dir)
			if done := tc.setup(t, dir, cfg); done != nil {
				defer done()
			}
			n, err := generateCounting(t, cfg)
			want := strings.ReplaceAll(tc.want, "%DIR%", dir)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("Generate() = %v, want %q", err, want)
			}
			if n != 0 {
				t.Errorf("%d requests made before the failure, want 0", n)
			}
			t.Log(err)
		})
	}
}

// TestFIFOInCacheDir: FIFOs where the cache's entries were do not hang the
// run: it completes, fetching those pages again.
func TestFIFOInCacheDir(t *testing.T) {
	srv, err := hub.Start(hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cfg := groundConfig(t, srv, dir)
	if _, err := generateCounting(t, cfg); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(cacheDir(cfg))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no cache entries after a run: %v", err)
	}
	for _, e := range entries {
		p := filepath.Join(cacheDir(cfg), e.Name())
		must(t, os.Remove(p))
		if err := mkfifo(p); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	type result struct {
		n   int64
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := generateCounting(t, cfg)
		done <- result{n, err}
	}()
	r := <-done // a regression hangs here until the test binary's timeout
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.n == 0 {
		t.Error("no requests made")
	}
	mustVerifyOutput(t, cfg.Output)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// errSkip is mkfifo's error where FIFOs do not exist.
var errSkip = errors.New("no FIFOs on this OS")

// mustVerifyOutput fails the test unless dir passes manifests:verify.
func mustVerifyOutput(t *testing.T, dir string) {
	t.Helper()
	rep, err := verify.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
}
