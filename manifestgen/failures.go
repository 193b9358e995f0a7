package manifestgen

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/cause"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// failureGroup is the failed filters of one source that share a cause.
type failureGroup struct {
	source  string
	total   int // filters the source ran
	cause   cause.Cause
	filters []string
}

// groupFailures collapses the failed filters of s by source and cause, in
// a stable order. A failure without a URL-free cause (the filter's own:
// a page that did not decode, a listing that did not end) comes back
// alone in own, as "source/filter: error".
func groupFailures(s *Summary) (groups []failureGroup, own []string) {
	for _, src := range s.Sources {
		at := map[cause.Cause]int{}
		for _, f := range src.Failed {
			c, ok := cause.Of(f.Err)
			if !ok {
				own = append(own, fmt.Sprintf("%s/%s: %s", src.Name, f.Name, redact.Escape(f.Err.Error()))) // a server's text, escaped
				continue
			}
			i, seen := at[c]
			if !seen {
				i = len(groups)
				at[c] = i
				groups = append(groups, failureGroup{source: src.Name, total: src.Filters, cause: c})
			}
			groups[i].filters = append(groups[i].filters, f.Name)
		}
	}
	slices.SortFunc(groups, func(a, b failureGroup) int {
		return cmp.Or(cmp.Compare(a.source, b.source), cmp.Compare(a.cause.Host, b.cause.Host), cmp.Compare(a.cause.Text, b.cause.Text))
	})
	return groups, own
}

// unreachable returns the hosts no connection could be made to, sorted.
func unreachable(groups []failureGroup) []string {
	var hosts []string
	for _, g := range groups {
		if g.cause.Unreachable {
			hosts = append(hosts, redact.Escape(g.cause.Host))
		}
	}
	slices.Sort(hosts)
	return slices.Compact(hosts)
}

// unreachableHint suggests the embedded hub when a live host could not be
// reached at all (DNS failure, connection refused, no route): there is no
// silent fallback from live to embedded.
func unreachableHint(hub string, groups []failureGroup) string {
	hosts := unreachable(groups)
	if hub != manifest.HubLive || len(hosts) == 0 {
		return ""
	}
	return fmt.Sprintf("cannot reach %s: check the network or set %s=embedded to run offline on snapshot data",
		strings.Join(hosts, ", "), HubEnv)
}

// writeFailures prints why filters failed, collapsed: the hint first (when
// a host could not be reached), then one line per source, host and cause,
// then each failure particular to its filter. Each filter's own error is
// in the run report and, at -v, in a debug record.
func writeFailures(w io.Writer, s *Summary) {
	groups, own := groupFailures(s)
	if len(groups) == 0 && len(own) == 0 {
		return
	}
	if hint := unreachableHint(s.Hub, groups); hint != "" {
		fmt.Fprintln(w, strings.ToUpper(hint[:1])+hint[1:]+".")
	}
	for _, g := range groups {
		n := fmt.Sprintf("all %d", len(g.filters))
		if len(g.filters) < g.total {
			n = fmt.Sprintf("%d of %d", len(g.filters), g.total)
		}
		names := ""
		if len(g.filters) < g.total && len(g.filters) <= 3 {
			names = ": " + strings.Join(g.filters, ", ")
		}
		fmt.Fprintf(w, "FAILED %s: %s (%s %s filters%s)\n", redact.Escape(g.cause.Host), redact.Escape(g.cause.Text), n, g.source, names)
	}
	for _, o := range own {
		fmt.Fprintf(w, "FAILED %s\n", o)
	}
	if len(groups) > 0 {
		where := "-v (MAGEFILE_VERBOSE=1)"
		if s.Report != "" {
			where = s.Report + " or " + where
		}
		fmt.Fprintf(w, "Each filter's error: %s.\n", where)
	}
}
