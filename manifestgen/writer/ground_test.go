package writer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string // "" for no error
	}{
		{"absent, parent too", func(t *testing.T, dir string) {}, ""},
		{"ours", func(t *testing.T, dir string) { mustWrite(t, dir, sampleSet(), t0) }, ""},
		{"empty dir", func(t *testing.T, dir string) { os.MkdirAll(dir, 0o755) }, ""},
		{"symlink to ours", func(t *testing.T, dir string) {
			target := filepath.Join(t.TempDir(), "real")
			mustWrite(t, target, sampleSet(), t0)
			os.MkdirAll(filepath.Dir(dir), 0o755)
			if err := os.Symlink(target, dir); err != nil {
				t.Fatal(err)
			}
		}, "is a symlink"},
		{"a file", func(t *testing.T, dir string) { writeFile(t, dir, "x") }, "not a directory"},
		{"foreign files", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "notes.txt"), "x") }, "refusing to replace"},
		{"parent is a file", func(t *testing.T, dir string) { writeFile(t, filepath.Dir(dir), "x") }, "cannot create its parent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "p", "out")
			tc.setup(t, dir)
			err := Check(dir)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check() = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check() = %v, want %q", err, tc.want)
			}
			if tc.want == "refusing to replace" && !errors.Is(err, ErrForeign) {
				t.Errorf("%v does not wrap ErrForeign", err)
			}
		})
	}
}
