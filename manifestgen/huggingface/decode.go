package huggingface

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/manifestgen/manifestgen/manifestgen/internal/jsonstream"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// decodeModels reads the JSON array of models from body as it arrives, one
// item at a time (each decoded by encoding/json), so a page is never held
// whole. Errors say which item is wrong; the caller names the URL.
func decodeModels(body io.Reader) ([]manifest.Model, error) {
	r := jsonstream.NewReader(body)
	defer r.Release()
	if c, err := r.Peek(); err != nil {
		return nil, fmt.Errorf("expected JSON array of models: %w", err)
	} else if c != '[' {
		return nil, fmt.Errorf("expected JSON array of models: got %s", jsonstream.KindName(c))
	}
	models := []manifest.Model{}
	var inner error // an item's error, said in full
	err := r.Array(func(i int) error {
		raw, err := r.Value()
		if err != nil {
			return err
		}
		var m Model
		if err := json.Unmarshal(raw, &m); err != nil {
			inner = fmt.Errorf("item %d: %w", i, err)
			return inner
		}
		if m.ID == "" {
			m.ID = m.ModelID
		}
		if m.ID == "" {
			inner = fmt.Errorf("item %d: %w", i, errors.New("no id"))
			return inner
		}
		models = append(models, m.Manifest())
		return nil
	})
	if err == nil {
		err = r.End()
	}
	switch {
	case inner != nil:
		return nil, inner
	case err != nil:
		return nil, fmt.Errorf("expected JSON array of models: %w", err)
	}
	return models, nil
}

// page builds the Page of models from the Link header of their response;
// rule judges the next link.
func page(pageURL string, header http.Header, models []manifest.Model, rule origin.Rule) (Page, error) {
	p := Page{Models: models}
	if len(models) == 0 {
		return p, nil
	}
	next, err := nextLink(header.Values("Link"), pageURL, rule)
	if err != nil {
		return Page{}, fmt.Errorf("header: %w", err)
	}
	p.Next = next
	return p, nil
}
