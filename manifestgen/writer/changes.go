package writer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// addChanges adds the change feed (changes.json) and each source's seen
// file to g, comparing g with prev, the generation it replaces (nil when
// there is none; prevErr then says whether one was there but unreadable).
//
// The feed compares only generations of the same hub mode and config
// fingerprint (which covers the endpoints); otherwise, or when the previous
// generation is unusable, it records why and lists nothing. Seen dates are
// carried whenever the previous generation has the same hub mode. Files
// whose bytes equal the previous generation's are not decoded: an unchanged
// generation costs a comparison, not a parse.
func (g *generation) addChanges(prev *previous, prevErr error) error {
	reason := ""
	switch {
	case prevErr != nil:
		reason = "previous generation unreadable: " + errorText(prevErr)
	case prev == nil:
		reason = "first generation"
	case prev.meta.Hub != g.index.Hub:
		reason = fmt.Sprintf("previous generation came from the %s hub, this one from the %s hub", prev.meta.Hub, g.index.Hub)
	case prev.meta.Config != g.index.Config:
		reason = "config or endpoints changed since the previous generation"
	}
	carrySeen := prev != nil && prev.meta.Hub == g.index.Hub

	sources := map[string]changes.SourceChanges{}
	for _, src := range slices.Sorted(maps.Keys(g.models)) {
		mo := g.models[src]
		path := manifest.ModelsPath(src)
		var prevSeen map[string]changes.Seen
		if carrySeen {
			s, err := prev.seen(src)
			if err != nil && reason == "" {
				reason = "previous generation unusable: " + errorText(err)
			}
			prevSeen = s
		}
		var sc changes.SourceChanges
		unchanged := carrySeen && prev.same(path, g.files[path])
		if unchanged && seenCovers(prevSeen, mo) {
			data, err := encode(changes.SeenFile{Source: src, Models: prevSeen})
			if err != nil {
				return fmt.Errorf("%s: %w", changes.SeenPath(src), err)
			}
			g.files[changes.SeenPath(src)] = data
			continue
		}
		after := mo.all()
		if !unchanged {
			if carrySeen {
				before, err := prev.modelsOf(src)
				switch {
				case errors.Is(err, fs.ErrNotExist): // a source new to the output: all added
				case err != nil:
					if reason == "" {
						reason = "previous generation unusable: " + errorText(err)
					}
					before = after // nothing known to have changed
				}
				sc, _ = changes.CompareModels(before, after)
			}
			sources[src] = sc
		}
		data, err := encode(changes.SeenFile{Source: src, Models: changes.NextSeen(prevSeen, after, sc, g.index.GeneratedAt)})
		if err != nil {
			return fmt.Errorf("%s: %w", changes.SeenPath(src), err)
		}
		g.files[changes.SeenPath(src)] = data
	}

	var filters []changes.FilterChange
	if reason == "" {
		var err error
		if filters, err = g.filterChanges(prev); err != nil {
			reason = "previous generation unusable: " + errorText(err)
		}
	}
	var ref *changes.Ref
	if reason == "" {
		ref = &changes.Ref{Generation: prev.meta.Generation, GeneratedAt: prev.meta.GeneratedAt}
	} else {
		sources, filters = nil, nil
	}
	feed := changes.Assemble(changes.Ref{Generation: g.index.Generation, GeneratedAt: g.index.GeneratedAt}, ref, reason, sources, filters)
	data, err := encode(feed)
	if err != nil {
		return fmt.Errorf("%s: %w", changes.File, err)
	}
	g.files[changes.File] = data
	return nil
}

// filterChanges compares every filter of g with prev's.
func (g *generation) filterChanges(prev *previous) ([]changes.FilterChange, error) {
	before := make(map[key]manifest.FilterEntry, len(prev.all))
	for _, e := range prev.all {
		before[key{e.Source, e.Name}] = e
	}
	var out []changes.FilterChange
	for _, e := range g.index.Filters {
		k := key{e.Source, e.Name}
		b, had := before[k]
		delete(before, k)
		was := changes.FilterState{Status: changes.StatusAbsent}
		if had {
			was = changes.FilterState{Status: b.Status, Error: b.Error}
			if b.Status == e.Status && (b.File == "") == (e.File == "") && (e.File == "" || prev.same(e.File, g.files[e.File])) {
				continue
			}
			if b.File != "" {
				ids, err := prev.filterIDs(b)
				if err != nil {
					return nil, err
				}
				was.IDs = ids
			}
		}
		if fc, ok := changes.CompareFilter(e.Source, e.Name, was, changes.FilterState{Status: e.Status, Error: e.Error, IDs: g.ids[k]}); ok {
			out = append(out, fc)
		}
	}
	for k, b := range before { // filters no longer configured
		was := changes.FilterState{Status: b.Status, Error: b.Error}
		if b.File != "" {
			ids, err := prev.filterIDs(b)
			if err != nil {
				return nil, err
			}
			was.IDs = ids
		}
		if fc, ok := changes.CompareFilter(k.source, k.name, was, changes.FilterState{Status: changes.StatusAbsent}); ok {
			out = append(out, fc)
		}
	}
	return out, nil
}

// seenCovers reports whether seen has an entry, not marked removed, for
// exactly the models mo holds.
func seenCovers(seen map[string]changes.Seen, mo *modelsOut) bool {
	if seen == nil {
		return false
	}
	n := 0
	for _, s := range seen {
		if s.RemovedAt.IsZero() {
			n++
		}
	}
	if n != mo.len() {
		return false
	}
	has := func(id string) bool { s, ok := seen[id]; return ok && s.RemovedAt.IsZero() }
	for id := range mo.last {
		if !has(id) {
			return false
		}
	}
	for id := range mo.carried {
		if !has(id) {
			return false
		}
	}
	return true
}

// same reports whether prev holds exactly data at rel.
func (p *previous) same(rel string, data []byte) bool {
	f, err := p.open(rel)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(f, int64(len(data))+1))
	return err == nil && bytes.Equal(got, data)
}

// filterIDs reads the ids of e's previous manifest.
func (p *previous) filterIDs(e manifest.FilterEntry) ([]string, error) {
	data, err := readCapped(p.root, e.File, maxFileBytes)
	if err != nil {
		return nil, err
	}
	var ff manifest.FilterFile
	if err := json.Unmarshal(data, &ff); err != nil {
		return nil, fmt.Errorf("%s: %w", e.File, err)
	}
	if ff.Source != e.Source || ff.Filter != e.Name {
		return nil, fmt.Errorf("%s: holds %s/%s", e.File, ff.Source, ff.Filter)
	}
	return ff.ModelIDs, nil
}

// seen reads source's previous seen file; nil, nil when there is none.
func (p *previous) seen(source string) (map[string]changes.Seen, error) {
	path := changes.SeenPath(source)
	data, err := readCapped(p.root, path, maxFileBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sf changes.SeenFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if sf.Source != source {
		return nil, fmt.Errorf("%s: holds source %q", path, sf.Source)
	}
	return sf.Models, nil
}
