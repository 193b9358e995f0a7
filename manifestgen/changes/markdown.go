package changes

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/ghactions"
)

// WriteMarkdown writes f as GitHub-flavoured Markdown: a headline, a table
// per source, then the first TopN entries of each list (every entry when
// all). Hub-supplied text is escaped so that it renders as text (no markup,
// links or HTML). It suits a job summary or a pull request body.
func WriteMarkdown(w io.Writer, f *Feed, all bool) {
	if f.Previous == nil {
		fmt.Fprintf(w, "**Change feed:** nothing to compare with (%s).\n", md(f.Reason))
		return
	}
	t := f.Totals
	if f.Empty() {
		fmt.Fprintf(w, "**Change feed:** nothing changed since generation `%s`.\n", md(f.Previous.Generation))
		return
	}
	fmt.Fprintf(w, "**Change feed** since generation `%s` (%s): %d models added, %d removed, %d updated; %d filters changed (%d turned stale, %d recovered).\n\n",
		md(f.Previous.Generation), stamp(f.Previous.GeneratedAt), t.Added, t.Removed, t.Updated, t.Filters, t.TurnedStale, t.Recovered)
	names, perSource := sourceRows(f)
	fmt.Fprintln(w, "| source | added | removed | updated | filters changed |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, s := range names {
		sc := f.Sources[s]
		if sc == nil {
			sc = &SourceChanges{}
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d |\n", md(s), len(sc.Added), len(sc.Removed), len(sc.Updated), perSource[s])
	}
	limit := func(n int) int { return shownOf(n, all) }
	more := func(n int) {
		if shownOf(n, all) < n {
			fmt.Fprintf(w, "- … and %d more\n", n-TopN)
		}
	}
	for _, s := range slices.Sorted(maps.Keys(f.Sources)) {
		sc := f.Sources[s]
		for _, l := range []struct {
			what string
			refs []ModelRef
		}{{"added", sc.Added}, {"removed", sc.Removed}} {
			if len(l.refs) == 0 {
				continue
			}
			fmt.Fprintf(w, "\n**%s: %d %s**\n\n", md(s), len(l.refs), l.what)
			for _, m := range l.refs[:limit(len(l.refs))] {
				fmt.Fprintf(w, "- `%s` %s\n", code(m.ID), md(m.Name))
			}
			more(len(l.refs))
		}
		if len(sc.Updated) > 0 {
			fmt.Fprintf(w, "\n**%s: %d updated**\n\n", md(s), len(sc.Updated))
			for _, u := range sc.Updated[:limit(len(sc.Updated))] {
				fmt.Fprintf(w, "- `%s` %s: %s\n", code(u.ID), md(u.Name), ghactions.Markdown(fieldsText(u.Fields)))
			}
			more(len(sc.Updated))
		}
	}
	if len(f.Filters) > 0 {
		fmt.Fprintf(w, "\n**Filters: %d changed**\n\n", len(f.Filters))
		for _, fc := range f.Filters[:limit(len(f.Filters))] {
			fmt.Fprintf(w, "- `%s/%s`: %s\n", code(fc.Source), code(fc.Name), ghactions.Markdown(filterText(&fc)))
		}
		more(len(f.Filters))
	}
}

// md escapes hub-supplied text for inline Markdown, after shown.
func md(s string) string { return ghactions.Markdown(shown(s)) }

// code makes s safe inside a one-backtick code span.
func code(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(shown(s), "`", "'"), "|", `\|`)
}
