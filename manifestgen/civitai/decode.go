package civitai

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// decodePage decodes resp, the response to a GET of pageURL, into a Page.
// Errors name resp.URL, which fetch has stripped of secrets.
func decodePage(pageURL string, resp *fetch.Response) (Page, error) {
	// One typed pass is the common case; a page it cannot take whole is
	// decoded again step by step below, for an error that says where.
	var fast struct {
		Items    []Model   `json:"items"`
		Metadata *Metadata `json:"metadata"`
	}
	if err := json.Unmarshal(resp.Body, &fast); err == nil && fast.Items != nil {
		p := Page{Models: make([]manifest.Model, 0, len(fast.Items))}
		for _, m := range fast.Items {
			if m.ID <= 0 {
				return decodePageSlow(pageURL, resp)
			}
			p.Models = append(p.Models, m.Manifest())
		}
		next, err := nextURL(pageURL, fast.Metadata, len(fast.Items))
		if err != nil {
			return decodePageSlow(pageURL, resp)
		}
		p.Next = next
		return p, nil
	}
	return decodePageSlow(pageURL, resp)
}

// decodePageSlow decodes resp in steps (object, items, each item), so that
// an error names the part that is wrong.
func decodePageSlow(pageURL string, resp *fetch.Response) (Page, error) {
	// fetch has already refused bodies that are not JSON (HTML challenge
	// pages and the like), naming their Content-Type.
	fail := func(what string, err error) (Page, error) {
		return Page{}, fmt.Errorf("civitai: decode page %s: %s: %w", resp.URL, what, err)
	}
	var raw struct {
		Items    json.RawMessage `json:"items"`
		Metadata *Metadata       `json:"metadata"`
		Error    json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(resp.Body, &raw); err != nil {
		return fail(`expected object with "items"`, err)
	}
	if raw.Items == nil {
		if raw.Error != nil {
			return fail(`expected object with "items"`, fmt.Errorf("got error %.200s", raw.Error))
		}
		return fail(`expected object with "items"`, errors.New(`no "items" key`))
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw.Items, &items); err != nil {
		return fail(`"items" is not an array`, err)
	}
	p := Page{Models: make([]manifest.Model, 0, len(items))}
	for i, it := range items {
		var m Model
		if err := json.Unmarshal(it, &m); err != nil {
			return fail(fmt.Sprintf("item %d", i), err)
		}
		if m.ID <= 0 {
			return fail(fmt.Sprintf("item %d", i), fmt.Errorf("no positive id (name %.80q)", m.Name))
		}
		p.Models = append(p.Models, m.Manifest())
	}
	next, err := nextURL(pageURL, raw.Metadata, len(items))
	if err != nil {
		return fail("metadata", err)
	}
	p.Next = next
	return p, nil
}
