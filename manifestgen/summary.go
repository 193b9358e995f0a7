package manifestgen

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// WriteSummary prints the end-of-run account: one aligned row per source,
// then every failed filter with its reason.
func WriteSummary(w io.Writer, s *Summary) {
	fmt.Fprintf(w, "\nSummary (%s hub, output %s, %s):\n", s.Hub, s.Output, s.Duration.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "source\tfilters\tfailed\tmodels\trequests\tretries\t429s\t304s\tpages\tpages needed\tduration\t")
	for _, r := range s.Sources {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", r.Name, r.Filters, len(r.Failed), r.Models,
			r.Requests, r.Retries, r.Throttled, r.Revalidated, r.Pages, r.PageNeeds, r.Duration.Round(time.Millisecond))
	}
	tw.Flush()
	if s.Report != "" {
		fmt.Fprintf(w, "Run report: %s\n", s.Report)
	}
	for _, r := range s.Sources {
		for _, f := range r.Failed {
			fmt.Fprintf(w, "FAILED %s/%s: %v\n", r.Name, f.Name, f.Err)
		}
	}
}
