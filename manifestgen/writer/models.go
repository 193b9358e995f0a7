package writer

import (
	"maps"
	"slices"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// modelsOut assembles one source's models file: exactly the models its
// filter files reference. The models of fresh filters stay in the set and
// are looked up when the file is encoded; models carried from the previous
// generation fill in the ids no fresh filter lists.
type modelsOut struct {
	source  string
	set     map[string]manifest.Model // the source's models in the set; nil for a source not run
	last    map[string]int            // fresh id -> 1 + index of the last fresh filter listing it
	ids     []string                  // fresh ids, distinct
	carried map[string]manifest.Model // carried models whose ids no fresh filter lists
}

func newModelsOut(source string, set map[string]manifest.Model) *modelsOut {
	return &modelsOut{
		source:  source,
		set:     set,
		last:    make(map[string]int, len(set)),
		ids:     make([]string, 0, len(set)),
		carried: map[string]manifest.Model{},
	}
}

// fresh takes the models of fresh filter number fi, which lists ids, and
// returns its ids without repeats: first occurrence kept, never nil, ids
// itself when it has none. All fresh filters must be taken before anything
// is carried.
func (mo *modelsOut) fresh(fi int, ids []string) []string {
	var out []string // ids up to the first repeat, then a copy without repeats
	for i, id := range ids {
		at, seen := mo.last[id]
		if at == fi+1 {
			if out == nil {
				out = append(make([]string, 0, len(ids)), ids[:i]...)
			}
			continue
		}
		mo.last[id] = fi + 1
		if out != nil {
			out = append(out, id)
		}
		if !seen {
			mo.ids = append(mo.ids, id)
		}
	}
	switch {
	case out != nil:
		return out
	case ids == nil:
		return []string{}
	}
	return ids
}

// carry takes the models of a carried filter file, except those of ids a
// fresh filter lists. (Carried copies of an id all come from the same
// previous models file.)
func (mo *modelsOut) carry(models map[string]manifest.Model) {
	for id, m := range models {
		if _, fresh := mo.last[id]; fresh {
			continue
		}
		if _, dup := mo.carried[id]; !dup {
			mo.carried[id] = m
		}
	}
}

// len returns the number of models taken.
func (mo *modelsOut) len() int { return len(mo.ids) + len(mo.carried) }

// model returns the model taken under id, normalised.
func (mo *modelsOut) model(id string) manifest.Model {
	if m, ok := mo.carried[id]; ok {
		return m
	}
	return normalizeModel(mo.set[id])
}

// all returns every model taken, by id, normalised. Unlike encode it may be
// called at any time.
func (mo *modelsOut) all() map[string]manifest.Model {
	out := make(map[string]manifest.Model, mo.len())
	for id := range mo.last {
		out[id] = normalizeModel(mo.set[id])
	}
	for id, m := range mo.carried {
		out[id] = m
	}
	return out
}

// encode renders the models file as encode renders its manifest.ModelsFile.
// It is the last use of mo, whose ids it reorders.
func (mo *modelsOut) encode() ([]byte, error) {
	ids := append(mo.ids, slices.Collect(maps.Keys(mo.carried))...)
	if !handShaped() {
		all := make(map[string]manifest.Model, len(ids))
		for _, id := range ids {
			all[id] = mo.model(id)
		}
		return encode(manifest.ModelsFile{Source: mo.source, Count: len(all), Models: all})
	}
	slices.Sort(ids) // as encoding/json sorts map keys
	return appendModelsFile(make([]byte, 0, 64<<10), mo.source, len(ids), ids, mo.model), nil
}
