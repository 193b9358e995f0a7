package fetch

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Bounds of what is read from non-2xx bodies: enough for an error excerpt,
// then a bounded drain so the connection can be reused.
const (
	errBodyMax  = 64 << 10
	drainMax    = 256 << 10
	defaultBody = 16 << 20
)

// readBody reads resp's body through a bounded reader. A 2xx body must be
// complete, at most maxBody bytes and JSON; a non-2xx body is read only for its
// excerpt and read errors are ignored (the status decides).
func readBody(resp *http.Response, maxBody int64) ([]byte, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, errBodyMax))
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainMax))
		return data, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading body after %d bytes: %w", len(data), err)
	}
	if int64(len(data)) > maxBody {
		return nil, fmt.Errorf("%w: over MaxBody (%d bytes)", ErrBodyTooLarge, maxBody)
	}
	if resp.ContentLength > 0 && int64(len(data)) < resp.ContentLength {
		return nil, fmt.Errorf("body truncated: %d of %d bytes: %w", len(data), resp.ContentLength, io.ErrUnexpectedEOF)
	}
	if err := checkJSON(resp.Header.Get("Content-Type"), data); err != nil {
		return data, err
	}
	return data, nil
}

// sniffMax is how much of a body without a JSON Content-Type is read to
// check it and to name what it is.
const sniffMax = 4096

// streamBody passes a 2xx body to dec as it arrives, through a reader that
// stops at maxBody, and then drains what dec left (a bounded amount). It
// returns readErr, the transport or body error (it voids what dec did), and
// decErr, dec's own error on a body that arrived whole, or ErrSecretEcho when
// the body spells a secret of sec (what dec did is void then too).
func streamBody(resp *http.Response, maxBody int64, dec Decoder, sec *redact.Set) (readErr, decErr error) {
	echo := sec.Scanner()
	var body io.Reader = resp.Body
	ct := resp.Header.Get("Content-Type")
	if !jsonMediaType(ct) {
		head, err := io.ReadAll(io.LimitReader(resp.Body, sniffMax))
		if err != nil {
			return fmt.Errorf("reading body after %d bytes: %w", len(head), err), nil
		}
		if err := checkJSON(ct, head); err != nil {
			return err, nil
		}
		body = io.MultiReader(bytes.NewReader(head), resp.Body)
	}
	br := &boundedReader{r: io.TeeReader(body, echo), max: maxBody}
	decErr = dec(br)
	if br.err == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(br, drainMax))
	}
	switch {
	case br.err != nil:
		return br.err, nil
	case br.eof && resp.ContentLength > 0 && br.n < resp.ContentLength:
		return fmt.Errorf("body truncated: %d of %d bytes: %w", br.n, resp.ContentLength, io.ErrUnexpectedEOF), nil
	case echo.Found():
		return nil, fmt.Errorf("%w (body)", ErrSecretEcho)
	}
	return nil, decErr
}

// boundedReader reads at most max bytes of r and remembers the first read
// error other than io.EOF, reading past max included.
type boundedReader struct {
	r   io.Reader
	max int64
	n   int64
	err error
	eof bool // r said io.EOF
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if rest := b.max + 1 - b.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.n > b.max {
		b.err = fmt.Errorf("%w: over MaxBody (%d bytes)", ErrBodyTooLarge, b.max)
		return 0, b.err
	}
	if err != nil && err != io.EOF {
		b.err = fmt.Errorf("reading body after %d bytes: %w", b.n, err)
		return n, b.err
	}
	b.eof = b.eof || err == io.EOF
	return n, err
}

// jsonMediaType reports whether contentType is application/json or
// */*+json.
func jsonMediaType(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// checkJSON accepts a JSON media type (application/json, */*+json), or no
// Content-Type with a body that starts like JSON.
func checkJSON(contentType string, body []byte) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if contentType == "" {
		if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
			return nil
		}
		if len(trimmed) == 0 {
			return fmt.Errorf("%w: empty body without Content-Type", ErrNotJSON)
		}
	}
	if jsonMediaType(contentType) {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 4096)])
	switch {
	case bytes.Contains(lower, []byte("/cdn-cgi/challenge-platform")) || bytes.Contains(lower, []byte("_cf_chl_opt")):
		return fmt.Errorf("%w: got a Cloudflare challenge page (Content-Type %q); the host is blocking automated requests", ErrNotJSON, contentType)
	case mt == "text/html" || bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")):
		return fmt.Errorf("%w: got an HTML page (Content-Type %q), e.g. a proxy or challenge page", ErrNotJSON, contentType)
	}
	return fmt.Errorf("%w: unexpected Content-Type %q", ErrNotJSON, contentType)
}
