package hub

import (
	"net/url"
	"strings"
)

// nextQuery rebuilds a raw query string in its original order, re-encoding
// each pair with enc, and drops the keys of add before appending add's
// pairs: the query of a next-page URL.
func nextQuery(rawQuery string, add [][2]string, enc func(string) string) string {
	var b strings.Builder
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, v = unescapeQuery(k), unescapeQuery(v)
		dropped := false
		for _, a := range add {
			dropped = dropped || a[0] == k
		}
		if !dropped {
			b.WriteString(enc(k) + "=" + enc(v) + "&")
		}
	}
	for i, a := range add {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(enc(a[0]) + "=" + enc(a[1]))
	}
	return b.String()
}

func unescapeQuery(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// encodeURIComponent escapes s as JavaScript's encodeURIComponent does
// (spaces become %20), which is how CivitAI's nextPage is encoded.
func encodeURIComponent(s string) string {
	const keep = "-_.!~*'()"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}
