package manifestgen

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// WriteSummary prints the end-of-run account: one aligned row per source,
// then why filters failed, collapsed by host and cause (see writeFailures),
// then what the result checks found in the filters fetched in this run (at
// most maxCheckLines lines).
func WriteSummary(w io.Writer, s *Summary) {
	fmt.Fprintf(w, "\nSummary (%s hub, output %s, %s):\n", s.Hub, s.Output, s.Duration.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "source\tfilters\tfresh\tstale\tfailed\tmodels\trequests\tretries\t429s\t304s\tpages\tpages needed\tduration\treq/s\t")
	for _, r := range s.Sources {
		fresh, stale := statusCounts(s.Index, r.Name)
		rate := 0.0 // starts after the first per second, comparable with the configured rps
		if r.Duration > 0 && r.Requests > 1 {
			rate = float64(r.Requests-1) / r.Duration.Seconds()
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%.1f\t\n", r.Name, r.Filters, fresh, stale,
			len(r.Failed), r.Models, r.Requests, r.Retries, r.Throttled, r.Revalidated, r.Pages, r.PageNeeds,
			r.Duration.Round(time.Millisecond), rate)
	}
	tw.Flush()
	for _, r := range s.Sources {
		if r.Skipped > 0 {
			fmt.Fprintf(w, "%s: %d malformed items skipped (named in the warnings)\n", r.Name, r.Skipped)
		}
	}
	if s.Report != "" {
		fmt.Fprintf(w, "Run report: %s\n", s.Report)
	}
	writeFailures(w, s)
	writeChecks(w, s.Index)
}

// maxCheckLines bounds the CHECKS lines of a summary; index.json and the
// run report have every filter's findings.
const maxCheckLines = 20

// writeChecks prints one line per fresh filter whose result checks found
// something: mismatches dropped or flagged, duplicates, broken pages.
func writeChecks(w io.Writer, idx *manifest.Index) {
	if idx == nil {
		return
	}
	n := 0
	for _, e := range idx.Filters {
		if e.Status != manifest.StatusFresh || !e.Checks.Found() {
			continue
		}
		if n++; n <= maxCheckLines {
			fmt.Fprintf(w, "CHECKS %s/%s: %s\n", e.Source, e.Name, e.Checks)
		}
	}
	if n > maxCheckLines {
		fmt.Fprintf(w, "CHECKS: %d more filters with findings; see checks in index.json or the run report\n", n-maxCheckLines)
	}
}

// statusCounts counts a source's fresh and stale entries in the published
// index (failed filters without a previous manifest are neither).
func statusCounts(idx *manifest.Index, source string) (fresh, stale int) {
	if idx == nil {
		return 0, 0
	}
	for _, e := range idx.Filters {
		if e.Source != source {
			continue
		}
		switch e.Status {
		case manifest.StatusFresh:
			fresh++
		case manifest.StatusStale:
			stale++
		}
	}
	return fresh, stale
}
