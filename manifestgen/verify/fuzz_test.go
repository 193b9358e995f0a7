package verify_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

// fuzzFiles are the files of the good dir FuzzDir may replace.
var fuzzFiles = []string{
	"index.json", "civitai/models.json", "civitai/filters/lora.json",
	"huggingface/models.json", "huggingface/filters/image.json", "huggingface/filters/text/top.json",
}

// FuzzDir replaces one file of a good output dir with untrusted bytes:
// Dir never panics or fails, and every violation names a file.
func FuzzDir(f *testing.F) {
	for i, name := range fuzzFiles {
		data, err := os.ReadFile(filepath.Join(goodSrc, filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), data)
	}
	f.Add(uint8(0), []byte(`{"schemaVersion":1,"sources":{"../x":{"models":"../../etc/passwd","count":1}},"filters":[{"file":"/etc/passwd"}]}`))
	f.Add(uint8(3), []byte(`{"source":"huggingface","count":1e400,"models":{"":{"id":""}}}`))
	dir := goodDir(f)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := fuzzFiles[int(which)%len(fuzzFiles)]
		path := filepath.Join(dir, filepath.FromSlash(name))
		orig, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(path, orig, 0o644)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := verify.Dir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range rep.Violations {
			if v.File == "" || v.Message == "" {
				t.Fatalf("violation without file or message: %+v", v)
			}
		}
	})
}
