package httpcache

import (
	"os"
	"path/filepath"
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

	n, err := tr.Prune(cutoff)
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
	if n, err := (&Transport{Dir: filepath.Join(tr.Dir, "missing")}).Prune(cutoff); n != 0 || err != nil {
		t.Errorf("missing dir: %d, %v", n, err)
	}
}
