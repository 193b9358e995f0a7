package httpcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"testing"
	"time"
)

// buildEntry returns the bytes of a valid entry for key.
func buildEntry(t testing.TB, key string, body []byte, h http.Header) []byte {
	t.Helper()
	sum := sha256.Sum256(body)
	trailer, err := encodeTrailer(&meta{
		Version: entryVersion, Key: key, Header: h,
		BodyLen: int64(len(body)), BodySHA256: hex.EncodeToString(sum[:]),
		Stored: time.Date(2025, 11, 18, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return append(bytes.Clone(body), trailer...)
}

// hfHeaders are headers an entry keeps for a Hugging Face listing page: the
// Link is a real one (/work/shared/api-samples/headers.md), the ETag is made up
// in the weak form Express-style servers send.
var hfHeaders = http.Header{
	"Content-Type": {"application/json; charset=utf-8"},
	"Etag":         {`W/"4f7-hWcZ3p6mY3bH2Yt0n8m3QZQ1eOU"`},
	"Link":         {`<https://huggingface.co/api/models?limit=10&sort=likes&direction=-1&cursor=eyIkb3IiOlt7Imxpa2VzIjoyOTQsIl9pZCI6eyIkZ3QiOiI2MjFmZmRjMTM2NDY4ZDcwOWYxNzlhMTIifX0seyJsaWtlcyI6eyIkbHQiOjI5NH19XX0%3D>; rel="next"`},
}

const fuzzKey = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func TestEntryRoundTrip(t *testing.T) {
	body, err := os.ReadFile("testdata/hf-models-page.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		body []byte
		h    http.Header
	}{
		{"hf page", body, hfHeaders},
		{"empty body", nil, http.Header{"Last-Modified": {lastMod}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := buildEntry(t, fuzzKey, tc.body, tc.h)
			m, err := readEntry(bytes.NewReader(data), int64(len(data)), fuzzKey)
			if err != nil {
				t.Fatal(err)
			}
			if m.BodyLen != int64(len(tc.body)) || !bytes.Equal(data[:m.BodyLen], tc.body) {
				t.Errorf("body does not round-trip")
			}
			if m.Header.Get("Link") != tc.h.Get("Link") || m.Header.Get("ETag") != tc.h.Get("ETag") {
				t.Errorf("headers do not round-trip: %v", m.Header)
			}
			if !bytes.HasPrefix(data, tc.body) {
				t.Errorf("entry does not start with the body")
			}
		})
	}
}

// A stored body changed in place after validation is reported at EOF.
func TestCheckedBodyDetectsChange(t *testing.T) {
	body := []byte(`{"items":[1,2,3]}`)
	sum := sha256.Sum256(body)
	changed := bytes.Clone(body)
	changed[5] = 'X'
	tests := []struct {
		name    string
		data    []byte
		wantErr bool
	}{
		{"unchanged", body, false},
		{"changed", changed, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &checkedBody{r: bytes.NewReader(tc.data), c: io.NopCloser(nil), h: sha256.New(), want: hex.EncodeToString(sum[:])}
			got, err := io.ReadAll(b)
			if (err != nil) != tc.wantErr || (err != nil && !errors.Is(err, errCorrupt)) {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !bytes.Equal(got, tc.data) {
				t.Errorf("body altered")
			}
		})
	}
}

// FuzzReadEntry feeds untrusted bytes to the entry decoder: it must never
// panic, and whatever it accepts must be self-consistent.
func FuzzReadEntry(f *testing.F) {
	body, err := os.ReadFile("testdata/hf-models-page.json")
	if err != nil {
		f.Fatal(err)
	}
	valid := buildEntry(f, fuzzKey, body, hfHeaders)
	f.Add(valid)
	f.Add(buildEntry(f, fuzzKey, nil, http.Header{"Last-Modified": {lastMod}}))
	f.Add(valid[:len(valid)-1])
	f.Add(valid[1:])
	f.Add([]byte{})
	f.Add([]byte(footerMagic + "\x00\x00\x00\x00\x00\x00\x00\x02"))
	f.Add(binary.BigEndian.AppendUint64([]byte("{}"+footerMagic), 2))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := readEntry(bytes.NewReader(data), int64(len(data)), fuzzKey)
		if err != nil {
			if m != nil {
				t.Fatal("metadata returned with an error")
			}
			return
		}
		if m.BodyLen < 0 || m.BodyLen > int64(len(data)) {
			t.Fatalf("accepted body length %d of a %d-byte file", m.BodyLen, len(data))
		}
		sum := sha256.Sum256(data[:m.BodyLen])
		if hex.EncodeToString(sum[:]) != m.BodySHA256 {
			t.Fatal("accepted a body whose checksum does not match")
		}
		if len(keepHeaders(m.Header)) != len(m.Header) {
			t.Fatalf("accepted headers outside storedHeaders: %v", m.Header)
		}
	})
}
