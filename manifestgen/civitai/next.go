package civitai

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// nextURL returns the URL of the page after pageURL, or "" when the page
// was the last: no (or a null or empty) metadata.nextCursor. An empty page
// that carries a cursor gets its next URL too: the pipeline reports such a
// page and ends the listing there.
//
// metadata.nextPage is used when rule.Check accepts it after pageURL (same
// scheme; the source's origin or an allowed mirror). A nextPage on another
// scheme is an error: the hub asks for a downgrade, and it is never
// followed. Otherwise (missing, malformed, or on another host or port, as
// real CivitAI names api.civitai.com for civitai.com) nextPage is not
// followed either: the URL is pageURL with cursor=<nextCursor> set and page
// removed, so the next page comes from the page's own origin.
func nextURL(pageURL string, md *Metadata, rule origin.Rule) (string, error) {
	if md == nil {
		return "", nil
	}
	cursor, err := cursorString(md.NextCursor)
	if err != nil || cursor == "" {
		return "", err
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return "", errors.New("page URL: not a URL")
	}
	if md.NextPage != "" {
		if ref, err := url.Parse(md.NextPage); err == nil {
			u := base.ResolveReference(ref)
			err := rule.Check(base, u)
			if err == nil {
				return u.String(), nil
			}
			if origin.SchemeChange(err) {
				return "", fmt.Errorf("nextPage: %w", err)
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
