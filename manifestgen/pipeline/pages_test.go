package pipeline

import (
	"context"
	"errors"
	"testing"
)

// TestPageCacheReleasesFinishedListings: a listing's pages stay while any
// filter on it is unfinished and are dropped after the last one.
func TestPageCacheReleasesFinishedListings(t *testing.T) {
	calls := 0
	c := newPageCache(func(_ context.Context, u string) (Page, error) {
		calls++
		if u == "bad" {
			return Page{}, errors.New("boom")
		}
		return Page{Next: u + "/next"}, nil
	})
	ctx := context.Background()
	c.expect("a")
	c.expect("a")
	c.expect("b")
	for _, u := range []string{"a", "a/2"} {
		if _, err := c.get(ctx, "a", u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.get(ctx, "b", "bad"); err == nil {
		t.Fatal("an error was lost")
	}
	if _, err := c.get(ctx, "b", "bad"); err == nil || calls != 3 {
		t.Fatalf("a failed page must be shared, not refetched: %d calls, err %v", calls, err)
	}
	c.finished("a") // one filter on "a" left
	if _, err := c.get(ctx, "a", "a"); err != nil || calls != 3 {
		t.Fatalf("page of an unfinished listing refetched (%d calls)", calls)
	}
	c.finished("a")
	c.finished("b")
	if len(c.entries) != 0 || len(c.pages) != 0 || len(c.pending) != 0 {
		t.Fatalf("left after every listing finished: %d entries, %v, %v", len(c.entries), c.pages, c.pending)
	}
	if fetched, needs := c.counts(); fetched != 3 || needs != 5 {
		t.Fatalf("counts %d fetched, %d needed; want 3, 5", fetched, needs)
	}
}
