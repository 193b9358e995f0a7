// Package manifest defines the files manifestgen publishes: the index, one
// models file per source and one filter manifest per filter, plus the Set a
// run hands to the writer.
//
// Every type here encodes deterministically: maps are encoded with sorted
// keys by encoding/json and slices keep the order the hub returned.
package manifest

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SchemaVersion is the version of the output contract written to index.json.
// 2: index filter entries carry label and query and record their
// provenance (hub, origin); CivitAI models carry a
// selected version, permissions and safe previews (the full note: the
// schemaVersion description in schemas/index.schema.json).
const SchemaVersion = 2

// Hub values recorded in the index.
const (
	HubLive     = "live"     // data came from the configured live endpoints
	HubEmbedded = "embedded" // data came from the in-process embedded hub snapshot
)

// Status values of a filter entry in the index.
const (
	StatusFresh   = "fresh"   // fetched in this run
	StatusStale   = "stale"   // fetch failed; previous generation's manifest carried over
	StatusMissing = "missing" // fetch failed and there was no previous manifest
)

// Model is one model as a site needs it, normalised across hubs.
// Optional fields are omitted when the hub does not report them.
//
// CivitAI version fields (VersionID, BaseModel, SizeBytes, DownloadURL,
// Preview) describe one version: the one the filter selected by (the first
// version whose base model is among the filter's baseModels query, else the
// newest). When several filters select one model, models.json keeps the
// entry of the filter with the greatest name (see package pipeline).
type Model struct {
	ID                    string   `json:"id"`                              // CivitAI: numeric id as string; Hugging Face: "org/name"
	Name                  string   `json:"name"`                            // display name
	Author                string   `json:"author,omitempty"`                // creator username or HF org/user
	Downloads             int64    `json:"downloads"`                       // CivitAI: all-time; HF: last 30 days
	Likes                 int64    `json:"likes"`                           // CivitAI: thumbs up; HF: likes
	Tags                  []string `json:"tags"`                            // as the hub returned them
	Type                  string   `json:"type,omitempty"`                  // CivitAI model type or HF pipeline_tag
	NSFW                  bool     `json:"nsfw"`                            // CivitAI nsfw flag; always false for HF
	URL                   string   `json:"url"`                             // canonical page on the hub
	License               string   `json:"license,omitempty"`               // a licence the hub states (HF license: tag or card); never set for CivitAI
	CommercialUse         []string `json:"commercialUse,omitempty"`         // CivitAI allowCommercialUse, normalised (CommercialUseOrder); a permission, not a licence
	AllowNoCredit         *bool    `json:"allowNoCredit,omitempty"`         // CivitAI: use without crediting the creator
	AllowDerivatives      *bool    `json:"allowDerivatives,omitempty"`      // CivitAI: derivatives (merges) may be shared
	AllowDifferentLicense *bool    `json:"allowDifferentLicense,omitempty"` // CivitAI: derivatives may use other permissions
	VersionID             int64    `json:"versionId,omitempty"`             // CivitAI: the selected version
	BaseModel             string   `json:"baseModel,omitempty"`             // CivitAI: base model of the selected version
	BaseModels            []string `json:"baseModels,omitempty"`            // CivitAI: base models of all versions, distinct, newest version first
	Library               string   `json:"library,omitempty"`               // HF library_name
	Parameters            int64    `json:"parameters,omitempty"`            // HF safetensors.total, or estimated from the id
	SizeBytes             int64    `json:"sizeBytes,omitempty"`             // CivitAI: the selected version's primary file size
	DownloadURL           string   `json:"downloadUrl,omitempty"`           // CivitAI: the selected version's primary file download URL
	Preview               *Preview `json:"preview,omitempty"`               // CivitAI: first image of the selected version within the NSFW allowance
	CreatedAt             string   `json:"createdAt,omitempty"`             // CivitAI: earliest version publishedAt; HF: createdAt
	UpdatedAt             string   `json:"updatedAt,omitempty"`             // CivitAI: newest version publishedAt
	LastModified          string   `json:"lastModified,omitempty"`          // HF lastModified
	SHA                   string   `json:"sha,omitempty"`                   // HF: commit of the main branch

	// PreviewCandidates are the images Preview is chosen from, never
	// written: the selected version's images, in order, each less explicit
	// than every one before it (so the first one within an allowance is the
	// version's first image within it). Set by the CivitAI client; the
	// pipeline resolves Preview from them and clears them.
	PreviewCandidates []Preview `json:"-"`
}

