package httpcache

import (
	"net/http"
	"slices"
	"strings"
)

// MarkerHeader is set to "revalidated" on responses rebuilt from a stored
// entry after a 304.
const MarkerHeader = "X-Manifestgen-Cache"

// storedHeaders are the only response headers written to an entry.
var storedHeaders = map[string]bool{
	"Content-Type":  true,
	"Etag":          true, // canonical form of ETag
	"Last-Modified": true,
	"Link":          true,
	"Cache-Control": true,
	"Vary":          true,
}

// notMerged are 304 headers that describe the 304 message itself, not the
// stored representation (RFC 9111 section 3.2).
var notMerged = map[string]bool{
	"Content-Length":    true,
	"Content-Encoding":  true,
	"Content-Range":     true,
	"Transfer-Encoding": true,
	"Trailer":           true,
}

// conditionalHeaders make a request conditional; a caller that sets one
// handles 304 itself, so the request bypasses the cache.
var conditionalHeaders = []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range"}

// keepHeaders returns the storedHeaders subset of h.
func keepHeaders(h http.Header) http.Header {
	out := http.Header{}
	for k, v := range h {
		if storedHeaders[k] {
			out[k] = slices.Clone(v)
		}
	}
	return out
}

// mergeHeaders returns the stored headers updated with those of a 304: a
// header present in the 304 replaces the stored one.
func mergeHeaders(stored, fresh http.Header) http.Header {
	out := stored.Clone()
	if out == nil {
		out = http.Header{}
	}
	for k, v := range fresh {
		if !notMerged[http.CanonicalHeaderKey(k)] {
			out[http.CanonicalHeaderKey(k)] = slices.Clone(v)
		}
	}
	return out
}

// hasDirective reports whether a Cache-Control header lists directive.
func hasDirective(h http.Header, directive string) bool {
	for _, line := range h.Values("Cache-Control") {
		for _, f := range strings.Split(line, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(f), "=")
			if strings.EqualFold(strings.TrimSpace(name), directive) {
				return true
			}
		}
	}
	return false
}

// sameETag compares two entity tags weakly (RFC 9110 section 8.8.3.2).
func sameETag(a, b string) bool {
	return strings.TrimPrefix(strings.TrimSpace(a), "W/") == strings.TrimPrefix(strings.TrimSpace(b), "W/")
}
