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
		Items    []listItem `json:"items"`
		Metadata *Metadata  `json:"metadata"`
	}
	if err := json.Unmarshal(resp.Body, &fast); err == nil && fast.Items != nil {
		p := Page{Models: make([]manifest.Model, 0, len(fast.Items))}
		for i := range fast.Items {
			m := fast.Items[i].model()
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

// listItem is the part of a list item the output needs. Decoding only this
// skips descriptions, hashes and image metadata — most of a page's bytes —
// which encoding/json then scans without building values.
type listItem struct {
	ID                 int64         `json:"id"`
	Name               string        `json:"name"`
	Type               string        `json:"type"`
	NSFW               bool          `json:"nsfw"`
	Tags               []string      `json:"tags"`
	AllowCommercialUse CommercialUse `json:"allowCommercialUse"`
	Stats              *ModelStats   `json:"stats"`
	Creator            *Creator      `json:"creator"`
	ModelVersions      []struct {
		BaseModel   string `json:"baseModel"`
		PublishedAt string `json:"publishedAt"`
		Files       []struct {
			SizeKB  float64 `json:"sizeKB"`
			Primary bool    `json:"primary"`
		} `json:"files"`
		Images []struct {
			URL string `json:"url"`
		} `json:"images"`
	} `json:"modelVersions"`
}

// model returns the Model holding what it carries: enough for Manifest.
func (it *listItem) model() Model {
	m := Model{
		ID: it.ID, Name: it.Name, Type: it.Type, NSFW: it.NSFW, Tags: it.Tags,
		AllowCommercialUse: it.AllowCommercialUse, Stats: it.Stats, Creator: it.Creator,
	}
	if len(it.ModelVersions) > 0 { // Manifest reads the newest version only
		v := it.ModelVersions[0]
		mv := ModelVersion{BaseModel: v.BaseModel, PublishedAt: v.PublishedAt}
		for _, f := range v.Files {
			mv.Files = append(mv.Files, File{SizeKB: f.SizeKB, Primary: f.Primary})
		}
		for _, img := range v.Images {
			mv.Images = append(mv.Images, Image{URL: img.URL})
		}
		m.ModelVersions = []ModelVersion{mv}
	}
	return m
}
