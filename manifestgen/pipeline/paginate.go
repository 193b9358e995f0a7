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

// ignoredPages is how many pages in a row listing only models that fail
// the result checks make a filter fail in drop mode: the hub is not
// applying the query, and paging on to the page cap would only waste
// requests.
const ignoredPages = 3

// filterOutcome is one filter's result plus the models it selected.
type filterOutcome struct {
	res     manifest.FilterResult
	models  []manifest.Model
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
// matching models, the listing ends, or something goes wrong. It checks
// what the hub sent: a model listed again is skipped, a model that fails
// src.Check is dropped (or kept and flagged), and an empty page that
// announces a next page or a page that repeats the previous one ends the
// listing; all of it is counted in the result's Checks. In drop mode,
// ignoredPages pages in a row of nothing but mismatches fail the filter.
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
		prev    []manifest.Model // the previous page's models
		ignored int              // pages in a row whose every new model failed src.Check
		checks  = manifest.Checks{Mode: manifest.MismatchesDropped}
	)
	if src.FlagMismatches {
		checks.Mode = manifest.MismatchesFlagged
	}
walk:
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
		switch {
		case len(page.Models)+len(page.Skipped) == 0 && page.Next != "":
			checks.EmptyPageWithNext = true
			break walk
		case n > 0 && sameIDs(page.Models, prev):
			checks.RepeatedPage = true
			break walk
		}
		prev = page.Models
		now := page.Date
		if now.IsZero() {
			now = time.Now()
		}
		listed, broke := 0, 0 // models new to the filter on this page, and of them those that failed src.Check
		for _, m := range page.Models {
			if seenID[m.ID] {
				checks.Duplicates++
				continue
			}
			seenID[m.ID] = true
			listed++
			flagged := false
			if src.Check != nil {
				if why := src.Check(f.Query, m, now); len(why) > 0 {
					broke++
					checks.Mismatches++
					if checks.Reasons == nil {
						checks.Reasons = map[string]int{}
					}
					for _, w := range why {
						checks.Reasons[w]++
					}
					if !src.FlagMismatches {
						continue
					}
					flagged = true
				}
			}
			if !Matches(f.Match, m) {
				continue
			}
			out.models = append(out.models, m)
			if flagged {
				checks.Flagged = append(checks.Flagged, m.ID)
			}
			if len(out.models) == f.Limit {
				break
			}
		}
		if listed > 0 && broke == listed && !src.FlagMismatches {
			if ignored++; ignored == ignoredPages {
				return fail(fmt.Errorf("the hub does not apply the query: %d pages in a row listed only models that break it (%s)",
					ignoredPages, checks.String()))
			}
		} else {
			ignored = 0
		}
		next = page.Next
	}
	if checks.Found() {
		log.Debug("the hub's results did not match the request", "source", src.Name, "filter", f.Name, "found", checks.String())
	}
	ids := make([]string, len(out.models))
	for i, m := range out.models {
		ids[i] = m.ID
	}
	out.res = manifest.FilterResult{Name: f.Name, Label: label, Query: query, ModelIDs: ids, FetchedAt: last.UTC(), Checks: checks}
	if src.Versions {
		out.res.Versions = make([]manifest.SelectedVersion, len(out.models))
		for i := range out.models {
			out.res.Versions[i] = out.models[i].Selected()
		}
	}
	return out
}

// sameIDs reports whether two pages list the same models in the same order.
func sameIDs(a, b []manifest.Model) bool {
	return slices.EqualFunc(a, b, func(x, y manifest.Model) bool { return x.ID == y.ID })
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
