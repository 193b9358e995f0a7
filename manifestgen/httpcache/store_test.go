package httpcache

import (
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
)

// Only a body read to EOF and closed cleanly becomes an entry.
func TestPartialBodyNotStored(t *testing.T) {
	full := strings.Repeat("0123456789", 10_000)
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		maxEntry int64
		read     int64 // bytes the caller reads; -1 = all
		wantErr  bool  // reading fails
	}{
		{name: "half read", handler: validated(`"v"`, "", full, nil), read: int64(len(full) / 2)},
		{name: "nothing read", handler: validated(`"v"`, "", full, nil), read: 0},
		{name: "all but the last byte", handler: validated(`"v"`, "", full, nil), read: int64(len(full) - 1)},
		{name: "aborted with length", read: -1, wantErr: true, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"v"`)
			w.Header().Set("Content-Length", "1000")
			io.WriteString(w, full[:10])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}},
		{name: "aborted chunked", read: -1, wantErr: true, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"v"`)
			io.WriteString(w, full[:5000])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}},
		{name: "over MaxEntry chunked", read: -1, maxEntry: 1000, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"v"`)
			io.WriteString(w, full[:600])
			w.(http.Flusher).Flush()
			io.WriteString(w, full[600:1200])
		}},
		{name: "over MaxEntry length", read: -1, maxEntry: 1000, handler: validated(`"v"`, "", full, nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, tc.handler)
			tr := newTransport(t, o)
			tr.MaxEntry = tc.maxEntry
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, o.URL+"/a", nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			var got []byte
			if tc.read < 0 {
				got, err = io.ReadAll(resp.Body)
			} else {
				got, err = io.ReadAll(io.LimitReader(resp.Body, tc.read))
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("read error %v, want error %v", err, tc.wantErr)
			}
			if !strings.HasPrefix(full, string(got)) {
				t.Errorf("caller got a body that is not a prefix of the origin's")
			}
			resp.Body.Close()
			if es := entries(t, tr.Dir); len(es) != 0 {
				t.Errorf("incomplete body stored")
			}
			if s := tr.Stats(); s.Stored != 0 || s.Failed != 0 {
				t.Errorf("stats = %+v", s)
			}
		})
	}
}

// The entry appears on Close, not before, and the body streams unchanged.
func TestStoredOnClose(t *testing.T) {
	full := strings.Repeat("abcdefgh", 50_000)
	o := newOrigin(t, validated(`"v"`, "", full, nil))
	tr := newTransport(t, o)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, o.URL+"/a", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	if err != nil || string(got) != full {
		t.Fatalf("body: %d bytes, err %v", len(got), err)
	}
	if des, _ := os.ReadDir(tr.Dir); len(des) != 1 || !strings.HasPrefix(des[0].Name(), ".tmp-") {
		t.Errorf("before Close the cache dir should hold only the temporary file, has %v", des)
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if m := checkEntry(t, onlyEntry(t, tr.Dir)); m.BodyLen != int64(len(full)) {
		t.Errorf("BodyLen = %d", m.BodyLen)
	}
	if s := tr.Stats(); s.Stored != 1 {
		t.Errorf("stats = %+v", s)
	}
}

// Close while another goroutine is blocked in Read aborts the read and
// stores nothing (run with -race).
func TestCloseDuringRead(t *testing.T) {
	release := make(chan struct{})
	o := newOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v"`)
		io.WriteString(w, "first part")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	tr := newTransport(t, o)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, o.URL+"/a", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len("first part"))
	if _, err := io.ReadFull(resp.Body, buf); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := io.ReadAll(resp.Body)
		done <- err
	}()
	resp.Body.Close()
	if err := <-done; err == nil || errors.Is(err, io.EOF) {
		t.Errorf("read after Close: %v, want an error", err)
	}
	if es := entries(t, tr.Dir); len(es) != 0 {
		t.Errorf("aborted body stored")
	}
}

// An unwritable cache directory is counted, never fatal.
func TestUnwritableDir(t *testing.T) {
	o := newOrigin(t, validated(`"v"`, "", "body", nil))
	file := t.TempDir() + "/not-a-dir"
	if err := writeFile(file, "x"); err != nil {
		t.Fatal(err)
	}
	tr := &Transport{Dir: file + "/cache", Base: o.Client().Transport}
	for range 2 {
		if r := get(t, tr, o.URL+"/a"); r.body != "body" || r.err != nil {
			t.Fatalf("got %+v", r)
		}
	}
	// Each request fails to open the entry and to create the directory.
	if s := tr.Stats(); s.Failed != 4 || s.Stored != 0 || s.Misses != 2 {
		t.Errorf("stats = %+v", s)
	}
}
