package changes

import (
	"cmp"
	"maps"
	"slices"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// StatusAbsent is the status of a filter with no index entry on one side.
const StatusAbsent = "absent"

// FilterState is one side of a filter: its index status and error, and the
// ids its manifest lists (none when it has no manifest).
type FilterState struct {
	Status string // manifest.StatusFresh, StatusStale, StatusMissing, or StatusAbsent
	Error  string
	IDs    []string
}

// CompareModels returns the model changes of a source from before to after,
// both keyed by id, and whether there are any. Updates carry the fields
// diffModel reports (counters only past their threshold).
func CompareModels(before, after map[string]manifest.Model) (SourceChanges, bool) {
	var sc SourceChanges
	for id, b := range after {
		a, ok := before[id]
		if !ok {
			sc.Added = append(sc.Added, ModelRef{ID: id, Name: b.Name})
			continue
		}
		if fields := diffModel(&a, &b); fields != nil {
			sc.Updated = append(sc.Updated, Update{ID: id, Name: b.Name, Fields: fields})
		}
	}
	for id, a := range before {
		if _, ok := after[id]; !ok {
			sc.Removed = append(sc.Removed, ModelRef{ID: id, Name: a.Name})
		}
	}
	byID := func(a, b ModelRef) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortFunc(sc.Added, byID)
	slices.SortFunc(sc.Removed, byID)
	slices.SortFunc(sc.Updated, func(a, b Update) int { return cmp.Compare(a.ID, b.ID) })
	sc.normalize()
	return sc, len(sc.Added)+len(sc.Removed)+len(sc.Updated) > 0
}

// normalize makes empty lists encode as [].
func (sc *SourceChanges) normalize() {
	if sc.Added == nil {
		sc.Added = []ModelRef{}
	}
	if sc.Removed == nil {
		sc.Removed = []ModelRef{}
	}
	if sc.Updated == nil {
		sc.Updated = []Update{}
	}
}

// CompareFilter returns what changed in filter source/name from before to
// after, and whether anything did.
func CompareFilter(source, name string, before, after FilterState) (FilterChange, bool) {
	fc := FilterChange{Source: source, Name: name}
	if before.Status != after.Status {
		fc.Status = &StatusChange{From: before.Status, To: after.Status, Error: after.Error}
	}
	fc.Entered, fc.Left, fc.Moved = rankChanges(before.IDs, after.IDs)
	return fc, fc.Status != nil || len(fc.Entered)+len(fc.Left)+len(fc.Moved) > 0
}

// Assemble returns the feed of generation gen compared with prev (nil when
// there is no comparable previous generation, reason saying why), holding
// the given changes, sorted, with its totals.
func Assemble(gen Ref, prev *Ref, reason string, sources map[string]SourceChanges, filters []FilterChange) *Feed {
	f := &Feed{
		Generation:  gen.Generation,
		GeneratedAt: gen.GeneratedAt.UTC(),
		Previous:    prev,
		Sources:     map[string]*SourceChanges{},
		Filters:     slices.Clone(filters),
	}
	if prev != nil {
		p := *prev
		p.GeneratedAt = p.GeneratedAt.UTC()
		f.Previous = &p
	} else {
		f.Reason = reason
	}
	for _, name := range slices.Sorted(maps.Keys(sources)) {
		sc := sources[name]
		if len(sc.Added)+len(sc.Removed)+len(sc.Updated) == 0 {
			continue
		}
		sc.normalize()
		f.Sources[name] = &sc
		f.Totals.Added += len(sc.Added)
		f.Totals.Removed += len(sc.Removed)
		f.Totals.Updated += len(sc.Updated)
	}
	if f.Filters == nil {
		f.Filters = []FilterChange{}
	}
	slices.SortFunc(f.Filters, func(a, b FilterChange) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Name, b.Name))
	})
	f.Totals.Filters = len(f.Filters)
	for _, fc := range f.Filters {
		if fc.Status == nil {
			continue
		}
		wasFresh, isFresh := fc.Status.From == manifest.StatusFresh, fc.Status.To == manifest.StatusFresh
		failed := func(s string) bool { return s == manifest.StatusStale || s == manifest.StatusMissing }
		switch {
		case wasFresh && failed(fc.Status.To):
			f.Totals.TurnedStale++
		case failed(fc.Status.From) && isFresh:
			f.Totals.Recovered++
		}
	}
	return f
}
