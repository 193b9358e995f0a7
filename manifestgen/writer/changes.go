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
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

// addChanges adds the change feed (changes.json) and each source's seen
// file to g, comparing g with prev, the generation it replaces (nil when
// there is none; prevErr then says whether one was there but unreadable).
//
// The feed compares only generations of the same hub mode whose sources'
// data came from the same origins (as the index entries record them; a
// source new to the output compares with nothing, so all its models are
// added); otherwise, or when the previous generation is unusable, it
// records why and lists nothing. A change of config alone (filters added,
// removed or edited) is compared: its filters enter or leave. Seen dates
// are carried per source from the same hub mode and origin. Files whose
// bytes equal the previous generation's are not decoded: an unchanged
// generation costs a comparison, not a parse.
func (g *generation) addChanges(prev *previous, prevErr error) error {
	was, now := map[string]string{}, origins(g.index.Filters)
	if prev != nil {
		was = origins(prev.all)
	}
	moved := "" // a source whose origin changed
	for _, src := range slices.Sorted(maps.Keys(now)) {
		if o, ok := was[src]; ok && o != now[src] && moved == "" {
			moved = src
		}
	}
	reason := ""
	switch {
	case prevErr != nil:
		reason = "previous generation unreadable: " + errorText(prevErr)
	case prev == nil:
		reason = "first generation"
	case prev.meta.Hub != g.index.Hub:
		reason = fmt.Sprintf("previous generation came from the %s hub, this one from the %s hub", prev.meta.Hub, g.index.Hub)
	case moved != "":
		reason = fmt.Sprintf("%s's data came from %s, now from %s", moved, was[moved], now[moved])
	}
	sameOrigin := func(src string) bool { o, ok := was[src]; return !ok || o == now[src] }

	at := changes.Stamp(g.index.GeneratedAt)
	sources := map[string]changes.SourceChanges{}
	for _, src := range slices.Sorted(maps.Keys(g.models)) {
		mo := g.models[src]
		path := manifest.ModelsPath(src)
		carrySeen := prev != nil && prev.meta.Hub == g.index.Hub && sameOrigin(src)
		var prevRaw []byte
		if carrySeen {
			raw, err := prev.seenBytes(src)
			if err != nil && reason == "" {
				reason = "previous generation unusable: " + errorText(err)
			}
			prevRaw = raw
		}
		unchanged := carrySeen && prev.same(path, g.files[path])
		if unchanged && prevRaw != nil {
			if source, removed, ok := verify.SeenEntries(prevRaw); ok && source == src && seenCovers(removed, mo) {
				g.files[changes.SeenPath(src)] = prevRaw // the same models: the same dates
				continue
			}
		}
		var prevSeen map[string]changes.Seen
		if prevRaw != nil {
			s, err := decodeSeen(src, prevRaw)
			if err != nil && reason == "" {
				reason = "previous generation unusable: " + errorText(err)
			}
			prevSeen = s
		}
		var sc changes.SourceChanges
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
		g.files[changes.SeenPath(src)] = appendSeenFile(nil, src, changes.NextSeen(prevSeen, after, sc, at))
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

// origins returns the origin each source's entries record (the first one
// recorded; verify rejects an index whose entries of a source disagree).
func origins(entries []manifest.FilterEntry) map[string]string {
	out := map[string]string{}
	for _, e := range entries {
		if _, ok := out[e.Source]; !ok && e.Origin != "" {
			out[e.Source] = e.Origin
		}
	}
	return out
}

// seenCovers reports whether a seen file whose entries are removed (by id:
// marked removed) has an entry, not marked removed, for exactly the models
// mo holds.
func seenCovers(removed map[string]bool, mo *modelsOut) bool {
	n := 0
	for _, r := range removed {
		if !r {
			n++
		}
	}
	if n != mo.len() {
		return false
	}
	has := func(id string) bool { r, ok := removed[id]; return ok && !r }
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

// seenBytes reads source's previous seen file; nil, nil when there is
// none.
func (p *previous) seenBytes(source string) ([]byte, error) {
	data, err := readCapped(p.root, changes.SeenPath(source), maxFileBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// decodeSeen decodes the seen file data of source, checking what NextSeen
// relies on.
func decodeSeen(source string, data []byte) (map[string]changes.Seen, error) {
	path := changes.SeenPath(source)
	var sf changes.SeenFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if sf.Source != source {
		return nil, fmt.Errorf("%s: holds source %q", path, sf.Source)
	}
	for id, s := range sf.Models {
		if id == "" || !isStamp(s.FirstSeenAt) || !isStamp(s.ChangedAt) || s.RemovedAt != "" && !isStamp(s.RemovedAt) {
			return nil, fmt.Errorf("%s: entry %q: dates are not RFC 3339", path, id)
		}
	}
	if sf.Models == nil {
		sf.Models = map[string]changes.Seen{}
	}
	return sf.Models, nil
}

// isStamp reports whether s is a date as changes.Stamp writes it.
func isStamp(s string) bool {
	t, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && changes.Stamp(t) == s
}

// appendSeenFile renders a seen file as encode renders its
// changes.SeenFile, without reflection: seen files are as large as models
// files.
func appendSeenFile(b []byte, source string, models map[string]changes.Seen) []byte {
	b = append(b, "{\n  \"source\": "...)
	b = appendString(b, source)
	b = append(b, ",\n  \"models\": "...)
	if len(models) == 0 {
		return append(b, "{}\n}\n"...)
	}
	b = slices.Grow(b, len(models)*160)
	b = append(b, '{')
	for i, id := range slices.Sorted(maps.Keys(models)) {
		s := models[id]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    "...)
		b = appendString(b, id)
		b = append(b, ": {\n      \"firstSeenAt\": "...)
		b = appendString(b, s.FirstSeenAt)
		b = append(b, ",\n      \"changedAt\": "...)
		b = appendString(b, s.ChangedAt)
		if s.RemovedAt != "" {
			b = append(b, ",\n      \"removedAt\": "...)
			b = appendString(b, s.RemovedAt)
		}
		b = append(b, "\n    }"...)
	}
	return append(b, "\n  }\n}\n"...)
}
