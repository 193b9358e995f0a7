// Package pipeline runs every filter of every source: sources concurrently,
// filters of one source in a bounded conc pool, each filter paginating its
// listing until it has collected its limit. Pages shared by several filters
// are fetched once.
package pipeline

import (
	"cmp"
	"context"
	"log/slog"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/pool"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Page is one page of a listing.
type Page struct {
	Models  []manifest.Model       // in hub order
	Next    string                 // absolute URL of the next page; "" on the last page
	Skipped []manifest.SkippedItem // malformed items left out of Models
	Date    time.Time              // the response's Date: the hub's present, which periods are measured against; zero when absent or malformed
}

// Source is one hub's listing functions and its filters.
type Source struct {
	Name        string
	FirstURL    func(q url.Values) string                               // list URL of a filter's first page
	Page        func(ctx context.Context, pageURL string) (Page, error) // fetches and decodes one page
	Concurrency int                                                     // filters worked on at once (>= 1)
	MaxPages    int                                                     // most pages one filter may walk (<= 0: 100)
	Filters     []config.Filter
	// Versions says the hub's models have versions: each filter records the
	// version it selected of each model (FilterResult.Versions).
	Versions bool
	// PreviewAllowance returns the most explicit preview level a filter may
	// show (manifest.NSFWPG ... NSFWXXX); nil: models get no preview.
	PreviewAllowance func(config.Filter) int
	// Check returns the query parameters a listed model visibly does not
	// satisfy (package resultcheck), now being the hub's present (the
	// page's Date, else the local clock); nil: no checks.
	Check func(q url.Values, m manifest.Model, now time.Time) []string
	// FlagMismatches keeps models that fail Check in the manifest (listed
	// in the filter's Checks.Flagged) instead of dropping them.
	FlagMismatches bool
}

// Progress is told when a source starts and when each filter ends. Its
// methods are called from several goroutines.
type Progress interface {
	Start(source string, filters int)
	FilterDone(source, filter string, err error)
}

// Options configures Run. The zero value works.
type Options struct {
	Progress Progress     // nil: no progress
	Logger   *slog.Logger // nil: discard
	// Errors is applied to every filter's error before it is reported to
	// Progress or returned (the run scrubs secrets with it); nil: as is.
	Errors func(error) error
}

// Stats counts page requests of one source.
type Stats struct {
	Pages       int // distinct pages fetched (requests made, not counting retries)
	PageNeeds   int // pages the filters needed in all: what one request chain per filter would have cost
	Duplicates  int // models seen twice by one filter (dropped with a warning)
	Skipped     int // malformed items left out of their pages (each with a warning), over all filters
	Duration    time.Duration
	FailedCount int
}

// Result is what Run produced for one source.
type Result struct {
	manifest.SourceResult
	Stats Stats
}

// Run runs all sources concurrently and returns one Result per source, in
// the order given. A failing filter fails alone: its FilterResult carries the
// error and the other filters complete. Run returns early only when ctx ends,
// with ctx's error.
func Run(ctx context.Context, sources []Source, opts Options) ([]Result, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	results := make([]Result, len(sources))
	var wg conc.WaitGroup
	for i, src := range sources {
		wg.Go(func() { results[i] = runSource(ctx, src, opts) })
	}
	wg.Wait()
	return results, ctx.Err()
}

func runSource(ctx context.Context, src Source, opts Options) Result {
	start := time.Now()
	if opts.Progress != nil {
		opts.Progress.Start(src.Name, len(src.Filters))
	}
	pages := newPageCache(src.Page)
	for _, f := range src.Filters {
		pages.expect(src.FirstURL(f.Query))
	}
	n := max(src.Concurrency, 1)
	p := pool.NewWithResults[filterOutcome]().WithMaxGoroutines(n)
	var merged modelSet
	for _, f := range src.Filters {
		if ctx.Err() != nil {
			break // Go blocks while the pool is full and takes no context
		}
		p.Go(func() filterOutcome {
			out := runFilter(ctx, src, f, pages, opts.Logger)
			if out.res.Err != nil && opts.Errors != nil {
				out.res.Err = opts.Errors(out.res.Err)
			}
			if out.res.Err == nil {
				allowance := 0
				if src.PreviewAllowance != nil {
					allowance = src.PreviewAllowance(f)
				}
				merged.add(f.Name, allowance, out.models)
			}
			out.models = nil                              // merged: only the ids stay, in out.res
			if opts.Progress != nil && ctx.Err() == nil { // a cancelled run reports once, at the end
				opts.Progress.FilterDone(src.Name, f.Name, out.res.Err)
			}
			return out
		})
	}
	outs := p.Wait()
	slices.SortFunc(outs, func(a, b filterOutcome) int { return cmp.Compare(a.res.Name, b.res.Name) })

	res := Result{SourceResult: manifest.SourceResult{Source: src.Name, Models: merged.models()}}
	for _, o := range outs {
		res.Filters = append(res.Filters, o.res)
		if o.res.Err != nil {
			res.Stats.FailedCount++
			continue
		}
		res.Stats.Duplicates += o.res.Checks.Duplicates
		res.Stats.Skipped += o.skipped
	}
	res.Stats.Pages, res.Stats.PageNeeds = pages.counts()
	res.Stats.Duration = time.Since(start)
	return res
}

// modelSet merges the models of filters as they finish, so that a run
// holds each model once rather than once per filter that selected it.
// Where filters disagree about a model (they selected different versions
// of it, or its pages were fetched at different times), the filter with
// the greatest name wins, whatever the order they finished in. Its preview
// is chosen within the strictest allowance of all the filters that
// selected it, so that it suits each of them. Its zero value is empty and
// ready to use.
type modelSet struct {
	mu sync.Mutex
	m  map[string]mergedModel
}

type mergedModel struct {
	model     manifest.Model
	filter    string // the filter it was taken from
	allowance int    // the strictest preview allowance of the filters that selected it
}

// add merges the models selected by filter, whose preview allowance is
// allowance.
func (s *modelSet) add(filter string, allowance int, models []manifest.Model) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]mergedModel, len(models))
	}
	for _, m := range models {
		cur, ok := s.m[m.ID]
		if ok {
			cur.allowance = min(cur.allowance, allowance)
		} else {
			cur.allowance = allowance
		}
		if !ok || filter >= cur.filter {
			cur.model, cur.filter = m, filter
		}
		s.m[m.ID] = cur
	}
}

// models returns the merged models by id, their previews resolved.
func (s *modelSet) models() map[string]manifest.Model {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]manifest.Model, len(s.m))
	for id, mm := range s.m {
		m := mm.model
		m.Preview = manifest.PickPreview(m.PreviewCandidates, mm.allowance)
		m.PreviewCandidates = nil
		out[id] = m
	}
	return out
}
