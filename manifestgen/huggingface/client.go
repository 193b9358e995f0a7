// Package huggingface lists models from the Hugging Face Hub API
// (GET /api/models) one Link-paginated page at a time, maps them to
// manifest.Model and estimates parameter counts for size filters.
package huggingface

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Page sizes: about 1000 is the largest page the hub serves.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// ListPath is the list endpoint, relative to Client.Endpoint.
const ListPath = "/api/models"

// expandFields are the fields FirstURL always asks for: what the manifest
// and the size and license predicates need.
var expandFields = []string{
	"author", "downloads", "likes", "tags", "pipeline_tag", "library_name", "createdAt",
	"lastModified", "sha", "safetensors", "gguf", "trendingScore", "private", "gated",
}

// Client lists Hugging Face models.
type Client struct {
	Fetch    *fetch.Client // does limiting, retries, auth; required
	Endpoint string        // base URL, e.g. https://huggingface.co (no trailing slash)
	PageSize int           // items per page; <= 0: DefaultPageSize; capped at MaxPageSize
}

// Page is one decoded list page.
type Page struct {
	Models  []manifest.Model       // in hub order
	Next    string                 // absolute URL of the next page; "" on the last page
	Skipped []manifest.SkippedItem // malformed items left out of Models
	Date    time.Time              // the response's Date: the hub's present, which periods are measured against; zero when absent or malformed
}

// FirstURL returns the URL of the first page for a filter's query: q's
// parameters (lists as repeated params, keys sorted) plus limit=PageSize and
// repeated expand params for author, downloads, likes, tags, pipeline_tag,
// library_name, createdAt, lastModified, sha, safetensors, gguf,
// trendingScore, private and gated, followed by any other expand values in q. A cursor in q is
// dropped and a limit replaced. q is not modified.
func (c *Client) FirstURL(q url.Values) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = slices.Clone(vs)
	}
	v.Del("cursor")
	v.Set("limit", strconv.Itoa(c.pageSize()))
	expand := slices.Clone(expandFields)
	for _, e := range q["expand"] {
		if !slices.Contains(expand, e) {
			expand = append(expand, e)
		}
	}
	v["expand"] = expand
	return strings.TrimRight(c.Endpoint, "/") + ListPath + "?" + v.Encode()
}

// Page fetches and decodes the page at pageURL; Next comes from the
// response's Link rel="next" header, which must pass c.Fetch.Origins.Check
// (no scheme change; Home or an allowed mirror). Errors from c.Fetch are wrapped; a body
// that is not a JSON array of models gives an error naming the URL.
func (c *Client) Page(ctx context.Context, pageURL string) (Page, error) {
	if c.Fetch == nil {
		return Page{}, errors.New("huggingface: Client.Fetch is nil")
	}
	var (
		models  []manifest.Model
		skipped []manifest.SkippedItem
	)
	resp, err := c.Fetch.GetDecode(ctx, pageURL, func(body io.Reader) error {
		var err error
		models, skipped, err = decodeModels(body)
		return err
	})
	if err == nil {
		var p Page
		if p, err = page(pageURL, resp.Header, models, c.Fetch.Origins); err == nil {
			p.Skipped = skipped
			p.Date = resp.Date()
			return p, nil
		}
	}
	if resp != nil { // the body arrived whole but is not a list page
		return Page{}, fmt.Errorf("huggingface: decode page %s: %w", resp.URL, err)
	}
	return Page{}, fmt.Errorf("huggingface: %w", err)
}

func (c *Client) pageSize() int {
	switch {
	case c.PageSize <= 0:
		return DefaultPageSize
	case c.PageSize > MaxPageSize:
		return MaxPageSize
	}
	return c.PageSize
}
