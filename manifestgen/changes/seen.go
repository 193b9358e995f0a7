package changes

import (
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Stamp formats a generation's generatedAt as seen files hold it: RFC 3339
// with nanoseconds, UTC, as encoding/json writes a time.Time.
func Stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// SeenPath returns the path of a source's seen file relative to the output
// dir: "<source>/seen.json".
func SeenPath(source string) string { return source + "/seen.json" }

// SeenFile is <source>/seen.json: when each model a generation of the
// source ever referenced was first seen and last changed. It changes only
// when models change, so models.json stays byte-identical for identical
// upstream data.
type SeenFile struct {
	Source string          `json:"source"`
	Models map[string]Seen `json:"models"`
}

// Seen is the history of one model. The dates are generations'
// generatedAt as Stamp formats them, kept as text: they are only ever
// copied, never computed with.
type Seen struct {
	FirstSeenAt string `json:"firstSeenAt"`         // generatedAt of the first generation that referenced it
	ChangedAt   string `json:"changedAt"`           // generatedAt of the last generation in which it was added, updated or removed
	RemovedAt   string `json:"removedAt,omitempty"` // set while no filter references it: when it was removed
}

// NextSeen returns the seen entries of a generation written at at, whose
// source references exactly the models in after, from the previous
// generation's entries prev (nil for none) and the source's model changes
// sc (at: Stamp of the new generation's generatedAt). A model without an entry is first seen now; a model added again keeps
// its first-seen date; an added, updated or removed model changed now; a
// model no longer referenced keeps its entry, marked removed. With no
// change, the result equals prev.
func NextSeen(prev map[string]Seen, after map[string]manifest.Model, sc SourceChanges, at string) map[string]Seen {
	changed := make(map[string]bool, len(sc.Added)+len(sc.Updated))
	for _, m := range sc.Added {
		changed[m.ID] = true
	}
	for _, u := range sc.Updated {
		changed[u.ID] = true
	}
	out := make(map[string]Seen, max(len(prev), len(after)))
	for id, s := range prev {
		if _, ok := after[id]; !ok && s.RemovedAt == "" {
			s.RemovedAt, s.ChangedAt = at, at
		}
		out[id] = s
	}
	for id := range after {
		s, ok := prev[id]
		switch {
		case !ok:
			s = Seen{FirstSeenAt: at, ChangedAt: at}
		case s.RemovedAt != "" || changed[id]:
			s.ChangedAt, s.RemovedAt = at, ""
		}
		out[id] = s
	}
	return out
}
