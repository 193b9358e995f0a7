package writer

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		refuse  string   // substring of the error; "" when Clean must succeed
		foreign bool     // the error wraps ErrForeign
		keep    []string // siblings that must survive
	}{
		{"written set", func(t *testing.T, dir string) { mustWrite(t, dir, sampleSet(), t0) }, "", false, nil},
		{"with stale and missing", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			set := failing(sampleSet(), "boom", "huggingface/image")
			set.Sources[0].Filters = append(set.Sources[0].Filters, set.Sources[0].Filters[1])
			set.Sources[0].Filters[2].Name = "never"
			mustWrite(t, dir, set, t0.Add(time.Minute))
		}, "", false, nil},
		{"no dir", func(t *testing.T, dir string) {}, "", false, nil},
		{"empty dir", func(t *testing.T, dir string) { mkdir(t, dir) }, "", false, nil},
		{"leftovers", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			mkdir(t, filepath.Join(filepath.Dir(dir), ".out.staging-"+newGenerationID(t0), "x"))
			mkdir(t, filepath.Join(filepath.Dir(dir), ".out.old-"+newGenerationID(t0)))
			mkdir(t, filepath.Join(filepath.Dir(dir), ".out.staging-mine"))
		}, "", false, []string{".out.staging-mine"}},
		{"leftovers without dir", func(t *testing.T, dir string) {
			mkdir(t, filepath.Join(filepath.Dir(dir), ".out.trash-"+newGenerationID(t0)))
		}, "", false, nil},
		{"foreign file", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			writeFile(t, filepath.Join(dir, "huggingface", "filters", "mine.json"), "{}")
		}, "huggingface/filters/mine.json", true, nil},
		{"foreign dir", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			mkdir(t, filepath.Join(dir, "assets"))
			writeFile(t, filepath.Join(dir, "assets", "a.png"), "x")
		}, "assets/a.png", true, nil},
		{"symlink inside", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			if err := os.Symlink("index.json", filepath.Join(dir, "link.json")); err != nil {
				t.Fatal(err)
			}
		}, "link.json", true, nil},
		{"no index", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			remove(t, dir, "index.json")
		}, "civitai/filters/lora.json", true, nil},
		{"corrupt index", func(t *testing.T, dir string) {
			mustWrite(t, dir, sampleSet(), t0)
			writeFile(t, filepath.Join(dir, "index.json"), "nope")
		}, "index.json is unreadable", false, nil},
		{"dir is a file", func(t *testing.T, dir string) { writeFile(t, dir, "x") }, "not a directory", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			tt.setup(t, dir)
			before := snapshot(t, dir)
			err := Clean(dir)
			if tt.refuse != "" {
				if err == nil || !strings.Contains(err.Error(), tt.refuse) || errors.Is(err, ErrForeign) != tt.foreign {
					t.Fatalf("err %v, want refusal naming %q (ErrForeign %v)", err, tt.refuse, tt.foreign)
				}
				if after := snapshot(t, dir); after != before {
					t.Errorf("refused, yet the dir changed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("dir still there: %v", err)
			}
			if got := siblingNames(t, dir); !slices.Equal(got, tt.keep) {
				t.Errorf("beside the dir: %v, want %v", got, tt.keep)
			}
		})
	}
}

func mkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}
