package zeroinstall

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/magefile/mage/mage"
	"github.com/magefile/mage/mg"
)

// A run is a first run until the stamp of exactly these magefiles (and
// this Go) exists.
func TestStamp(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "magefile.go")
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("//go:build mage\n\npackage main\n")
	stamp, err := Stamp(dir, cache)
	if Compiled(stamp, err) {
		t.Fatal("empty cache: compiled")
	}
	exe, err := mage.ExeName(mg.GoCmd(), cache, []string{file})
	if err != nil || stamp != exe+".manifestgen-compiled" {
		t.Fatalf("stamp %q, exe %q (%v)", stamp, exe, err)
	}
	MarkCompiled(stamp)
	if !Compiled(Stamp(dir, cache)) {
		t.Fatal("stamped: not compiled")
	}
	write("//go:build mage\n\npackage main // changed\n")
	if Compiled(Stamp(dir, cache)) {
		t.Fatal("magefile changed: compiled")
	}
	if _, err := Stamp(filepath.Join(dir, "missing"), cache); err == nil {
		t.Fatal("no magefiles: no error")
	}
}

func TestFirstRunNote(t *testing.T) {
	var plain, js bytes.Buffer
	FirstRunNote(&plain, false)
	FirstRunNote(&js, true)
	if plain.String() != Note+"\n" {
		t.Errorf("plain %q", plain.String())
	}
	var rec map[string]any
	if err := json.Unmarshal(js.Bytes(), &rec); err != nil || rec["note"] != Note || strings.Count(js.String(), "\n") != 1 {
		t.Errorf("JSON %q (%v)", js.String(), err)
	}
}
