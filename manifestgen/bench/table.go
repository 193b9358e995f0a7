package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteTable prints rep: one aligned row per workload and strategy, then
// the rerun figures and the checks.
func WriteTable(w io.Writer, rep *Report) {
	fmt.Fprintf(w, "\nmanifestgen bench (%s, %s, %d CPUs, hub latency %s, scale %s)\n\n", rep.GoVersion, rep.Platform, rep.CPUs,
		dur(rep.Latency), dur(rep.ScaleLat))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tstrategy\twall\tlower bound\tratio\trequests\t429s\tfailed\tok/s\tpeak heap\tbase heap\tCPU\tnotes\t")
	for _, r := range rep.Rows {
		if r.Skipped != "" {
			fmt.Fprintf(tw, "%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\t\n", r.Workload, r.Strategy, r.Skipped)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.3f\t%d\t%d\t%d/%d\t%.2f\t%s\t%s\t%s\t%s\t\n",
			r.Workload, r.Strategy, dur(r.Wall), dur(r.LowerBound), r.Ratio, r.Requests, r.Served429,
			r.Failed, r.Filters, r.Rate, heap(r.PeakHeap), heap(r.BaseHeap), dur(r.CPU), notes(r))
	}
	tw.Flush()
	if len(rep.Workloads) > 0 {
		fmt.Fprintln(w)
	}
	for _, wl := range rep.Workloads {
		fmt.Fprintf(w, "%-8s %s\n", wl.Name+":", wl.Desc)
	}
	if r := rep.Rerun; r != nil {
		fmt.Fprintf(w, "\nrerun within maxAge (manifestgen.Run): %s, up to date %v, sources run %d\n",
			dur(r.FreshWall), r.FreshUpToDate, r.FreshSources)
		fmt.Fprintf(w, "rerun past maxAge (Generate, HTTP cache, same hub): cold %s, warm %s, %d requests, %d answered 304",
			dur(r.ColdWall), dur(r.WarmWall), r.WarmRequests, r.Warm304)
		for _, s := range r.Sources {
			fmt.Fprintf(w, "; %s %d of %d pages revalidated", s.Name, s.Revalidated, s.Pages)
		}
		fmt.Fprintln(w)
	}
	if len(rep.Checks) > 0 {
		fmt.Fprintln(w, "\nTargets:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range rep.Checks {
			mark := "ok  "
			if !c.OK {
				mark = "MISS"
			}
			fmt.Fprintf(tw, "%s\t%s\twant %s\tgot %s\n", mark, c.Name, c.Want, c.Got)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\nTotal %s. Lower bound: the slowest source's ideal schedule (client rate, burst and concurrency,\n"+
		"server bucket or fixed window, one latency), for manifestgen's distinct pages; the baselines share no pages.\n"+
		"Heap and CPU: scale/manifestgen = the runner process alone, the client, around its Generate (heap sampled\n"+
		"every %s, the sampler's wakeups counted in the CPU); fleet = the runner processes' CPU, summed, no heap;\n"+
		"every other row = the bench process, the in-process hub included.\n", dur(rep.Duration), runnerHeapSampleEvery)
}

// notes is the notes column: manifestgen's own figures, and why the
// first filter failed.
func notes(r Row) string {
	var parts []string
	if r.Workload == WorkloadFleet {
		parts = append(parts, fmt.Sprintf("%d runners reported, pages %d of %d needed, retries %d, 429s seen %d",
			r.Runners, r.Pages, r.PageNeeds, r.Retries, r.Throttled))
	} else if r.Strategy == Manifestgen {
		parts = append(parts, fmt.Sprintf("pages %d of %d needed, retries %d", r.Pages, r.PageNeeds, r.Retries))
		if r.Models > 0 {
			parts = append(parts, fmt.Sprintf("%d model entries", r.Models))
		}
		if r.Runner && r.CPU > 0 && r.Requests > 0 {
			parts = append(parts, fmt.Sprintf("client CPU %s/request vs hub latency %s, hub process CPU %s",
				(time.Duration(r.CPU)/time.Duration(r.Requests)).Round(time.Microsecond), dur(r.Latency), dur(r.HubCPU)))
		}
	}
	if r.FirstFailure != "" {
		parts = append(parts, "first failure: "+clip(r.FirstFailure, 90))
	}
	return strings.Join(parts, ", ")
}

// clip shortens s to at most n bytes, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}

// heap formats a heap figure: "-" when not measured (fleet rows).
func heap(b uint64) string {
	if b == 0 {
		return "-"
	}
	return mib(b)
}

// mib formats bytes as MiB.
func mib(b uint64) string {
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}
