package httpcache

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
)

// credentialHeaders are request headers that change who is asking. They are
// folded into the key as a hash so that entries of different credentials
// (or none) are never mixed, and never written to disk.
var credentialHeaders = []string{"Authorization", "Cookie"}

// cacheKey returns the hex sha256 key of req: method, full URL and a hash of
// its credential headers, if any. A non-empty origin stands for the URL's
// scheme and host (see Transport.Origin).
func cacheKey(req *http.Request, origin string) string {
	h := sha256.New()
	io.WriteString(h, "manifestgen-httpcache-v1\n")
	io.WriteString(h, req.Method)
	io.WriteString(h, "\n")
	if origin != "" {
		u := *req.URL
		u.Scheme, u.Host, u.User = "", "", nil
		io.WriteString(h, "origin "+origin+" ")
		io.WriteString(h, u.String())
	} else {
		io.WriteString(h, req.URL.String())
	}
	io.WriteString(h, "\n")
	for _, name := range credentialHeaders {
		if v := req.Header.Values(name); len(v) > 0 {
			io.WriteString(h, name)
			io.WriteString(h, " ")
			io.WriteString(h, hashValues(v))
			io.WriteString(h, "\n")
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hashValues returns the hex sha256 of a header's values.
func hashValues(v []string) string {
	sum := sha256.Sum256([]byte(strings.Join(v, "\n")))
	return hex.EncodeToString(sum[:])
}

// varyNames returns the canonical request header names a response's Vary
// lists, and whether it lists "*" (not storable).
func varyNames(h http.Header) (names []string, star bool) {
	for _, line := range h.Values("Vary") {
		for _, f := range strings.Split(line, ",") {
			f = strings.TrimSpace(f)
			switch {
			case f == "*":
				return nil, true
			case f != "":
				names = append(names, http.CanonicalHeaderKey(f))
			}
		}
	}
	return names, false
}

// varyPrint records, for each name, a hash of req's values of that header.
// Credential headers are skipped: the key already separates them.
func varyPrint(req *http.Request, names []string) map[string]string {
	if len(names) == 0 {
		return nil
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		if isCredential(n) {
			continue
		}
		out[n] = hashValues(req.Header.Values(n))
	}
	return out
}

// varyMatches reports whether req selects the stored representation.
func varyMatches(req *http.Request, stored map[string]string) bool {
	for n, want := range stored {
		if hashValues(req.Header.Values(n)) != want {
			return false
		}
	}
	return true
}

func isCredential(name string) bool {
	for _, c := range credentialHeaders {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	return false
}