// Preview is an image shown for a model.
type Preview struct {
	URL       string `json:"url"`
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
	Type      string `json:"type"`      // "image"
	NSFWLevel int    `json:"nsfwLevel"` // CivitAI browsing level: 1 PG, 2 PG13, 4 R, 8 X, 16 XXX
}

// ModelsFile is <source>/models.json: every model seen by any filter of the
// source, deduplicated by id.
type ModelsFile struct {
	Source string           `json:"source"`
	Count  int              `json:"count"`
	Models map[string]Model `json:"models"`
}

// FilterFile is <source>/filters/<name>.json: the ids one filter selected,
// in the order the hub returned them.
type FilterFile struct {
	Source   string            `json:"source"`
	Filter   string            `json:"filter"`
	ModelIDs []string          `json:"modelIds"`
	Versions []SelectedVersion `json:"versions,omitempty"` // CivitAI: parallel to ModelIDs
}

// SelectedVersion is the version of a CivitAI model one filter selected
// (see Model): a model listed by several filters has one models.json
// entry, which may describe another filter's choice.
type SelectedVersion struct {
	ID          int64  `json:"id"`                    // 0 when the model lists no version
	BaseModel   string `json:"baseModel,omitempty"`   // its base model
	SizeBytes   int64  `json:"sizeBytes,omitempty"`   // its primary file's size
	DownloadURL string `json:"downloadUrl,omitempty"` // its primary file's download URL
}

// Index is index.json, written last: it names every other file of the set.
type Index struct {
	SchemaVersion int                    `json:"schemaVersion"`
	GeneratedAt   time.Time              `json:"generatedAt"`
	Generation    string                 `json:"generation"`
	Hub           string                 `json:"hub"`
	Config        string                 `json:"config,omitempty"` // fingerprint of config and endpoints (Set.Config)
	Sources       map[string]SourceEntry `json:"sources"`
	Filters       []FilterEntry          `json:"filters"` // sorted by source, then name
}

// SourceEntry describes one source's models file in the index.
type SourceEntry struct {
	Models string `json:"models"` // path relative to the output dir
	Count  int    `json:"count"`
}

// FilterEntry describes one filter manifest in the index.
type FilterEntry struct {
	Source    string              `json:"source"`
	Name      string              `json:"name"`
	Label     string              `json:"label,omitempty"` // readable title from the config
	Query     map[string][]string `json:"query,omitzero"`  // the configured query parameters the filter sends
	File      string              `json:"file,omitempty"`  // relative path; empty when status is missing
	Count     int                 `json:"count"`
	Status    string              `json:"status"`
	Hub       string              `json:"hub"`    // where the data came from: HubLive or HubEmbedded, as the index's Hub
	Origin    string              `json:"origin"` // scheme://host[:port] of the endpoint, or OriginEmbedded
	FetchedAt time.Time           `json:"fetchedAt,omitzero"`
	Error     string              `json:"error,omitempty"`  // why the last fetch failed (stale or missing)
	Checks    *Checks             `json:"checks,omitempty"` // what the result checks found when the manifest was fetched; nil when missing
}

// Modes of Checks.Mode: what happened to the models that did not match.
const (
	MismatchesDropped = "drop" // left out of the manifest
	MismatchesFlagged = "flag" // kept in the manifest and listed in Flagged
)

// Checks is what the result checks found while one filter walked its
// listing: models that did not match what the filter asked the hub for
// (as far as the listing shows), and pages that broke pagination.
type Checks struct {
	Mode       string         `json:"mode"`              // MismatchesDropped or MismatchesFlagged
	Mismatches int            `json:"mismatches"`        // models listed that did not match the filter's query
	Reasons    map[string]int `json:"reasons,omitempty"` // mismatches by the query parameter they broke (a model may break several)
	Flagged    []string       `json:"flagged,omitempty"` // flag mode: ids in the manifest that mismatched, in manifest order
	Duplicates int            `json:"duplicates"`        // models listed again on a later page (the first listing kept)
	// EmptyPageWithNext: a page had no models but announced a next page
	// (cursor or Link); the listing was taken to end there.
	EmptyPageWithNext bool `json:"emptyPageWithNext"`
	// RepeatedPage: a page listed exactly the models of the page before;
	// the listing was taken to end there.
	RepeatedPage bool `json:"repeatedPage"`
}

