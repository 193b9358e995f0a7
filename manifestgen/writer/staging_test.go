package writer

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// statTree stats every regular file below dir by slash-separated path.
func statTree(t *testing.T, dir string) map[string]fs.FileInfo {
	t.Helper()
	out := map[string]fs.FileInfo{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := os.Lstat(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = info
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWriteReusesUnchangedFiles: a file whose bytes are those of the
// generation being replaced is that very file (hard-linked), any other is
// new; contents and modes are as if everything had been written anew.
func TestWriteReusesUnchangedFiles(t *testing.T) {
	saved := fsync
	fsync = (*os.File).Sync // the real syncs, of reused files too
	t.Cleanup(func() { fsync = saved })
	dir := filepath.Join(t.TempDir(), "out")
	mustWrite(t, dir, sampleSet(), t0)
	before := statTree(t, dir)

	changed := sampleSet()
	changed.Sources[0].Filters[1].ModelIDs = []string{"org/a", "org/c"} // huggingface/image, same models
	mustWrite(t, dir, changed, t0.Add(time.Hour))
	after := statTree(t, dir)
	for rel, info := range after {
		wantReused := rel != "index.json" && rel != "changes.json" && rel != "huggingface/filters/image.json"
		if reused := os.SameFile(info, before[rel]); reused != wantReused {
			t.Errorf("%s reused: %v, want %v", rel, reused, wantReused)
		}
		if info.Mode() != 0o644 {
			t.Errorf("%s mode %v, want 0644", rel, info.Mode())
		}
	}
	newTree := readTree(t, dir)
	other := filepath.Join(t.TempDir(), "other")
	mustWrite(t, other, changed, t0.Add(time.Hour))
	for rel, data := range readTree(t, other) {
		// The seen files hold the dates of first writes, and the change
		// feed the previous generation.
		if rel != "index.json" && rel != "changes.json" && !strings.HasSuffix(rel, "/seen.json") && newTree[rel] != data {
			t.Errorf("%s differs from the same set written into a new dir", rel)
		}
	}
	if got := newTree["huggingface/filters/image.json"]; got != string(mustEncode(t, manifest.FilterFile{Source: "huggingface", Filter: "image", ModelIDs: []string{"org/a", "org/c"}})) {
		t.Errorf("changed filter file:\n%s", got)
	}
}

// TestReuseOnlyIdentical: a previous file is not reused when its bytes
// differ though its size is the same, or when its mode is not 0644.
func TestReuseOnlyIdentical(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"same size, other bytes", func(t *testing.T, path string) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			data = bytes.Replace(data, []byte(`"1"`), []byte(`"2"`), 1) // the id
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"other mode", func(t *testing.T, path string) {
			if err := os.Chmod(path, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	const rel = "civitai/filters/lora.json"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustWrite(t, dir, sampleSet(), t0)
			want := readTree(t, dir)[rel]
			path := filepath.Join(dir, filepath.FromSlash(rel))
			tt.damage(t, path)
			before, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			mustWrite(t, dir, sampleSet(), t0)
			after, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if os.SameFile(before, after) {
				t.Error("the damaged file was reused")
			}
			if got := readTree(t, dir)[rel]; got != want || after.Mode() != 0o644 {
				t.Errorf("rewritten file (mode %v):\n%s\nwant\n%s", after.Mode(), got, want)
			}
		})
	}
}

// TestWriteSyncFails: when syncing a file fails, whether a new or a reused
// one, Write fails naming it, stops placing files, and leaves the dir and
// its siblings as they were.
func TestWriteSyncFails(t *testing.T) {
	big := benchSet(map[string]int{"civitai": 3 * syncQueue}, 4, plainModel) // more files than the queue holds
	for _, tt := range []struct {
		name  string
		first *manifest.Set // written before, so that files can be reused
		fail  string        // the file whose sync fails
	}{
		{"new file", nil, "civitai/filters/f/0003.json"},
		{"reused file", big, "civitai/filters/f/0003.json"},
		{"models file", big, "civitai/models.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if tt.first != nil {
				mustWrite(t, dir, tt.first, t0)
			}
			before := snapshot(t, dir)
			saved := fsync
			var syncs atomic.Int64
			fsync = func(f *os.File) error {
				syncs.Add(1)
				if strings.HasSuffix(filepath.ToSlash(f.Name()), tt.fail) {
					return errors.New("disk on fire")
				}
				return nil
			}
			defer func() { fsync = saved }()
			_, err := Write(dir, big, Options{Now: fixedNow(t0.Add(time.Hour))})
			if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), filepath.Base(tt.fail)) {
				t.Fatalf("err %v, want the sync failure of %s", err, tt.fail)
			}
			if n := syncs.Load(); tt.fail != "civitai/models.json" && n >= int64(3*syncQueue) {
				t.Errorf("%d syncs after an early failure, want placing to stop", n)
			}
			if after := snapshot(t, dir); after != before {
				t.Error("dir changed")
			}
			if left := siblingNames(t, dir); len(left) > 0 {
				t.Errorf("left beside the dir: %v", left)
			}
		})
	}
}
