package fetch

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
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
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 4096)])
	switch {
	case bytes.Contains(lower, []byte("/cdn-cgi/challenge-platform")) || bytes.Contains(lower, []byte("_cf_chl_opt")):
		return fmt.Errorf("%w: got a Cloudflare challenge page (Content-Type %q); the host is blocking automated requests", ErrNotJSON, contentType)
	case mt == "text/html" || bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")):
		return fmt.Errorf("%w: got an HTML page (Content-Type %q), e.g. a proxy or challenge page", ErrNotJSON, contentType)
	}
	return fmt.Errorf("%w: unexpected Content-Type %q", ErrNotJSON, contentType)
}
