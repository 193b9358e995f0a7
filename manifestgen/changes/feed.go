// Package changes computes what changed between two output generations: the
// change feed (changes.json) and the per-model first-seen / last-changed
// dates (<source>/seen.json). The writer feeds it the pieces that differ;
// the feed it returns is deterministic for the same pair of generations and
// holds only what changed, so its size follows the change, not the catalog.
package changes

import (
	"encoding/json"
	"time"
)

// File is the change feed's path relative to the output dir.
const File = "changes.json"

// Feed is changes.json: what changed in a generation relative to the one it
// replaced. Lists are sorted (models by id, filters by source then name,
// ranks ascending), so the same pair of generations always gives the same
// bytes.
type Feed struct {
	Generation  string    `json:"generation"`  // the index's generation
	GeneratedAt time.Time `json:"generatedAt"` // the index's generatedAt
	// Previous is the generation compared with; nil when there is none
	// comparable (Reason says why).
	Previous *Ref   `json:"previous"`
	Reason   string `json:"reason,omitempty"` // why Previous is nil
	Totals   Totals `json:"totals"`
	// Sources holds the model changes of each source with any.
	Sources map[string]*SourceChanges `json:"sources"`
	// Filters holds one entry per filter whose ids or status changed.
	Filters []FilterChange `json:"filters"`
}

// Ref names the generation a feed compares with.
type Ref struct {
	Generation  string    `json:"generation"`
	GeneratedAt time.Time `json:"generatedAt"`
}

// Totals are the feed's headline counts.
type Totals struct {
	Added       int `json:"added"`       // models newly referenced, all sources
	Removed     int `json:"removed"`     // models no longer referenced
	Updated     int `json:"updated"`     // models with a reported field change
	Filters     int `json:"filters"`     // filters in Filters
	TurnedStale int `json:"turnedStale"` // filters that were fresh and are now stale or missing
	Recovered   int `json:"recovered"`   // filters that were stale or missing and are now fresh
}

// Empty reports whether the feed records no change.
func (f *Feed) Empty() bool {
	return len(f.Sources) == 0 && len(f.Filters) == 0
}

// SourceChanges are the model changes of one source.
type SourceChanges struct {
	Added   []ModelRef `json:"added"`   // newly referenced, by id
	Removed []ModelRef `json:"removed"` // no longer referenced by any filter, by id
	Updated []Update   `json:"updated"` // referenced before and now, with reported changes, by id
}

// ModelRef names a model.
type ModelRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Update is a model whose fields changed.
type Update struct {
	ID     string                 `json:"id"`
	Name   string                 `json:"name"` // the new name
	Fields map[string]FieldChange `json:"fields"`
}

// FieldChange is one field's old and new value as models.json encodes them;
// null when the field is absent on that side.
type FieldChange struct {
	From json.RawMessage `json:"from"`
	To   json.RawMessage `json:"to"`
}

// FilterChange is what changed in one filter.
type FilterChange struct {
	Source  string        `json:"source"`
	Name    string        `json:"name"`
	Status  *StatusChange `json:"status,omitempty"`  // when the index status changed
	Entered []Ranked      `json:"entered,omitempty"` // ids now listed and not before, by new rank
	Left    []Ranked      `json:"left,omitempty"`    // ids listed before and not now, by old rank
	Moved   []Move        `json:"moved,omitempty"`   // ids that changed order relative to the others, by new rank
}

// StatusChange is a filter's index status before and after. "absent" means
// the filter had no index entry.
type StatusChange struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Error string `json:"error,omitempty"` // the new entry's error
}

// Ranked is an id at a 1-based position of a filter's list.
type Ranked struct {
	ID   string `json:"id"`
	Rank int    `json:"rank"`
}

// Move is an id whose 1-based rank went From -> To.
type Move struct {
	ID   string `json:"id"`
	From int    `json:"from"`
	To   int    `json:"to"`
}
