package manifestgen

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/ghactions"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// reportActions tells GitHub Actions about a finished run (GITHUB_ACTIONS
// is true): one ::warning:: line on w per stale filter and one ::error::
// line per failed filter without a manifest, then the run's Markdown
// summary (per-source table, the change feed's headline, stale and failed
// filters with their reasons) appended to $GITHUB_STEP_SUMMARY. The values
// of sec are scrubbed from everything it writes.
func reportActions(w io.Writer, getenv func(string) string, sum *Summary, log *slog.Logger, sec *redact.Set) {
	var feed *changes.Feed
	if sum.Index != nil {
		if f, err := changes.ReadFeed(sum.Output); err == nil && f.Generation == sum.Index.Generation {
			feed = f
		}
	}
	for _, e := range problemEntries(sum) {
		label := e.Source + "/" + e.Name
		if e.Status == manifest.StatusStale {
			ghactions.Annotate(w, ghactions.Warning, "stale filter "+label,
				sec.Remove(fmt.Sprintf("%s kept its manifest of %s: %s", label, e.FetchedAt.UTC().Format(time.RFC3339), e.Error)))
		} else {
			ghactions.Annotate(w, ghactions.Error, "failed filter "+label,
				sec.Remove(fmt.Sprintf("%s failed and has no manifest: %s", label, e.Error)))
		}
	}
	var b bytes.Buffer
	writeActionsSummary(&b, sum, feed, sec)
	if err := ghactions.AppendSummary(getenv, []byte(sec.Remove(b.String()))); err != nil {
		log.Warn("job summary not written", "err", err)
	}
}

// problemEntries returns the index entries that are stale or missing, in
// index order; with no index, the failed filters as missing.
func problemEntries(sum *Summary) []manifest.FilterEntry {
	var out []manifest.FilterEntry
	if sum.Index == nil {
		for _, s := range sum.Sources {
			for _, f := range s.Failed {
				out = append(out, manifest.FilterEntry{Source: s.Name, Name: f.Name, Status: manifest.StatusMissing, Error: f.Err.Error()})
			}
		}
		return out
	}
	for _, e := range sum.Index.Filters {
		if e.Status == manifest.StatusStale || e.Status == manifest.StatusMissing {
			out = append(out, e)
		}
	}
	return out
}

// writeActionsSummary renders the job summary in Markdown; text is
// scrubbed before it is escaped.
func writeActionsSummary(w io.Writer, sum *Summary, feed *changes.Feed, sec *redact.Set) {
	md := func(s string) string { return ghactions.Markdown(sec.Remove(s)) }
	fmt.Fprintf(w, "### manifestgen: %s hub, output `%s`, %s\n\n", md(sum.Hub), strings.ReplaceAll(sum.Output, "`", "'"), sum.Duration.Round(time.Millisecond))
	fmt.Fprintln(w, "| source | filters | fresh | stale | failed | models | requests | retries | 429s | 304s | pages | duration |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range sum.Sources {
		fresh, stale := statusCounts(sum.Index, r.Name)
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |\n", md(r.Name), r.Filters, fresh, stale,
			len(r.Failed), r.Models, r.Requests, r.Retries, r.Throttled, r.Revalidated, r.Pages, r.Duration.Round(time.Millisecond))
	}
	fmt.Fprintln(w)
	switch {
	case sum.Index == nil:
		fmt.Fprintln(w, "**Nothing was published**; the previous output stays.")
	case feed == nil:
		fmt.Fprintln(w, "**Change feed:** not available.")
	default:
		// The headline and the per-source table; the lists are for manifests:diff.
		var b bytes.Buffer
		changes.WriteMarkdown(&b, feed, false)
		head, _, _ := strings.Cut(b.String(), "\n**")
		fmt.Fprint(w, strings.TrimRight(head, "\n")+"\n")
	}
	if probs := problemEntries(sum); len(probs) > 0 {
		fmt.Fprintf(w, "\n**Stale or failed filters: %d**\n\n| filter | status | manifest from | reason |\n|---|---|---|---|\n", len(probs))
		for _, e := range probs {
			from := "none"
			if !e.FetchedAt.IsZero() {
				from = e.FetchedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(w, "| `%s/%s` | %s | %s | %s |\n", e.Source, e.Name, e.Status, from, md(e.Error))
		}
	}
	fmt.Fprintln(w)
}
