package verify

import (
	"strconv"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// ClockSkew is how far past the checking machine's clock a timestamp of the
// index (generatedAt, fetchedAt) may lie before it is a violation: output
// copied from a machine whose clock runs a little ahead still verifies; a
// date further in the future (a clock set back, an edited index) does not.
const ClockSkew = 5 * time.Minute

// now is the checking machine's clock.
var now = time.Now

// checkTimes reports timestamps in the future. Values the schema rejects
// are left to it.
func (c *checker) checkTimes(idx *looseIndex) {
	limit := now().Add(ClockSkew)
	future := func(ptr string, v looseString) {
		t, err := time.Parse(time.RFC3339Nano, string(v))
		if err == nil && t.After(limit) {
			// The message leaves the clock out, so that two checks of
			// the same tree report the same words.
			c.add(IndexFile, ptr, "%s is in the future (more than %s past this machine's clock)", v, ClockSkew)
		}
	}
	future("/generatedAt", idx.GeneratedAt)
	for i, e := range idx.Filters {
		future("/filters/"+strconv.Itoa(i)+"/fetchedAt", e.FetchedAt)
	}
}

// checkProvenance checks that every entry's data comes from the index's
// hub, with an origin that fits the hub, and that the entries of one
// source share one origin. Values the schema rejects are left to it.
func (c *checker) checkProvenance(idx *looseIndex) {
	type first struct {
		origin looseString
		name   string
	}
	origins := map[string]first{} // source -> the first entry's origin
	for i, e := range idx.Filters {
		ptr := "/filters/" + strconv.Itoa(i)
		if e.Hub == "" || e.Origin == "" {
			continue
		}
		if idx.Hub != "" && e.Hub != idx.Hub {
			c.add(IndexFile, ptr+"/hub", "is %q, but the index's hub is %q: a generation holds one hub's data", e.Hub, idx.Hub)
		}
		if err := manifest.CheckProvenance(string(e.Hub), string(e.Origin)); err != nil && (e.Hub == manifest.HubLive || e.Hub == manifest.HubEmbedded) {
			c.add(IndexFile, ptr+"/origin", "does not fit hub %q: %v", e.Hub, err)
		}
		f, seen := origins[e.Source]
		switch {
		case !seen:
			origins[e.Source] = first{e.Origin, e.Name}
		case f.origin != e.Origin:
			c.add(IndexFile, ptr+"/origin", "is %q, but %s/%s records %q: a source's entries share one origin",
				e.Origin, e.Source, f.name, f.origin)
		}
	}
}
