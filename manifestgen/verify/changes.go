package verify

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// checkChanges checks the change feed and the seen files, when present,
// against their schemas (the full path) and against the index and the
// models files loaded by checkIndex (models, by source): the feed belongs to
// this generation, its added and updated models are in models.json and its
// removed ones are not; each seen file has an entry for every model of its
// source, not marked removed, and marks removed only models absent now.
func (c *checker) checkChanges(idx *looseIndex, models map[string]*modelsDoc) {
	c.listed[changes.File] = true
	for name := range idx.Sources {
		c.listed[changes.SeenPath(name)] = true
	}
	var head struct {
		Generation  string `json:"generation"`
		GeneratedAt string `json:"generatedAt"`
	}
	if data, ok := c.read(IndexFile); ok {
		_ = json.Unmarshal(data, &head) // its violations are reported already
	}
	if c.present[changes.File] {
		var feed changes.Feed
		if data, ok := c.read(changes.File); ok && c.load(changes.File, data, c.sch.changes, &feed) {
			c.checkFeed(&feed, head.Generation, head.GeneratedAt, idx, models)
		}
	}
	for name := range idx.Sources {
		path := changes.SeenPath(name)
		if !c.present[path] {
			continue
		}
		sd, ok := c.loadSeen(path)
		if !ok {
			continue
		}
		if sd.source != name {
			c.add(path, "/source", "is %q, want %q (its key in %s)", sd.source, name, IndexFile)
		}
		ms := models[name]
		if ms == nil {
			continue
		}
		for _, id := range ms.keys {
			removed, ok := sd.removed[id]
			switch {
			case !ok:
				c.add(path, "/models", "has no entry for %q of %s", id, ms.source)
			case removed:
				c.add(path, pointer("models", id, "removedAt"), "is set, but %q is in %s", id, manifest.ModelsPath(name))
			}
		}
		for id, removed := range sd.removed {
			if _, in := ms.index[id]; !in && !removed {
				c.add(path, pointer("models", id), "not marked removed, but %q is not in %s", id, manifest.ModelsPath(name))
			}
		}
	}
}

// loadSeen reads, checks and decodes a seen file: the fast path, else the
// full one.
func (c *checker) loadSeen(path string) (*seenDoc, bool) {
	data, ok := c.read(path)
	if !ok {
		return nil, false
	}
	if c.fastSeen {
		if d, ok := parseSeen(data); ok {
			return d, true
		}
	}
	var sf changes.SeenFile
	if !c.load(path, data, c.sch.seen, &sf) {
		return nil, false
	}
	d := &seenDoc{source: sf.Source, removed: make(map[string]bool, len(sf.Models))}
	for id, s := range sf.Models {
		d.removed[id] = s.RemovedAt != ""
	}
	return d, true
}

// checkFeed checks a decoded change feed against the generation.
func (c *checker) checkFeed(feed *changes.Feed, generation, generatedAt string, idx *looseIndex, models map[string]*modelsDoc) {
	f := changes.File
	if feed.Generation != generation {
		c.add(f, "/generation", "is %q, but %s's is %q", feed.Generation, IndexFile, generation)
	}
	if at, err := time.Parse(time.RFC3339Nano, generatedAt); err == nil && !at.Equal(feed.GeneratedAt) {
		c.add(f, "/generatedAt", "is %s, but %s's is %s", feed.GeneratedAt.Format(time.RFC3339Nano), IndexFile, generatedAt)
	}
	if feed.Previous == nil && feed.Reason == "" {
		c.add(f, "/reason", "missing: previous is null")
	}
	if feed.Previous != nil && feed.Reason != "" {
		c.add(f, "/reason", "set, but previous is not null")
	}
	if feed.Previous == nil && (len(feed.Sources) > 0 || len(feed.Filters) > 0) {
		c.add(f, "", "lists changes without a previous generation")
	}
	for name, sc := range feed.Sources {
		if _, ok := idx.Sources[name]; !ok {
			c.add(f, pointer("sources", name), "names source %q, which is not in %s", name, IndexFile)
			continue
		}
		ms := models[name]
		if ms == nil {
			continue
		}
		for i, m := range sc.Added {
			if _, ok := ms.index[m.ID]; !ok {
				c.add(f, pointer("sources", name, "added", itoa(i), "id"), "%q is not in %s", m.ID, manifest.ModelsPath(name))
			}
		}
		for i, m := range sc.Updated {
			if _, ok := ms.index[m.ID]; !ok {
				c.add(f, pointer("sources", name, "updated", itoa(i), "id"), "%q is not in %s", m.ID, manifest.ModelsPath(name))
			}
		}
		for i, m := range sc.Removed {
			if _, ok := ms.index[m.ID]; ok {
				c.add(f, pointer("sources", name, "removed", itoa(i), "id"), "%q is still in %s", m.ID, manifest.ModelsPath(name))
			}
		}
	}
	status := map[[2]string]string{}
	for _, e := range idx.Filters {
		status[[2]string{e.Source, e.Name}] = e.Status
	}
	for i, fc := range feed.Filters {
		if fc.Status == nil {
			continue
		}
		got, ok := status[[2]string{fc.Source, fc.Name}]
		if !ok {
			got = changes.StatusAbsent
		}
		if got != fc.Status.To {
			c.add(f, pointer("filters", itoa(i), "status", "to"), "is %q, but %s says %q for %s/%s", fc.Status.To, IndexFile, got, fc.Source, fc.Name)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
