package huggingface

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// decodePage decodes resp, the response to a GET of pageURL, into a Page.
// The page is the last when it has no Link rel="next" or no items. Errors
// name resp.URL, which fetch has stripped of secrets.
func decodePage(pageURL string, resp *fetch.Response) (Page, error) {
	// One typed pass is the common case; a page it cannot take whole is
	// decoded again step by step below, for an error that says where.
	var fast []Model
	if err := json.Unmarshal(resp.Body, &fast); err == nil && fast != nil {
		p := Page{Models: make([]manifest.Model, 0, len(fast))}
		for _, m := range fast {
			if m.ID == "" {
				m.ID = m.ModelID
			}
			if m.ID == "" {
				return decodePageSlow(pageURL, resp)
			}
			p.Models = append(p.Models, m.Manifest())
		}
		if len(fast) == 0 {
			return p, nil
		}
		next, err := nextLink(resp.Header.Values("Link"), pageURL)
		if err != nil {
			return decodePageSlow(pageURL, resp)
		}
		p.Next = next
		return p, nil
	}
	return decodePageSlow(pageURL, resp)
}

// decodePageSlow decodes resp in steps (array, then each item), so that an
// error names the item that is wrong.
func decodePageSlow(pageURL string, resp *fetch.Response) (Page, error) {
	// fetch has already refused bodies that are not JSON (HTML challenge
	// pages and the like), naming their Content-Type.
	fail := func(what string, err error) (Page, error) {
		return Page{}, fmt.Errorf("huggingface: decode page %s: %s: %w", resp.URL, what, err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(resp.Body, &items); err != nil {
		return fail("expected JSON array of models", err)
	}
	p := Page{Models: make([]manifest.Model, 0, len(items))}
	for i, it := range items {
		var m Model
		if err := json.Unmarshal(it, &m); err != nil {
			return fail(fmt.Sprintf("item %d", i), err)
		}
		if m.ID == "" {
			m.ID = m.ModelID
		}
		if m.ID == "" {
			return fail(fmt.Sprintf("item %d", i), errors.New("no id"))
		}
		p.Models = append(p.Models, m.Manifest())
	}
	if len(items) == 0 {
		return p, nil
	}
	next, err := nextLink(resp.Header.Values("Link"), pageURL)
	if err != nil {
		return fail("header", err)
	}
	p.Next = next
	return p, nil
}
