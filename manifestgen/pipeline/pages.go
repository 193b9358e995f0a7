package pipeline

import (
	"context"
	"sync"
)

// pageCache fetches each distinct page URL at most once per run: concurrent
// needers wait for the one request, later needers reuse the decoded page or
// its error (the fetch layer has already retried it).
//
// Pages belong to a listing, named by its first page's URL. Every filter on
// a listing is counted up front; when the last one finishes, the listing's
// pages are dropped, so memory follows the listings in progress, not the run.
type pageCache struct {
	fetch func(ctx context.Context, url string) (Page, error)

	mu      sync.Mutex
	entries map[string]*pageEntry
	pending map[string]int      // listing -> filters on it not yet finished
	pages   map[string][]string // listing -> its page URLs in the cache
	fetched int                 // page requests made
	needs   int                 // pages asked for, counting every filter
}

type pageEntry struct {
	done chan struct{} // closed when page and err are set
	page Page
	err  error
}

func newPageCache(fetch func(ctx context.Context, url string) (Page, error)) *pageCache {
	return &pageCache{fetch: fetch, entries: map[string]*pageEntry{}, pending: map[string]int{}, pages: map[string][]string{}}
}

// expect records one more filter that will walk listing.
func (c *pageCache) expect(listing string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending[listing]++
}

// finished records that a filter on listing is done; the listing's pages
// are dropped when no filter on it is left.
func (c *pageCache) finished(listing string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[listing]--; c.pending[listing] > 0 {
		return
	}
	for _, u := range c.pages[listing] {
		delete(c.entries, u)
	}
	delete(c.pages, listing)
	delete(c.pending, listing)
}

// get returns the page at url of listing, fetching it unless another caller
// has or is.
func (c *pageCache) get(ctx context.Context, listing, url string) (Page, error) {
	c.mu.Lock()
	c.needs++
	e, ok := c.entries[url]
	if !ok {
		e = &pageEntry{done: make(chan struct{})}
		c.entries[url] = e
		c.pages[listing] = append(c.pages[listing], url)
		c.fetched++
		c.mu.Unlock()
		e.page, e.err = c.fetch(ctx, url)
		close(e.done)
		return e.page, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.done:
		return e.page, e.err
	case <-ctx.Done():
		return Page{}, ctx.Err()
	}
}

// counts returns the page requests made and the pages all filters needed.
func (c *pageCache) counts() (fetched, needs int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetched, c.needs
}
