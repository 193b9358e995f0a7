package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// DefaultMaxPages is the page cap of a filter when Source.MaxPages is unset.
const DefaultMaxPages = 100

// filterOutcome is one filter's result plus the models it selected.
type filterOutcome struct {
	res     manifest.FilterResult
	models  []manifest.Model
	dups    int
	skipped int // malformed items of its pages
}

// FilterError is the error of a failed filter: it names the source and filter.
type FilterError struct {
	Source, Filter string
	Err            error
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("%s filter %q: %v", e.Source, e.Filter, e.Err)
}

func (e *FilterError) Unwrap() error { return e.Err }

// runFilter walks the filter's listing page by page until it has Limit
// matching models, the listing ends, or something goes wrong.
func runFilter(ctx context.Context, src Source, f config.Filter, pages *pageCache, log *slog.Logger) filterOutcome {
	label, query := filterLabel(f), sentQuery(f)
	fail := func(err error) filterOutcome {
		return filterOutcome{res: manifest.FilterResult{Name: f.Name, Label: label, Query: query,
			Err: &FilterError{Source: src.Name, Filter: f.Name, Err: err}}}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	ctx = fetch.WithLabel(ctx, src.Name+"/"+f.Name)
	maxPages := src.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	listing := src.FirstURL(f.Query)
	defer pages.finished(listing)
	var (
		out     filterOutcome
		seenURL = map[string]bool{}
		seenID  = map[string]bool{}
		next    = listing
		last    time.Time
	)
	for n := 0; next != "" && len(out.models) < f.Limit; n++ {
		if n >= maxPages {
			return fail(fmt.Errorf("listing did not end within %d pages (page cap; raise maxPages or lower limit): next page %s", maxPages, next))
		}
		if seenURL[next] {
			return fail(fmt.Errorf("pagination loops: next page %s was already fetched", next))
		}
		seenURL[next] = true
		page, err := pages.get(ctx, listing, next)
		if err != nil {
			return fail(err)
		}
		last = time.Now()
		for _, it := range page.Skipped {
			out.skipped++
			log.Warn("malformed item skipped", "source", src.Name, "filter", f.Name, "page", next,
				"item", it.Position, "id", it.ID, "reason", it.Reason)
		}
		for _, m := range page.Models {
			if seenID[m.ID] {
				out.dups++
				log.Warn("duplicate model id across pages; keeping the first", "source", src.Name, "filter", f.Name, "id", m.ID)
				continue
			}
			seenID[m.ID] = true
			if !Matches(f.Match, m) {
				continue
			}
			out.models = append(out.models, m)
			if len(out.models) == f.Limit {
				break
			}
		}
		next = page.Next
	}
	ids := make([]string, len(out.models))
	for i, m := range out.models {
		ids[i] = m.ID
	}
	out.res = manifest.FilterResult{Name: f.Name, Label: label, Query: query, ModelIDs: ids, FetchedAt: last.UTC()}
	if src.Versions {
		out.res.Versions = make([]manifest.SelectedVersion, len(out.models))
		for i := range out.models {
			out.res.Versions[i] = out.models[i].Selected()
		}
	}
	return out
}

// filterLabel is f's label, or the default for its name when the filter
// was built in code without one.
func filterLabel(f config.Filter) string {
	if f.Label != "" {
		return f.Label
	}
	return config.DefaultLabel(f.Name)
}

// sentQuery is a copy of the query parameters f configures, as the index
// records them: never nil, so that a filter without parameters shows {}.
// The keys a client sets itself (limit, cursor, expand) are not among
// them: config rejects those.
func sentQuery(f config.Filter) map[string][]string {
	q := make(map[string][]string, len(f.Query))
	for k, vs := range f.Query {
		q[k] = slices.Clone(vs)
	}
	return q
}
