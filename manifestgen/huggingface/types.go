package huggingface

import "encoding/json"

// Model is one item of GET /api/models. With expand, only the expanded
// fields plus _id and id are present; absent fields decode to zero values.
type Model struct {
	MongoID       string       `json:"_id"`
	ID            string       `json:"id"`                // "org/name" (legacy repos: "name")
	ModelID       string       `json:"modelId,omitempty"` // legacy duplicate of id
	Author        string       `json:"author,omitempty"`
	Likes         int64        `json:"likes"`
	Downloads     int64        `json:"downloads"` // last 30 days
	TrendingScore float64      `json:"trendingScore"`
	Private       bool         `json:"private"`
	Gated         Gated        `json:"gated,omitempty"`
	Tags          []string     `json:"tags"`
	PipelineTag   string       `json:"pipeline_tag,omitempty"`
	LibraryName   string       `json:"library_name,omitempty"`
	CreatedAt     string       `json:"createdAt,omitempty"` // "2022-03-02T23:29:04.000Z" means created before tracking
	LastModified  string       `json:"lastModified,omitempty"`
	SHA           string       `json:"sha,omitempty"`      // commit id of the main branch
	CardData      *CardData    `json:"cardData,omitempty"` // with expand=cardData
	Safetensors   *Safetensors `json:"safetensors,omitempty"`
	GGUF          *GGUF        `json:"gguf,omitempty"`
}

// CardData is the part of a model card's metadata the manifests read.
type CardData struct {
	License json.RawMessage `json:"license,omitempty"` // a string, or a list; kept raw so no form fails an item
}

// Safetensors is the parameter count read from a repo's safetensors
// metadata: stored elements per dtype and their sum.
type Safetensors struct {
	Parameters map[string]int64 `json:"parameters"` // dtype ("BF16", "F32", ...) to count
	Total      int64            `json:"total"`
}

// GGUF describes a repo's GGUF weights.
type GGUF struct {
	Total         int64  `json:"total"` // parameters
	Architecture  string `json:"architecture,omitempty"`
	ContextLength int64  `json:"context_length,omitempty"`
}
