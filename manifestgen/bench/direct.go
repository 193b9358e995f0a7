package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/pipeline"
)

// directSource is one source as the baseline strategies use it: the same
// page clients as manifestgen, through a fetch.Client that makes exactly
// one attempt and has no limiter.
type directSource struct {
	name     string
	filters  []config.Filter
	maxPages int
	firstURL func(url.Values) string
	page     func(ctx context.Context, pageURL string) (pipeline.Page, error)
}

// directSources builds the baseline clients of cfg's sources over hc.
func directSources(cfg *config.Config, hc *http.Client) ([]directSource, error) {
	var out []directSource
	for _, s := range cfg.Sources {
		fc := &fetch.Client{HTTP: hc, MaxBody: s.MaxBody, Policy: fetch.Policy{MaxAttempts: 1}}
		ds := directSource{name: s.Name, filters: s.Filters, maxPages: s.MaxPages}
		var err error
		if ds.firstURL, ds.page, err = manifestgen.Lister(s, fc); err != nil {
			return nil, err
		}
		out = append(out, ds)
	}
	return out, nil
}

// runDirect runs every filter of sources with one of the baseline
// strategies and writes what a hand-made script writes to out: each
// filter's manifest as soon as it is done (empty when a request failed:
// a failed call returns []) and each source's models at the end, plain
// files, no syncing. Each filter walks its own listing: the baselines
// share no pages. It returns the number of failed filters and the first
// failure.
func runDirect(ctx context.Context, strategy string, sources []directSource, out string) (failed int, first, err error) {
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	shared := &classicLimiter{} // Classic: one limiter for the whole run
	models := make([]map[string]manifest.Model, len(sources))
	for i, s := range sources {
		models[i] = map[string]manifest.Model{}
		var gate func() func()
		switch strategy {
		case Sequential, Unbounded:
			gate = func() func() { return func() {} }
		case Classic:
			gate = shared.acquire
		case ClassicHost:
			gate = (&classicLimiter{}).acquire
		default:
			return 0, nil, fmt.Errorf("runDirect: unknown strategy %q", strategy)
		}
		one := func(f config.Filter) {
			ms, ferr := walk(ctx, s, f, gate)
			werr := writeJSONFile(filepath.Join(out, s.name, "filters", f.Name+".json"),
				manifest.FilterFile{Source: s.name, Filter: f.Name, ModelIDs: ids(ms)})
			mu.Lock()
			defer mu.Unlock()
			if ferr != nil {
				failed++
				if first == nil {
					first = &filterFailure{filter: s.name + "/" + f.Name, err: ferr}
				}
			}
			if werr != nil {
				errs = append(errs, werr)
			}
			for _, m := range ms {
				models[i][m.ID] = m
			}
		}
		for _, f := range s.filters {
			if strategy == Sequential {
				one(f)
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				one(f)
			}()
		}
	}
	wg.Wait()
	for i, s := range sources {
		if err := writeJSONFile(filepath.Join(out, s.name, "models.json"),
			manifest.ModelsFile{Source: s.name, Count: len(models[i]), Models: models[i]}); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return failed, first, errs[0]
	}
	return failed, first, ctx.Err()
}

// walk collects one filter's models page by page, as the pipeline does,
// each request passing gate. On a failed request it returns no models and
// the error.
func walk(ctx context.Context, s directSource, f config.Filter, gate func() func()) ([]manifest.Model, error) {
	next := s.firstURL(f.Query)
	maxPages := s.maxPages
	if maxPages <= 0 {
		maxPages = pipeline.DefaultMaxPages
	}
	var got []manifest.Model
	for n := 0; next != "" && len(got) < f.Limit; n++ {
		if n >= maxPages {
			return nil, fmt.Errorf("listing did not end within %d pages", maxPages)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		release := gate()
		page, err := s.page(ctx, next)
		release()
		if err != nil {
			return nil, err
		}
		for _, m := range page.Models {
			if len(got) < f.Limit && pipeline.Matches(f.Match, m) {
				got = append(got, m)
			}
		}
		next = page.Next
	}
	return got, nil
}

func ids(ms []manifest.Model) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// writeJSONFile writes v as indented JSON to path, creating its dir.
func writeJSONFile(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// filterFailure is why a filter failed, read without the request URL.
type filterFailure struct {
	filter string
	err    error
}

func (e *filterFailure) Error() string {
	msg := e.err.Error()
	var fe *fetch.Error
	if errors.As(e.err, &fe) {
		if i := strings.Index(msg, fe.URL+": "); i >= 0 {
			msg = msg[:i] + msg[i+len(fe.URL)+2:]
		}
	}
	return e.filter + ": " + msg
}

func (e *filterFailure) Unwrap() error { return e.err }
