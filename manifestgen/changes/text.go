package changes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// TopN is how many entries of each list a summary shows unless all are
// asked for.
const TopN = 5

// maxShown caps a name or value in a summary, in bytes.
const maxShown = 80

// WriteText prints a human summary of f: the generations compared, counts
// per source and filter, then the first TopN entries of each list (every
// entry when all). Names and values come from the hubs, so control and
// bidirectional-formatting characters are escaped and long ones cut.
func WriteText(w io.Writer, f *Feed, all bool) {
	if f.Previous == nil {
		fmt.Fprintf(w, "Generation %s (%s): nothing to compare with: %s.\n", shown(f.Generation), stamp(f.GeneratedAt), shown(f.Reason))
		return
	}
	fmt.Fprintf(w, "Changes in generation %s (%s) since %s (%s):\n", shown(f.Generation), stamp(f.GeneratedAt),
		shown(f.Previous.Generation), stamp(f.Previous.GeneratedAt))
	if f.Empty() {
		fmt.Fprintln(w, "  nothing changed.")
		return
	}
	t := f.Totals
	fmt.Fprintf(w, "  models: %d added, %d removed, %d updated; filters: %d changed, %d turned stale, %d recovered\n\n",
		t.Added, t.Removed, t.Updated, t.Filters, t.TurnedStale, t.Recovered)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "source\tadded\tremoved\tupdated\tfilters changed\t")
	names, perSource := sourceRows(f)
	for _, s := range names {
		sc := f.Sources[s]
		if sc == nil {
			sc = &SourceChanges{}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", shown(s), len(sc.Added), len(sc.Removed), len(sc.Updated), perSource[s])
	}
	tw.Flush()

	limit := func(n int) int { return shownOf(n, all) }
	more := func(n int) {
		if shownOf(n, all) < n {
			fmt.Fprintf(w, "    … %d more (-v lists all)\n", n-TopN)
		}
	}
	for _, s := range slices.Sorted(maps.Keys(f.Sources)) {
		sc := f.Sources[s]
		for _, l := range []struct {
			what string
			sign string
			refs []ModelRef
		}{{"added", "+", sc.Added}, {"removed", "-", sc.Removed}} {
			if len(l.refs) == 0 {
				continue
			}
			fmt.Fprintf(w, "\n%s: %d %s\n", shown(s), len(l.refs), l.what)
			for _, m := range l.refs[:limit(len(l.refs))] {
				fmt.Fprintf(w, "  %s %s  %s\n", l.sign, shown(m.ID), shown(m.Name))
			}
			more(len(l.refs))
		}
		if len(sc.Updated) > 0 {
			fmt.Fprintf(w, "\n%s: %d updated\n", shown(s), len(sc.Updated))
			for _, u := range sc.Updated[:limit(len(sc.Updated))] {
				fmt.Fprintf(w, "  ~ %s  %s: %s\n", shown(u.ID), shown(u.Name), fieldsText(u.Fields))
			}
			more(len(sc.Updated))
		}
	}
	if len(f.Filters) > 0 {
		fmt.Fprintf(w, "\nfilters: %d changed\n", len(f.Filters))
		for _, fc := range f.Filters[:limit(len(f.Filters))] {
			fmt.Fprintf(w, "  %s/%s: %s\n", shown(fc.Source), shown(fc.Name), filterText(&fc))
			if !all {
				continue
			}
			for _, r := range fc.Entered {
				fmt.Fprintf(w, "      + %s at %d\n", shown(r.ID), r.Rank)
			}
			for _, r := range fc.Left {
				fmt.Fprintf(w, "      - %s (was %d)\n", shown(r.ID), r.Rank)
			}
			for _, m := range fc.Moved {
				fmt.Fprintf(w, "      ~ %s %d -> %d\n", shown(m.ID), m.From, m.To)
			}
		}
		more(len(f.Filters))
	}
}

// sourceRows returns the sources a summary's table lists (those with model
// changes or changed filters), sorted, and the changed filters per source.
func sourceRows(f *Feed) (names []string, perSource map[string]int) {
	perSource = map[string]int{}
	for _, fc := range f.Filters {
		perSource[fc.Source]++
	}
	names = slices.Sorted(maps.Keys(f.Sources))
	for s := range perSource {
		if _, ok := f.Sources[s]; !ok {
			names = append(names, s)
		}
	}
	slices.Sort(names)
	return names, perSource
}

// shownOf is how many of a list of n entries a summary shows.
func shownOf(n int, all bool) int {
	if all {
		return n
	}
	return min(n, TopN)
}

// filterText is one filter's change in a line.
func filterText(fc *FilterChange) string {
	var parts []string
	if fc.Status != nil {
		s := fc.Status.From + " -> " + fc.Status.To
		if fc.Status.Error != "" {
			s += " (" + shown(fc.Status.Error) + ")"
		}
		parts = append(parts, s)
	}
	if n := len(fc.Entered); n > 0 {
		parts = append(parts, fmt.Sprintf("%d entered", n))
	}
	if n := len(fc.Left); n > 0 {
		parts = append(parts, fmt.Sprintf("%d left", n))
	}
	if n := len(fc.Moved); n > 0 {
		parts = append(parts, fmt.Sprintf("%d moved", n))
	}
	return strings.Join(parts, ", ")
}

// fieldsText lists changed fields as "name from -> to", sorted by name.
func fieldsText(fields map[string]FieldChange) string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		fc := fields[name]
		parts = append(parts, fmt.Sprintf("%s %s -> %s", shown(name), shown(compact(fc.From)), shown(compact(fc.To))))
	}
	return strings.Join(parts, ", ")
}

// compact returns a JSON value on one line (the feed's file holds nested
// values indented).
func compact(v []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// shown makes s safe to print on a terminal: control and
// bidirectional-formatting characters and invalid bytes escaped
// (redact.Escape), at most maxShown bytes (cut with "…").
func shown(s string) string {
	s = redact.Escape(s)
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
