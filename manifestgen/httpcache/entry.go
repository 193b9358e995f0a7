package httpcache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"time"
)

// Entry file layout constants; see the package documentation.
const (
	entryVersion = 1
	footerMagic  = "MGHCv001"
	footerLen    = len(footerMagic) + 8
	maxMetaLen   = 1 << 20
)

// errCorrupt marks an entry file that is not a valid entry for its key.
var errCorrupt = errors.New("corrupt cache entry")

// meta is the JSON metadata stored after the body of an entry.
type meta struct {
	Version    int               `json:"version"`
	Key        string            `json:"key"`            // hex key; equals the file name
	Header     http.Header       `json:"header"`         // stored response headers (storedHeaders only)
	Vary       map[string]string `json:"vary,omitempty"` // request header named by Vary -> hex sha256 of its values
	BodyLen    int64             `json:"body_len"`
	BodySHA256 string            `json:"body_sha256"` // hex
	Stored     time.Time         `json:"stored"`
}

// encodeTrailer returns the metadata JSON followed by the footer, to be
// written right after the body.
func encodeTrailer(m *meta) ([]byte, error) {
	js, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encoding entry metadata: %w", err)
	}
	if len(js) > maxMetaLen {
		return nil, fmt.Errorf("entry metadata is %d bytes, over %d", len(js), maxMetaLen)
	}
	out := append(js, footerMagic...)
	return binary.BigEndian.AppendUint64(out, uint64(len(js))), nil
}

// readEntry decodes and checks the entry in r (size bytes) for key: layout,
// metadata, key and body checksum. Errors that mean "not a valid entry" wrap
// errCorrupt; others are I/O errors from r.
func readEntry(r io.ReaderAt, size int64, key string) (*meta, error) {
	if size < int64(footerLen) {
		return nil, fmt.Errorf("%w: %d bytes is shorter than the footer", errCorrupt, size)
	}
	var foot [footerLen]byte
	if _, err := r.ReadAt(foot[:], size-int64(footerLen)); err != nil {
		return nil, fmt.Errorf("reading entry footer: %w", err)
	}
	if string(foot[:len(footerMagic)]) != footerMagic {
		return nil, fmt.Errorf("%w: bad magic %q", errCorrupt, foot[:len(footerMagic)])
	}
	metaLen := binary.BigEndian.Uint64(foot[len(footerMagic):])
	if metaLen == 0 || metaLen > maxMetaLen || int64(metaLen) > size-int64(footerLen) {
		return nil, fmt.Errorf("%w: metadata length %d does not fit a %d-byte file", errCorrupt, metaLen, size)
	}
	bodyLen := size - int64(footerLen) - int64(metaLen)
	js := make([]byte, metaLen)
	if _, err := r.ReadAt(js, bodyLen); err != nil {
		return nil, fmt.Errorf("reading entry metadata: %w", err)
	}
	var m meta
	if err := json.Unmarshal(js, &m); err != nil {
		return nil, fmt.Errorf("%w: metadata: %v", errCorrupt, err)
	}
	if err := m.check(key, bodyLen); err != nil {
		return nil, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, bodyLen)); err != nil {
		return nil, fmt.Errorf("reading entry body: %w", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != m.BodySHA256 {
		return nil, fmt.Errorf("%w: body checksum mismatch", errCorrupt)
	}
	return &m, nil
}

// check validates decoded metadata against the expected key and the body
// length implied by the file size.
func (m *meta) check(key string, bodyLen int64) error {
	switch {
	case m.Version != entryVersion:
		return fmt.Errorf("%w: version %d, want %d", errCorrupt, m.Version, entryVersion)
	case m.Key != key:
		return fmt.Errorf("%w: entry is for another key", errCorrupt)
	case m.BodyLen != bodyLen:
		return fmt.Errorf("%w: body is %d bytes, metadata says %d", errCorrupt, bodyLen, m.BodyLen)
	case len(m.BodySHA256) != 2*sha256.Size:
		return fmt.Errorf("%w: bad checksum field", errCorrupt)
	case m.Header.Get("ETag") == "" && m.Header.Get("Last-Modified") == "":
		return fmt.Errorf("%w: no validator", errCorrupt)
	}
	for k := range m.Header {
		if http.CanonicalHeaderKey(k) != k || !storedHeaders[k] {
			return fmt.Errorf("%w: unexpected stored header %q", errCorrupt, k)
		}
	}
	return nil
}

// checkedBody streams an entry's body from its file and re-checks the
// checksum at EOF, so an entry changed in place after it was validated is
// reported instead of returned.
type checkedBody struct {
	r    io.Reader
	c    io.Closer
	h    hash.Hash
	want string
}

func (b *checkedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(b.h.Sum(nil)) != b.want {
		return n, fmt.Errorf("httpcache: stored body changed while read: %w", errCorrupt)
	}
	return n, err
}

func (b *checkedBody) Close() error { return b.c.Close() }
