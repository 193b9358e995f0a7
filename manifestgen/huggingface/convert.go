package huggingface

import (
	"encoding/json"
	"math"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// SiteURL is the base of the canonical model pages written to manifests,
// independent of the endpoint the data came from.
const SiteURL = "https://huggingface.co"

// Manifest maps m to the normalised manifest form. Parameters come from
// safetensors, else gguf, else ParamsFromID; License from the first
// "license:" tag, else the model card's license when it is a string.
func (m *Model) Manifest() manifest.Model {
	id := m.ID
	if id == "" {
		id = m.ModelID
	}
	org, name, ok := strings.Cut(id, "/")
	if !ok {
		org, name = "", id
	}
	out := manifest.Model{
		ID:           id,
		Name:         name,
		Author:       m.Author,
		Downloads:    m.Downloads,
		Likes:        m.Likes,
		Tags:         m.Tags,
		Type:         m.PipelineTag,
		URL:          SiteURL + "/" + id,
		License:      License(m.Tags),
		Library:      m.LibraryName,
		CreatedAt:    m.CreatedAt,
		LastModified: m.LastModified,
		SHA:          m.SHA,
		Parameters:   m.Parameters(),
	}
	if out.License == "" && m.CardData != nil {
		var l string
		if json.Unmarshal(m.CardData.License, &l) == nil {
			out.License = strings.TrimSpace(l)
		}
	}
	if out.Author == "" {
		out.Author = org
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	return out
}

// Parameters returns the parameter count: safetensors total (or the sum of
// its per-dtype counts), else gguf total, else the estimate from the id,
// else 0.
func (m *Model) Parameters() int64 {
	if st := m.Safetensors; st != nil {
		if st.Total > 0 {
			return st.Total
		}
		var sum int64
		for _, n := range st.Parameters {
			if n > 0 && sum <= math.MaxInt64-n {
				sum += n
			}
		}
		if sum > 0 {
			return sum
		}
	}
	if m.GGUF != nil && m.GGUF.Total > 0 {
		return m.GGUF.Total
	}
	id := m.ID
	if id == "" {
		id = m.ModelID
	}
	n, _ := ParamsFromID(id)
	return n
}

// License returns the value of the first "license:" tag, or "".
func License(tags []string) string {
	for _, t := range tags {
		if v, ok := strings.CutPrefix(t, "license:"); ok {
			return v
		}
	}
	return ""
}
