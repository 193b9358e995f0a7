package pipeline

import (
	"context"
	"sync"
)

// pageCache fetches each distinct page URL at most once per run: concurrent
// needers wait for the one request, later needers reuse the decoded page or
// its error (the fetch layer has already retried it).
type pageCache struct {
	fetch func(ctx context.Context, url string) (Page, error)

	mu      sync.Mutex
	entries map[string]*pageEntry
	fetched int // page requests made
	needs   int // pages asked for, counting every filter
}

type pageEntry struct {
	done chan struct{} // closed when page and err are set
	page Page
	err  error
}

func newPageCache(fetch func(ctx context.Context, url string) (Page, error)) *pageCache {
	return &pageCache{fetch: fetch, entries: map[string]*pageEntry{}}
}

// get returns the page at url, fetching it unless another caller has or is.
func (c *pageCache) get(ctx context.Context, url string) (Page, error) {
	c.mu.Lock()
	c.needs++
	e, ok := c.entries[url]
	if !ok {
		e = &pageEntry{done: make(chan struct{})}
		c.entries[url] = e
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
