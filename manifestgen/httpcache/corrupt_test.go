package httpcache

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"os"
	"testing"
)

// splitEntry returns an entry file's body, metadata JSON and footer.
func splitEntry(t *testing.T, data []byte) (body, js, foot []byte) {
	t.Helper()
	foot = data[len(data)-footerLen:]
	n := int(binary.BigEndian.Uint64(foot[len(footerMagic):]))
	return data[:len(data)-footerLen-n], data[len(data)-footerLen-n : len(data)-footerLen], foot
}

// rewriteMeta re-encodes an entry with its metadata changed by edit.
func rewriteMeta(t *testing.T, data []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	body, js, _ := splitEntry(t, data)
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	njs, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	out := append(append([]byte{}, body...), njs...)
	out = append(out, footerMagic...)
	return binary.BigEndian.AppendUint64(out, uint64(len(njs)))
}

func TestCorruptEntryReplaced(t *testing.T) {
	const body = `[{"id":"a"},{"id":"b"}]`
	tests := []struct {
		name    string
		corrupt func(t *testing.T, data, other []byte) []byte
	}{
		{"empty file", func(t *testing.T, d, _ []byte) []byte { return nil }},
		{"shorter than footer", func(t *testing.T, d, _ []byte) []byte { return d[len(d)-5:] }},
		{"truncated footer", func(t *testing.T, d, _ []byte) []byte { return d[:len(d)-3] }},
		{"body byte lost", func(t *testing.T, d, _ []byte) []byte { return d[1:] }},
		{"body byte flipped", func(t *testing.T, d, _ []byte) []byte {
			c := bytes.Clone(d)
			c[3] ^= 0x20
			return c
		}},
		{"bad magic", func(t *testing.T, d, _ []byte) []byte {
			c := bytes.Clone(d)
			c[len(c)-footerLen] = 'X'
			return c
		}},
		{"huge metadata length", func(t *testing.T, d, _ []byte) []byte {
			c := bytes.Clone(d)
			binary.BigEndian.PutUint64(c[len(c)-8:], 1<<62)
			return c
		}},
		{"metadata not JSON", func(t *testing.T, d, _ []byte) []byte {
			body, js, foot := splitEntry(t, d)
			return append(append(append([]byte{}, body...), bytes.Repeat([]byte("{"), len(js))...), foot...)
		}},
		{"metadata wrong type", func(t *testing.T, d, _ []byte) []byte {
			return rewriteMeta(t, d, func(m map[string]any) { m["body_len"] = "many" })
		}},
		{"other version", func(t *testing.T, d, _ []byte) []byte {
			return rewriteMeta(t, d, func(m map[string]any) { m["version"] = 2 })
		}},
		{"checksum field", func(t *testing.T, d, _ []byte) []byte {
			return rewriteMeta(t, d, func(m map[string]any) { m["body_sha256"] = "00" })
		}},
		{"no validator", func(t *testing.T, d, _ []byte) []byte {
			return rewriteMeta(t, d, func(m map[string]any) { m["header"] = map[string]any{"Content-Type": []string{"application/json"}} })
		}},
		{"foreign header", func(t *testing.T, d, _ []byte) []byte {
			return rewriteMeta(t, d, func(m map[string]any) {
				m["header"].(map[string]any)["Set-Cookie"] = []string{"s=1"}
			})
		}},
		{"entry of another URL", func(t *testing.T, _, other []byte) []byte { return other }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, validated(`"v1"`, "", body, nil))
			tr := newTransport(t, o)
			get(t, tr, o.URL+"/other")
			otherPath := onlyEntry(t, tr.Dir)
			other, err := os.ReadFile(otherPath)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(otherPath); err != nil {
				t.Fatal(err)
			}
			get(t, tr, o.URL+"/a")
			path := onlyEntry(t, tr.Dir)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tc.corrupt(t, data, other), 0o600); err != nil {
				t.Fatal(err)
			}

			r := get(t, tr, o.URL+"/a")
			if r.status != 200 || r.body != body || r.err != nil || r.header.Get(MarkerHeader) != "" {
				t.Fatalf("got %+v", r)
			}
			if h, _ := o.last(); h.Get("If-None-Match") != "" {
				t.Errorf("corrupt entry was revalidated")
			}
			if s := tr.Stats(); s.Corrupt != 1 || s.Stored != 3 || s.Failed != 0 {
				t.Errorf("stats = %+v", s)
			}
			checkEntry(t, path) // replaced by the fresh 200
			if r := get(t, tr, o.URL+"/a"); r.header.Get(MarkerHeader) != "revalidated" || r.body != body {
				t.Errorf("replacement entry not used: %+v", r)
			}
		})
	}
}

// A corrupt entry is removed even when the answer cannot replace it.
func TestCorruptEntryRemovedOnError(t *testing.T) {
	o := newOrigin(t, validated(`"v1"`, "", "body", nil))
	tr := newTransport(t, o)
	get(t, tr, o.URL+"/a")
	path := onlyEntry(t, tr.Dir)
	if err := os.WriteFile(path, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	o.setHandler(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	if r := get(t, tr, o.URL+"/a"); r.status != http.StatusBadGateway {
		t.Fatalf("status %d", r.status)
	}
	if es := entries(t, tr.Dir); len(es) != 0 {
		t.Errorf("corrupt entry kept")
	}
	if s := tr.Stats(); s.Corrupt != 1 {
		t.Errorf("stats = %+v", s)
	}
}
