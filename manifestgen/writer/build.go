package writer

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// maxErrorText caps the failure reason recorded in the index.
const maxErrorText = 1000

// generation is a new output generation, in memory.
type generation struct {
	from    *previous // the generation replaced, whose identical files are reused; may be nil
	index   manifest.Index
	files   map[string][]byte     // encoded files by slash-separated relative path, index.json excluded
	ids     map[key][]string      // the ids of each filter file, for the change feed
	models  map[string]*modelsOut // each source's models, for the change feed
	stale   []string              // "source/name", sorted
	missing []string              // "source/name", sorted
}

// originOf is the origin src's entries record: src.Origin, or the embedded
// hub's when set is embedded and src names none (that hub has one origin).
func originOf(set *manifest.Set, src manifest.SourceResult) string {
	if src.Origin == "" && set.Hub == manifest.HubEmbedded {
		return manifest.OriginEmbedded
	}
	return src.Origin
}

// validateSet checks what build relies on; it touches no files.
func validateSet(set *manifest.Set) error {
	if set == nil {
		return errors.New("nil set")
	}
	if set.Hub != manifest.HubLive && set.Hub != manifest.HubEmbedded {
		return fmt.Errorf("hub %q, want %q or %q", set.Hub, manifest.HubLive, manifest.HubEmbedded)
	}
	sources := map[string]bool{}
	for _, src := range set.Sources {
		if err := checkSource(src.Source); err != nil {
			return err
		}
		if sources[src.Source] {
			return fmt.Errorf("source %q appears twice", src.Source)
		}
		sources[src.Source] = true
		if err := manifest.CheckProvenance(set.Hub, originOf(set, src)); err != nil {
			return fmt.Errorf("source %q: %w", src.Source, err)
		}
		filters := map[string]bool{}
		for _, f := range src.Filters {
			if err := checkFilter(f.Name); err != nil {
				return fmt.Errorf("source %q: %w", src.Source, err)
			}
			if filters[f.Name] {
				return fmt.Errorf("source %q: filter %q appears twice", src.Source, f.Name)
			}
			filters[f.Name] = true
			if f.Err != nil {
				continue
			}
			if f.FetchedAt.IsZero() {
				return fmt.Errorf("source %q filter %q: succeeded without FetchedAt", src.Source, f.Name)
			}
			if f.Versions != nil && len(f.Versions) != len(f.ModelIDs) {
				return fmt.Errorf("source %q filter %q: %d versions for %d models", src.Source, f.Name, len(f.Versions), len(f.ModelIDs))
			}
			for _, id := range f.ModelIDs {
				m, ok := src.Models[id]
				if !ok {
					return fmt.Errorf("source %q filter %q: model %q is not in the source's models", src.Source, f.Name, id)
				}
				if m.ID != id {
					return fmt.Errorf("source %q: model keyed %q has id %q", src.Source, id, m.ID)
				}
			}
		}
	}
	return nil
}

