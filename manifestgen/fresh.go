package manifestgen

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/httpcache"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/report"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

// upToDate reports whether the output of cfg can stand for this run: it is
// complete and valid, was made by the same hub from the same config and
// endpoints (fingerprint), and every filter of the selected sources is
// fresh and younger than cfg.MaxAge. A fetchedAt later than now never
// counts as fresh. The string says why (or why not).
func upToDate(cfg *config.Config, sources []*config.Source, hub, fingerprint string, now time.Time) (bool, string) {
	if cfg.MaxAge <= 0 {
		return false, "maxAge is 0"
	}
	data, err := os.ReadFile(filepath.Join(cfg.Output, verify.IndexFile))
	if err != nil {
		return false, "no index"
	}
	var idx manifest.Index
	if err := json.Unmarshal(data, &idx); err != nil {
		return false, "index unreadable"
	}
	if idx.Hub != hub || idx.Config != fingerprint {
		return false, "config, endpoints or hub changed"
	}
	entries := map[string]manifest.FilterEntry{}
	for _, e := range idx.Filters {
		entries[e.Source+"/"+e.Name] = e
	}
	oldest := now
	for _, s := range sources {
		for _, f := range s.Filters {
			e, ok := entries[s.Name+"/"+f.Name]
			if !ok || e.Status != manifest.StatusFresh {
				return false, fmt.Sprintf("%s/%s is not fresh", s.Name, f.Name)
			}
			if e.FetchedAt.After(now) {
				// A date from the future (a clock set back, or a hand-edited
				// index) would keep the output "up to date" until then.
				return false, fmt.Sprintf("%s/%s has fetchedAt %s, in the future", s.Name, f.Name, e.FetchedAt.Format(time.RFC3339))
			}
			if e.FetchedAt.Before(oldest) {
				oldest = e.FetchedAt
			}
		}
	}
	age := now.Sub(oldest)
	if age >= cfg.MaxAge {
		return false, fmt.Sprintf("older than maxAge %s", cfg.MaxAge)
	}
	rep, err := verify.Dir(cfg.Output)
	if err != nil || rep.Err() != nil {
		return false, "output does not verify"
	}
	return true, fmt.Sprintf("made %s ago from the same config, maxAge %s", age.Round(time.Second), cfg.MaxAge)
}

// boolEnv reads a 1/0/true/false variable; unset is false.
func boolEnv(getenv func(string) string, name string) (bool, error) {
	v := getenv(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want 1, 0, true or false", name, v)
	}
	return b, nil
}

// httpClient returns the HTTP client of one source over rt (the on-disk
// cache, or GenerateOptions.Transport); nil when rt is nil.
func httpClient(rt http.RoundTripper) *http.Client {
	if rt == nil {
		return nil
	}
	return &http.Client{Transport: rt}
}

// revalidated is the number of 304s the cache turned into reused bodies.
func revalidated(cache *httpcache.Transport) int {
	if cache == nil {
		return 0
	}
	return int(cache.Stats().Hits304)
}

// reportMeta describes the run for the report.
func reportMeta(cfg *config.Config, sources []*config.Source, sum *Summary, idx *manifest.Index, start time.Time) report.Meta {
	m := report.Meta{Started: start, Finished: start.Add(sum.Duration), Hub: sum.Hub, Sources: map[string]report.Source{}}
	for _, s := range sources {
		m.Sources[s.Name] = report.Source{
			Profile: s.Profile, Endpoint: s.Endpoint, Concurrency: s.Concurrency, RPS: s.RPS,
			Burst: s.Burst, MinRPS: s.Retry.MinRPS, MaxAttempts: s.Retry.MaxAttempts,
		}
	}
	if idx != nil {
		for _, e := range idx.Filters {
			status := report.StatusOK
			switch e.Status {
			case manifest.StatusStale:
				status = report.StatusStale
			case manifest.StatusMissing:
				status = report.StatusFailed
			}
			m.Filters = append(m.Filters, report.FilterStatus{Source: e.Source, Name: e.Name, Status: status, Error: e.Error, Checks: e.Checks.String()})
		}
	} else { // nothing published: every filter that ran failed
		for _, s := range sum.Sources {
			for _, f := range s.Failed {
				m.Filters = append(m.Filters, report.FilterStatus{Source: s.Name, Name: f.Name, Status: report.StatusFailed, Error: f.Err.Error()})
			}
		}
	}
	return m
}
