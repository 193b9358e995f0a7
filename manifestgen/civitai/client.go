// Package civitai lists models from the CivitAI REST API
// (GET /api/v1/models) one cursor-paginated page at a time and maps them to
// manifest.Model.
package civitai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Page sizes: the server accepts at most MaxPageSize items per page.
const (
	DefaultPageSize = 100
	MaxPageSize     = 100
)

// ListPath is the list endpoint, relative to Client.Endpoint.
const ListPath = "/api/v1/models"

// Client lists CivitAI models. It always uses cursor pagination.
type Client struct {
	Fetch    *fetch.Client // does limiting, retries, auth; required
	Endpoint string        // base URL, e.g. https://civitai.com (no trailing slash)
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
// parameters (lists as repeated params, keys sorted) plus limit=PageSize.
// Any page or cursor in q is dropped so the listing runs in cursor mode
// from the start, and any limit in q is replaced. q is not modified.
func (c *Client) FirstURL(q url.Values) string {
	v := maps.Clone(q)
	if v == nil {
		v = url.Values{}
	}
	for k, vs := range v {
		v[k] = slices.Clone(vs)
	}
	v.Del("page")
	v.Del("cursor")
	v.Set("limit", strconv.Itoa(c.pageSize()))
	return strings.TrimRight(c.Endpoint, "/") + ListPath + "?" + v.Encode()
}

// Page fetches and decodes the page at pageURL. Errors from c.Fetch are
// wrapped; a body that is not a list response gives an error naming the URL.
func (c *Client) Page(ctx context.Context, pageURL string) (Page, error) {
	if c.Fetch == nil {
		return Page{}, errors.New("civitai: Client.Fetch is nil")
	}
	var p Page
	resp, err := c.Fetch.GetDecode(ctx, pageURL, func(body io.Reader) error {
		var err error
		p, err = decodePage(pageURL, body, c.Fetch.Origins)
		return err
	})
	if err != nil {
		if resp != nil { // the body arrived whole but is not a list page
			return Page{}, fmt.Errorf("civitai: decode page %s: %w", resp.URL, err)
		}
		return Page{}, fmt.Errorf("civitai: %w", err)
	}
	p.Date = resp.Date()
	return p, nil
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
