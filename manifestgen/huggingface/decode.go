package huggingface

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/manifestgen/manifestgen/manifestgen/internal/jsonstream"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// decodeModels reads the JSON array of models from body as it arrives, one
// item at a time (each decoded by encoding/json into the members Manifest
// reads), so a page is never held whole. An item whose read members have
// the wrong type, or which has no id, is skipped and listed; the page
// fails only when it is not a JSON array, is cut short, or has too many
// such items (manifest.TooManySkipped). Errors say which item is wrong;
// the caller names the URL.
func decodeModels(body io.Reader) ([]manifest.Model, []manifest.SkippedItem, error) {
	r := jsonstream.NewReader(body)
	defer r.Release()
	if c, err := r.Peek(); err != nil {
		return nil, nil, fmt.Errorf("expected JSON array of models: %w", err)
	} else if c != '[' {
		return nil, nil, fmt.Errorf("expected JSON array of models: got %s", jsonstream.KindName(c))
	}
	models := []manifest.Model{}
	var (
		skipped []manifest.SkippedItem
		total   int
	)
	err := r.Array(func(i int) error {
		total++
		raw, err := r.Value()
		if err != nil {
			return err
		}
		var it listed
		if err := json.Unmarshal(raw, &it); err != nil {
			skipped = append(skipped, manifest.SkippedItem{Position: i, ID: cmp.Or(it.ID, it.ModelID), Reason: err.Error()})
			return nil
		}
		m := it.model()
		if m.ID == "" {
			skipped = append(skipped, manifest.SkippedItem{Position: i, Reason: "no id"})
			return nil
		}
		models = append(models, m.Manifest())
		return nil
	})
	if err == nil {
		err = r.End()
	}
	switch {
	case err != nil:
		return nil, nil, fmt.Errorf("expected JSON array of models: %w", err)
	case manifest.TooManySkipped(len(skipped), total):
		s := skipped[0]
		return nil, nil, fmt.Errorf("%d of %d items malformed (item %d: %s)", len(skipped), total, s.Position, s.Reason)
	}
	return models, skipped, nil
}

// listed is what decodeModels reads of an item: the members Manifest
// reads, so that no other member can make an item malformed.
type listed struct {
	ID           string       `json:"id"`
	ModelID      string       `json:"modelId"`
	Author       string       `json:"author"`
	Likes        int64        `json:"likes"`
	Downloads    int64        `json:"downloads"`
	Tags         []string     `json:"tags"`
	PipelineTag  string       `json:"pipeline_tag"`
	LibraryName  string       `json:"library_name"`
	CreatedAt    string       `json:"createdAt"`
	LastModified string       `json:"lastModified"`
	SHA          string       `json:"sha"`
	Safetensors  *Safetensors `json:"safetensors"`
	GGUF         *struct {
		Total int64 `json:"total"`
	} `json:"gguf"`
	CardData *CardData `json:"cardData"`
}

// model returns it as a Model, its ID from modelId when id is empty.
func (it *listed) model() Model {
	m := Model{ID: cmp.Or(it.ID, it.ModelID), ModelID: it.ModelID, Author: it.Author, Likes: it.Likes, Downloads: it.Downloads,
		Tags: it.Tags, PipelineTag: it.PipelineTag, LibraryName: it.LibraryName, CreatedAt: it.CreatedAt,
		LastModified: it.LastModified, SHA: it.SHA, Safetensors: it.Safetensors, CardData: it.CardData}
	if it.GGUF != nil {
		m.GGUF = &GGUF{Total: it.GGUF.Total}
	}
	return m
}

// page builds the Page of models from the Link header of their response;
// rule judges the next link. An empty page that links a next page keeps
// the link: the pipeline reports such a page and ends the listing there.
func page(pageURL string, header http.Header, models []manifest.Model, rule origin.Rule) (Page, error) {
	p := Page{Models: models}
	next, err := nextLink(header.Values("Link"), pageURL, rule)
	if err != nil {
		return Page{}, fmt.Errorf("header: %w", err)
	}
	p.Next = next
	return p, nil
}