// build lays out the generation for a validated set. Failed filters are
// carried from prev (stale) when their previous entry has the set's hub and
// the source's origin, or else recorded without a file (missing). Every
// entry records the hub and origin its data came from.
func build(set *manifest.Set, prev *previous, now time.Time, id string, log *slog.Logger) (*generation, error) {
	g := &generation{
		index: manifest.Index{
			SchemaVersion: manifest.SchemaVersion,
			GeneratedAt:   now.UTC(),
			Generation:    id,
			Hub:           set.Hub,
			Config:        set.Config,
			Sources:       map[string]manifest.SourceEntry{},
			Filters:       []manifest.FilterEntry{},
		},
		files:  map[string][]byte{},
		ids:    map[key][]string{},
		models: map[string]*modelsOut{},
		from:   prev,
	}
	for _, src := range set.Sources {
		src.Origin = originOf(set, src)
		models := newModelsOut(src.Source, src.Models)
		// Fresh filters first, so their models win over carried copies.
		for fi, f := range src.Filters {
			if f.Err != nil {
				continue
			}
			ids := models.fresh(fi, f.ModelIDs)
			path, err := g.addFilter(src.Source, f.Name, ids, firstVersions(f.ModelIDs, ids, f.Versions))
			if err != nil {
				return nil, err
			}
			checks := f.Checks
			checks.Mode = cmp.Or(checks.Mode, manifest.MismatchesDropped) // the zero value: nothing found, nothing flagged
			g.index.Filters = append(g.index.Filters, manifest.FilterEntry{
				Source: src.Source, Name: f.Name, Label: f.Label, Query: f.Query, File: path, Count: len(ids),
				Status: manifest.StatusFresh, Hub: set.Hub, Origin: src.Origin, FetchedAt: f.FetchedAt.UTC(), Checks: &checks,
			})
		}
		var other string // the other provenance failed filters were not carried from
		for _, f := range src.Filters {
			if f.Err == nil {
				continue
			}
			reason := errorText(f.Err)
			label := src.Source + "/" + f.Name
			c, err := prev.carry(src.Source, f.Name)
			if err == nil && (c.entry.Hub != set.Hub || c.entry.Origin != src.Origin) {
				// Snapshot data never passes for live data, nor one
				// origin's data for another's.
				other = c.entry.Hub + " " + c.entry.Origin
				log.Debug("previous manifest is from another hub or origin; filter is missing", "filter", label,
					"previous", other, "now", set.Hub+" "+src.Origin)
				err = errNoPrevious
			}
			if err != nil {
				if !errors.Is(err, errNoPrevious) {
					log.Warn("previous manifest unusable; filter is missing", "filter", label, "err", err)
				}
				log.Debug("filter failed; no manifest published", "filter", label, "status", manifest.StatusMissing, "reason", reason)
				g.missing = append(g.missing, label)
				g.index.Filters = append(g.index.Filters, manifest.FilterEntry{
					Source: src.Source, Name: f.Name, Label: f.Label, Query: f.Query, Status: manifest.StatusMissing, Hub: set.Hub, Origin: src.Origin, Error: reason,
				})
				continue
			}
			models.carry(c.models)
			path, err := g.addFilter(src.Source, f.Name, c.ids, c.versions)
			if err != nil {
				return nil, err
			}
			log.Debug("filter failed; previous manifest carried over", "filter", label, "status", manifest.StatusStale,
				"fetchedAt", c.entry.FetchedAt, "reason", reason)
			g.stale = append(g.stale, label)
			g.index.Filters = append(g.index.Filters, manifest.FilterEntry{
				Source: src.Source, Name: f.Name, Label: f.Label, Query: f.Query, File: path, Count: len(c.ids),
				Status: manifest.StatusStale, Hub: set.Hub, Origin: src.Origin, FetchedAt: c.entry.FetchedAt, Error: reason, Checks: c.entry.Checks,
			})
		}
		if other != "" {
			log.Info("previous manifests are from another hub or origin; failed filters are missing, not stale",
				"source", src.Source, "previous", other, "now", set.Hub+" "+src.Origin)
		}
		if err := g.addModels(models); err != nil {
			return nil, err
		}
	}
	if err := carryUntouched(g, prev, set, log); err != nil {
		return nil, err
	}
	slices.SortFunc(g.index.Filters, func(a, b manifest.FilterEntry) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Name, b.Name))
	})
	slices.Sort(g.stale)
	slices.Sort(g.missing)
	return g, nil
}

