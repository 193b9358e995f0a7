package manifestgen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
)

// cacheFiles returns the number of files in the HTTP cache and their size.
func cacheFiles(t *testing.T, dir string) (n int, size int64) {
	t.Helper()
	des, err := os.ReadDir(filepath.Join(dir, "http"))
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		fi, err := de.Info()
		if err != nil {
			t.Fatal(err)
		}
		n++
		size += fi.Size()
	}
	return n, size
}

// Embedded runs, each on a new random port, revalidate the last run's
// cache entries instead of adding new ones; MANIFESTGEN_CACHE_MAX_SIZE
// bounds the cache after a run.
func TestEmbeddedRunsReuseAndBoundTheCache(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	run := func(kv ...string) *Summary {
		t.Helper()
		var log bytes.Buffer
		kv = append(kv, "MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_OUT", filepath.Join(dir, "output"),
			"MANIFESTGEN_FORCE", "1", "MANIFESTGEN_CACHE_DIR", cache)
		sum, err := Run(context.Background(), Options{Getenv: env(kv...), Dir: dir, Stderr: &log})
		if err != nil {
			t.Fatalf("run: %v\n%s", err, log.String())
		}
		return sum
	}
	run()
	n1, size1 := cacheFiles(t, cache)
	second := run()
	for _, s := range second.Sources {
		if s.Pages == 0 || s.Revalidated != s.Pages {
			t.Errorf("%s: second run %d pages, %d revalidated; want all", s.Name, s.Pages, s.Revalidated)
		}
	}
	if n2, _ := cacheFiles(t, cache); n2 != n1 || n1 == 0 {
		t.Errorf("cache files %d after one run, %d after two; want the same", n1, n2)
	}
	run("MANIFESTGEN_CACHE_MAX_SIZE", "1MiB")
	if n, size := cacheFiles(t, cache); size > 1<<20 || n == 0 || n >= n1 {
		t.Errorf("cache of %d bytes in %d files (from %d in %d) bounded to 1 MiB", size, n, size1, n1)
	}
	// CleanCache removes every entry, and only entries.
	foreign := filepath.Join(cache, "http", "notes.txt")
	if err := os.WriteFile(foreign, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{CacheDir: cache}
	if n, err := CleanCache(cfg); err != nil || n == 0 {
		t.Fatalf("CleanCache: %d, %v", n, err)
	}
	if n, _ := cacheFiles(t, cache); n != 1 {
		t.Errorf("%d files left; want the foreign one only", n)
	}
}