// Found reports whether the checks found anything.
func (c *Checks) Found() bool {
	return c != nil && (c.Mismatches > 0 || c.Duplicates > 0 || c.EmptyPageWithNext || c.RepeatedPage)
}

// String describes the findings in one line, e.g. "3 mismatches dropped
// (nsfw 2, types 1), 1 duplicate"; "" when there are none.
func (c *Checks) String() string {
	if !c.Found() {
		return ""
	}
	var parts []string
	if c.Mismatches > 0 {
		verb := "dropped"
		if c.Mode == MismatchesFlagged {
			verb = "flagged"
		}
		reasons := slices.Sorted(maps.Keys(c.Reasons))
		for i, r := range reasons {
			reasons[i] = r + " " + strconv.Itoa(c.Reasons[r])
		}
		parts = append(parts, fmt.Sprintf("%d %s %s (%s)", c.Mismatches, plural(c.Mismatches, "mismatch", "mismatches"), verb, strings.Join(reasons, ", ")))
	}
	if c.Duplicates > 0 {
		parts = append(parts, fmt.Sprintf("%d %s across pages", c.Duplicates, plural(c.Duplicates, "duplicate", "duplicates")))
	}
	if c.EmptyPageWithNext {
		parts = append(parts, "an empty page announced a next page")
	}
	if c.RepeatedPage {
		parts = append(parts, "a page repeated the previous page")
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Set is everything one run produced, handed to the writer.
type Set struct {
	Hub     string         // HubLive or HubEmbedded
	Config  string         // fingerprint of config and endpoints that produced the set
	Sources []SourceResult // one per source that ran, in any order
	// KeepOthers carries the previous generation's sources that are absent
	// from Sources into the new one unchanged (a run of some sources only).
	KeepOthers bool
}

// SourceResult is one source's filters and the models they reference.
type SourceResult struct {
	Source  string
	Origin  string           // where the data came from: Origin of the endpoint for HubLive, OriginEmbedded (or "") for HubEmbedded
	Models  map[string]Model // every model referenced by a successful filter
	Filters []FilterResult
}

// FilterResult is the outcome of one filter.
type FilterResult struct {
	Name      string
	Label     string              // readable title (config.Filter.Label)
	Query     map[string][]string // the configured query parameters, without client-set keys (limit, cursor, expand)
	Checks    Checks              // what the result checks found (when Err is nil); the zero value: nothing, mode drop
	ModelIDs  []string            // in hub order; nil when Err != nil
	Versions  []SelectedVersion   // CivitAI: the version selected for each of ModelIDs; nil for other hubs
	FetchedAt time.Time           // when the last page arrived
	Err       error               // non-nil when the filter failed after its retries
}

// FilterPath returns the path of a filter manifest relative to the output
// dir: "<source>/filters/<name>.json" (a "/" in the name becomes a folder).
func FilterPath(source, name string) string {
	return source + "/filters/" + name + ".json"
}

// ModelsPath returns the path of a source's models file relative to the
// output dir.
func ModelsPath(source string) string {
	return source + "/models.json"
}

// SkippedItem is a listed item a client could not use (a member it reads
// has the wrong type, or it has no id); the rest of its page was kept.
type SkippedItem struct {
	Position int    // 0-based index of the item in its page
	ID       string // the item's id when it could be read, else ""
	Reason   string // what is wrong with it
}

// TooManySkipped reports whether skipped items out of total make a page
// untrustworthy: at least two, and more than half of it (the hub has likely
// changed the shape of its items).
func TooManySkipped(skipped, total int) bool {
	return skipped >= 2 && skipped*2 > total
}

// Selected returns the selected version of m as a filter manifest lists it.
func (m *Model) Selected() SelectedVersion {
	return SelectedVersion{ID: m.VersionID, BaseModel: m.BaseModel, SizeBytes: m.SizeBytes, DownloadURL: m.DownloadURL}
}