// carryUntouched copies the previous generation's sources that set does not
// contain into g unchanged: statuses, provenance, fetchedAt and errors as
// they were. An entry whose files turn out unusable becomes missing
// (logged). A source whose previous entries came from another hub than
// set's is left out (logged): one generation holds one hub's data.
func carryUntouched(g *generation, prev *previous, set *manifest.Set, log *slog.Logger) error {
	models := map[string]*modelsOut{}
	dropped := map[string]string{}
	for _, e := range prev.untouched(set) {
		label := e.Source + "/" + e.Name
		if e.Hub != set.Hub {
			dropped[e.Source] = e.Hub
			continue
		}
		if models[e.Source] == nil {
			models[e.Source] = newModelsOut(e.Source, nil)
		}
		if e.Status == manifest.StatusMissing {
			g.missing = append(g.missing, label)
			g.index.Filters = append(g.index.Filters, manifest.FilterEntry{
				Source: e.Source, Name: e.Name, Label: e.Label, Query: e.Query, Status: manifest.StatusMissing, Hub: e.Hub, Origin: e.Origin, Error: e.Error,
			})
			continue
		}
		c, err := prev.carry(e.Source, e.Name)
		if err != nil {
			log.Warn("previous manifest of a source not run is unusable; filter is missing", "filter", label, "err", err)
			g.missing = append(g.missing, label)
			g.index.Filters = append(g.index.Filters, manifest.FilterEntry{
				Source: e.Source, Name: e.Name, Label: e.Label, Query: e.Query, Status: manifest.StatusMissing, Hub: e.Hub, Origin: e.Origin, Error: errorText(err),
			})
			continue
		}
		models[e.Source].carry(c.models)
		path, err := g.addFilter(e.Source, e.Name, c.ids, c.versions)
		if err != nil {
			return err
		}
		if e.Status == manifest.StatusStale {
			g.stale = append(g.stale, label)
		}
		g.index.Filters = append(g.index.Filters, manifest.FilterEntry{
			Source: e.Source, Name: e.Name, Label: e.Label, Query: e.Query, File: path, Count: len(c.ids),
			Status: e.Status, Hub: e.Hub, Origin: e.Origin, FetchedAt: e.FetchedAt, Error: e.Error, Checks: e.Checks,
		})
	}
	for _, src := range slices.Sorted(maps.Keys(dropped)) {
		log.Warn("previous manifests of a source not run are from another hub; source left out", "source", src,
			"previous", dropped[src], "now", set.Hub)
	}
	for _, ms := range models {
		if err := g.addModels(ms); err != nil {
			return err
		}
	}
	return nil
}

// firstVersions returns the versions of ids, the first occurrences of all
// (each listed with its version in versions, or versions is nil).
func firstVersions(all, ids []string, versions []manifest.SelectedVersion) []manifest.SelectedVersion {
	if versions == nil || len(ids) == len(all) {
		return versions
	}
	out := make([]manifest.SelectedVersion, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for i, id := range all {
		if !seen[id] {
			seen[id] = true
			out = append(out, versions[i])
		}
	}
	return out
}

// addFilter encodes the filter file of source/name into g and returns its
// path; versions, when not nil, are those of ids.
func (g *generation) addFilter(source, name string, ids []string, versions []manifest.SelectedVersion) (string, error) {
	path := manifest.FilterPath(source, name)
	data, err := encodeFile(manifest.FilterFile{Source: source, Filter: name, ModelIDs: ids, Versions: versions})
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	g.files[path] = data
	g.ids[key{source, name}] = ids
	return path, nil
}

// addModels encodes a source's models file into g and enters it in the
// index.
func (g *generation) addModels(ms *modelsOut) error {
	path := manifest.ModelsPath(ms.source)
	data, err := ms.encode()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	g.files[path] = data
	g.models[ms.source] = ms
	g.index.Sources[ms.source] = manifest.SourceEntry{Models: path, Count: ms.len()}
	return nil
}

// normalizeModel makes m encode the same way whatever produced it: tags are
// an array, never null.
func normalizeModel(m manifest.Model) manifest.Model {
	if m.Tags == nil {
		m.Tags = []string{}
	}
	return m
}

// errorText is the failure reason recorded for a failed filter: trimmed,
// valid UTF-8, at most maxErrorText bytes, never empty.
func errorText(err error) string {
	s := strings.ToValidUTF8(strings.TrimSpace(err.Error()), "\uFFFD")
	if len(s) > maxErrorText {
		cut := maxErrorText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	if s == "" {
		s = "fetch failed"
	}
	return s
}
