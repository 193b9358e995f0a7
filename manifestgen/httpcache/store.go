package httpcache

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// store decides whether a 200 is cacheable. If it is, the returned response's
// body tees into a temporary file that becomes the entry when the caller has
// read it to EOF and closed it; if not, any entry it supersedes is removed.
func (t *Transport) store(req *http.Request, resp *http.Response, key, path string) *http.Response {
	why := notStorable(resp, t.maxEntry())
	kept := keepHeaders(resp.Header)
	if why == "" && spells(t.Secrets, kept) {
		why = "a header spells a secret"
	}
	if why != "" {
		t.log().Debug("httpcache: not storing", "host", req.URL.Host, "path", req.URL.Path, "reason", why)
		t.remove(path, key)
		return resp
	}
	if err := os.MkdirAll(t.Dir, 0o700); err != nil {
		t.fail("creating cache directory", key, err)
		return resp
	}
	f, err := os.CreateTemp(t.Dir, ".tmp-"+short(key)+"-*")
	if err != nil {
		t.fail("creating entry", key, err)
		return resp
	}
	names, _ := varyNames(resp.Header)
	resp.Body = &teeBody{
		rc:   resp.Body,
		t:    t,
		f:    f,
		w:    bufio.NewWriterSize(f, 64<<10),
		h:    sha256.New(),
		want: resp.ContentLength,
		path: path,
		echo: t.Secrets.Scanner(),
		meta: meta{Version: entryVersion, Key: key, Header: kept, Vary: varyPrint(req, names)},
	}
	return resp
}

// notStorable returns why a 200 must not be stored, or "".
func notStorable(resp *http.Response, maxEntry int64) string {
	_, star := varyNames(resp.Header)
	enc := resp.Header.Get("Content-Encoding")
	switch {
	case hasDirective(resp.Header, "no-store"):
		return "no-store"
	case resp.Header.Get("ETag") == "" && resp.Header.Get("Last-Modified") == "":
		return "no validator"
	case star:
		return "Vary: *"
	case enc != "" && !strings.EqualFold(enc, "identity"):
		return "Content-Encoding " + enc // only decoded bodies are kept
	case resp.ContentLength > maxEntry:
		return "larger than MaxEntry"
	}
	return ""
}

// spells reports whether a value in h spells a value of sec.
func spells(sec *redact.Set, h http.Header) bool {
	for _, vals := range h {
		for _, v := range vals {
			if sec.Contains(v) {
				return true
			}
		}
	}
	return false
}

// teeBody passes a response body through to the caller and copies it into
// a temporary entry file, committed on Close after a complete, clean read.
// Close may run concurrently with Read (to abort it), so state is guarded.
type teeBody struct {
	rc   io.ReadCloser
	t    *Transport
	want int64 // Content-Length, or -1
	path string
	echo *redact.Scanner // finds secrets in the body

	mu   sync.Mutex
	f    *os.File
	w    *bufio.Writer
	h    hash.Hash
	n    int64
	meta meta
	eof  bool
	bad  error // why the copy cannot become an entry
	done bool  // closed
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done || b.bad != nil {
		return n, err
	}
	switch {
	case b.n+int64(n) > b.t.maxEntry():
		b.bad = errors.New("body larger than MaxEntry")
	case n > 0:
		if _, werr := b.w.Write(p[:n]); werr != nil {
			b.bad = fmt.Errorf("writing entry: %w", werr)
			break
		}
		b.h.Write(p[:n])
		b.n += int64(n)
		if _, _ = b.echo.Write(p[:n]); b.echo.Found() {
			b.bad = errors.New("body spells a secret")
		}
	}
	switch {
	case err == io.EOF:
		b.eof = true
	case err != nil && b.bad == nil:
		b.bad = fmt.Errorf("reading body: %w", err)
	}
	return n, err
}

// Close closes the response body, then commits or discards the entry.
func (b *teeBody) Close() error {
	err := b.rc.Close()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return err
	}
	b.done = true
	tmp := b.f.Name()
	switch {
	case b.bad != nil:
	case !b.eof:
		b.bad = errors.New("body not read to the end")
	case err != nil:
		b.bad = fmt.Errorf("closing body: %w", err)
	case b.want >= 0 && b.n != b.want:
		b.bad = fmt.Errorf("body is %d bytes, Content-Length %d", b.n, b.want)
	default:
		b.bad = b.commit()
		if b.bad == nil {
			b.t.counters.stored.Add(1)
			b.t.log().Debug("httpcache: stored", "key", short(b.meta.Key), "bytes", b.n)
			return err
		}
		b.t.fail("storing entry", b.meta.Key, b.bad)
	}
	b.f.Close()
	if rerr := os.Remove(tmp); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		b.t.fail("removing temporary entry", b.meta.Key, rerr)
	}
	b.t.log().Debug("httpcache: not stored", "key", short(b.meta.Key), "reason", b.bad)
	return err
}

// commit writes the trailer and renames the temporary file into place.
func (b *teeBody) commit() error {
	b.meta.BodyLen = b.n
	b.meta.BodySHA256 = hex.EncodeToString(b.h.Sum(nil))
	b.meta.Stored = time.Now().UTC()
	trailer, err := encodeTrailer(&b.meta)
	if err != nil {
		return err
	}
	if _, err := b.w.Write(trailer); err != nil {
		return fmt.Errorf("writing entry: %w", err)
	}
	if err := b.w.Flush(); err != nil {
		return fmt.Errorf("writing entry: %w", err)
	}
	if err := b.f.Close(); err != nil {
		return fmt.Errorf("closing entry: %w", err)
	}
	if err := os.Rename(b.f.Name(), b.path); err != nil {
		return fmt.Errorf("renaming entry into place: %w", err)
	}
	return nil
}
