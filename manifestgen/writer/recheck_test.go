package writer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecheck: the last look before the swap catches a staged generation
// changed after verification: a file removed, added, cut short or replaced.
func TestRecheck(t *testing.T) {
	written := map[string][]byte{
		"index.json":             []byte(`{"x":1}`),
		"civitai/models.json":    []byte(`{"models":{}}`),
		"civitai/filters/a.json": []byte(`{"modelIds":[]}`),
	}
	tests := []struct {
		name   string
		tamper func(t *testing.T, staging string)
		want   string
	}{
		{"intact", func(t *testing.T, staging string) {}, ""},
		{"file removed", func(t *testing.T, staging string) {
			os.Remove(filepath.Join(staging, "civitai", "filters", "a.json"))
		}, "civitai/filters/a.json vanished"},
		{"dir removed", func(t *testing.T, staging string) { os.RemoveAll(filepath.Join(staging, "civitai")) }, "civitai/models.json vanished"},
		{"file added", func(t *testing.T, staging string) { writeFile(t, filepath.Join(staging, "civitai", "x.json"), "{}") }, "civitai/x.json appeared"},
		{"file cut short", func(t *testing.T, staging string) { os.Truncate(filepath.Join(staging, "index.json"), 3) }, "index.json is 3 bytes, 7 were written"},
		{"file became a symlink", func(t *testing.T, staging string) {
			p := filepath.Join(staging, "index.json")
			os.Remove(p)
			if err := os.Symlink(filepath.Join(staging, "civitai", "models.json"), p); err != nil {
				t.Fatal(err)
			}
		}, "index.json is no longer a regular file"},
		{"whole dir removed", func(t *testing.T, staging string) { os.RemoveAll(staging) }, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			staging := filepath.Join(t.TempDir(), ".out.staging")
			for rel, data := range written {
				writeFile(t, filepath.Join(staging, filepath.FromSlash(rel)), string(data))
			}
			tc.tamper(t, staging)
			err := recheck(staging, written)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("recheck() = %v, want %q", err, tc.want)
			}
		})
	}
}
