package civitai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
)

// nextURL returns the URL of the page after pageURL, or "" when the page
// was the last: no items, or no (or a null or empty) metadata.nextCursor.
//
// metadata.nextPage is used when it resolves to the same scheme and host as
// pageURL; otherwise (missing, malformed, or pointing at another host, e.g.
// a recorded page replayed by a local endpoint) the URL is pageURL with
// cursor=<nextCursor> set and page removed.
func nextURL(pageURL string, md *Metadata, items int) (string, error) {
	if items == 0 || md == nil {
		return "", nil
	}
	cursor, err := cursorString(md.NextCursor)
	if err != nil || cursor == "" {
		return "", err
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return "", fmt.Errorf("page URL: %w", err)
	}
	if md.NextPage != "" {
		if ref, err := url.Parse(md.NextPage); err == nil {
			if u := base.ResolveReference(ref); u.Scheme == base.Scheme && u.Host == base.Host {
				return u.String(), nil
			}
		}
	}
	q := base.Query()
	q.Set("cursor", cursor)
	q.Del("page")
	u := *base
	u.RawQuery = q.Encode()
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// cursorString returns nextCursor as the string to send back: a JSON
// string unquoted, a JSON number verbatim, "" for absent or null.
func cursorString(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("nextCursor: %w", err)
		}
		return s, nil
	case c == '-' || c >= '0' && c <= '9':
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", fmt.Errorf("nextCursor: %w", err)
		}
		return n.String(), nil
	}
	return "", fmt.Errorf("nextCursor: want string or number, got %.40s", raw)
}
