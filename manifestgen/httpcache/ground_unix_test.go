//go:build unix

package httpcache

import (
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestNonRegularEntryIgnored: a FIFO, a symlink or a dir where an entry
// belongs is never opened for reading (a FIFO would block the request until
// a writer came), the request goes to the origin, and the fresh 200 becomes
// a regular entry that the next request revalidates.
func TestNonRegularEntryIgnored(t *testing.T) {
	tests := []struct {
		name  string
		plant func(t *testing.T, path string)
		// replaced: the fresh 200 is stored over the planted path.
		replaced bool
	}{
		{"fifo", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, true},
		{"symlink to a valid entry", func(t *testing.T, path string) {
			// A valid entry for the same key elsewhere: following the
			// link would serve it.
			other := filepath.Join(t.TempDir(), filepath.Base(path))
			if err := os.Rename(path+".valid", other); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(other, path); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"dir", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, validated(`"v1"`, "", `{"a":1}`, nil))
			tr := newTransport(t, o)
			req, err := http.NewRequest(http.MethodGet, o.URL+"/api/models", nil)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(tr.Dir, cacheKey(req, ""))
			// A valid entry, moved aside for the symlink case.
			get(t, tr, o.URL+"/api/models")
			if err := os.Rename(path, path+".valid"); err != nil {
				t.Fatal(err)
			}
			tc.plant(t, path)
			os.Remove(path + ".valid")

			done := make(chan result, 1)
			go func() { done <- get(t, tr, o.URL+"/api/models") }()
			var r result
			select {
			case r = <-done:
			case <-time.After(30 * time.Second): // a hang guard, not a timing assertion
				if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
					f.Close() // releases a reader blocked on the FIFO
				}
				<-done
				t.Fatal("request blocked on a non-regular cache path")
			}
			if r.status != 200 || r.body != `{"a":1}` || r.header.Get(MarkerHeader) != "" {
				t.Fatalf("got %d %q marker %q; want a fresh 200 from the origin", r.status, r.body, r.header.Get(MarkerHeader))
			}
			if _, n := o.last(); n != 2 {
				t.Fatalf("origin saw %d requests, want 2", n)
			}
			if s := tr.Stats(); s.Failed == 0 {
				t.Errorf("non-regular entry not counted as a cache failure: %+v", s)
			}
			info, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().IsRegular() != tc.replaced {
				t.Fatalf("after the fetch the path is %v; replaced by an entry: want %v", info.Mode().Type(), tc.replaced)
			}
			if tc.replaced {
				checkEntry(t, path)
				if r := get(t, tr, o.URL+"/api/models"); r.header.Get(MarkerHeader) != "revalidated" {
					t.Errorf("third request not revalidated from the new entry: %d %v", r.status, r.header)
				}
			}
		})
	}
}

func TestCheck(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := writeFile(file, "x"); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(base, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir string
		ok        bool
	}{
		{"off", "", true},
		{"missing: created", filepath.Join(base, "a", "b", "http"), true},
		{"existing", base, true},
		{"a file", file, false},
		{"below a file", filepath.Join(file, "http"), false},
		{"a fifo", fifo, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := &Transport{Dir: tc.dir}
			err := tr.Check()
			if (err == nil) != tc.ok {
				t.Fatalf("Check() = %v, want ok %v", err, tc.ok)
			}
			if err != nil {
				t.Log(err)
				if want := "cache dir " + tc.dir + " is not usable"; len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
					t.Errorf("error %q does not start with %q", err, want)
				}
				return
			}
			if tc.dir != "" {
				entries(t, tc.dir) // fails on a temporary file left behind
			}
		})
	}
}
