package httpcache

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPrune(t *testing.T) {
	o := newOrigin(t, validated(`"v"`, "", "body", nil))
	tr := newTransport(t, o)
	get(t, tr, o.URL+"/old")
	oldPath := onlyEntry(t, tr.Dir)
	get(t, tr, o.URL+"/used")
	get(t, tr, o.URL+"/new")

	long := time.Now().Add(-48 * time.Hour)
	cutoff := time.Now().Add(-24 * time.Hour)
	stored := entries(t, tr.Dir)
	stray := filepath.Join(tr.Dir, ".tmp-0123456789ab-42")
	foreign := filepath.Join(tr.Dir, "README")
	for _, p := range []string{stray, foreign} {
		if err := writeFile(p, "x"); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range append(stored, stray) {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	// /new is stored again and /used revalidated: both count as recent.
	o.setHandler(validated(`"v2"`, "", "body2", nil))
	get(t, tr, o.URL+"/new")
	o.setHandler(validated(`"v"`, "", "body", nil))
	if r := get(t, tr, o.URL+"/used"); r.header.Get(MarkerHeader) != "revalidated" {
		t.Fatalf("got %+v", r)
	}

	n, kept, err := tr.Prune(cutoff, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("removed %d files, want 2 (old entry, stray temp file)", n)
	}
	for _, p := range []string{oldPath, stray} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s not pruned", filepath.Base(p))
		}
	}
	if _, err := os.Stat(foreign); err != nil {
		t.Errorf("foreign file removed: %v", err)
	}
	// README is not an entry; the two recent entries remain.
	if got := len(entries(t, tr.Dir)); got != 3 {
		t.Errorf("%d files left, want 3", got)
	}
	if kept != sizes(t, tr.Dir) {
		t.Errorf("kept %d bytes; the entries left hold %d", kept, sizes(t, tr.Dir))
	}
	if n, _, err := (&Transport{Dir: filepath.Join(tr.Dir, "missing")}).Prune(cutoff, 1); n != 0 || err != nil {
		t.Errorf("missing dir: %d, %v", n, err)
	}
}

// sizes is the total size of the entries in dir.
func sizes(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	for _, p := range entries(t, dir) {
		if fi, err := os.Stat(p); err == nil && isCacheFile(fi.Name()) {
			n += fi.Size()
		}
	}
	return n
}

// Beyond maxSize the least recently used entries go first, until the rest
// fit; an entry that was just revalidated counts as recently used.
func TestPruneSize(t *testing.T) {
	o := newOrigin(t, validated(`"v"`, "", strings.Repeat("x", 1000), nil))
	tr := newTransport(t, o)
	base := time.Now().Add(-time.Hour)
	paths := map[string]string{}
	for i, name := range []string{"a", "b", "c", "d"} { // a oldest, d newest
		get(t, tr, o.URL+"/"+name)
		for _, p := range entries(t, tr.Dir) {
			if _, seen := paths[p]; !seen && isCacheFile(filepath.Base(p)) {
				paths[p] = name
				at := base.Add(time.Duration(i) * time.Minute)
				if err := os.Chtimes(p, at, at); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if r := get(t, tr, o.URL+"/a"); r.header.Get(MarkerHeader) != "revalidated" { // a: now the newest
		t.Fatalf("got %+v", r)
	}
	size := map[string]int64{}
	for p, name := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		size[name] = fi.Size()
	}
	sum := func(names string) int64 {
		var n int64
		for _, c := range names {
			n += size[string(c)]
		}
		return n
	}
	tests := []struct {
		max  int64
		left string
	}{
		{0, "abcd"},
		{sum("abcd"), "abcd"},
		{sum("acd") + size["b"]/2, "acd"}, // b is the least recently used
		{sum("ad"), "ad"},
		{size["a"] - 1, ""},
	}
	for _, tt := range tests {
		n, kept, err := tr.Prune(time.Time{}, tt.max)
		if err != nil {
			t.Fatal(err)
		}
		var left []string
		for _, p := range entries(t, tr.Dir) {
			left = append(left, paths[p])
		}
		slices.Sort(left)
		if got := strings.Join(left, ""); got != tt.left || kept != sum(got) {
			t.Errorf("max %d: left %q (%d bytes, %d removed); want %q", tt.max, got, kept, n, tt.left)
		}
	}
}
