package bench

import (
	"fmt"
	"time"
)

// Targets of rate-limit adaptation, as checked by Run.
const (
	MaxBucket429Share  = 0.02 // bucket: 429s served / requests
	MaxBucket429s      = 1    // bucket: 429s served (one host: one 429 to learn its bucket from)
	MinBucketRateShare = 0.95 // bucket: OK responses per second / server rate
	MaxWindow429s      = 1    // window: 429s served
	MaxWindowRatio     = 1.15 // window: wall / ideal
	MaxDefaultRatio    = 1.10 // default: wall / lower bound
	MaxFreshRerun      = time.Second
	MaxFleet429Share   = 0.05 // fleet, shared: 429s served / requests
	MaxScaleCPUShare   = 0.05 // scale, manifestgen in a runner: the client's CPU / its wall
)

// checks evaluates the targets on the rows and the rerun present in rep.
func checks(rep *Report) []Check {
	var cs []Check
	add := func(name, want, got string, ok bool) {
		cs = append(cs, Check{Name: name, Want: want, Got: got, OK: ok})
	}
	row := func(w, s string) (Row, bool) {
		for _, r := range rep.Rows {
			if r.Workload == w && r.Strategy == s && r.Skipped == "" {
				return r, true
			}
		}
		return Row{}, false
	}
	if mg, ok := row(WorkloadDefault, Manifestgen); ok {
		add("default: manifestgen near the lower bound", fmt.Sprintf("wall <= %.2f x %s", MaxDefaultRatio, dur(mg.LowerBound)),
			fmt.Sprintf("%s = %.3f x", dur(mg.Wall), mg.Ratio), mg.Ratio <= MaxDefaultRatio)
		if cl, ok := row(WorkloadDefault, Classic); ok {
			add("default: manifestgen faster than the classic limiter", "wall < classic's "+dur(cl.Wall),
				dur(mg.Wall), mg.Wall < cl.Wall)
		}
		add("default: no failed filter", "0", fmt.Sprint(mg.Failed), mg.Failed == 0)
		add("default: requests vs distinct pages", fmt.Sprintf("requests = distinct pages (%d) < pages needed (%d)", mg.Pages, mg.PageNeeds),
			fmt.Sprintf("%d requests", mg.Requests), mg.Requests == mg.Pages && mg.Pages <= mg.PageNeeds)
	}
	if mg, ok := row(WorkloadBucket, Manifestgen); ok {
		share := float64(mg.Served429) / float64(max(mg.Requests, 1))
		minRate := MinBucketRateShare * bucketLimit.Rate
		add("bucket: no failed filter", "0", fmt.Sprint(mg.Failed), mg.Failed == 0)
		add("bucket: 429s served", fmt.Sprintf("<= %.0f%% of requests and <= %d", 100*MaxBucket429Share, MaxBucket429s),
			fmt.Sprintf("%d of %d = %.1f%%", mg.Served429, mg.Requests, 100*share), share <= MaxBucket429Share && mg.Served429 <= MaxBucket429s)
		add("bucket: achieved rate", fmt.Sprintf(">= %.2f/s (%.0f%% of %g/s)", minRate, 100*MinBucketRateShare, bucketLimit.Rate),
			fmt.Sprintf("%.2f/s", mg.Rate), mg.Rate >= minRate)
	}
	if mg, ok := row(WorkloadWindow, Manifestgen); ok {
		add("window: no failed filter", "0", fmt.Sprint(mg.Failed), mg.Failed == 0)
		add("window: 429s served", fmt.Sprintf("<= %d", MaxWindow429s), fmt.Sprint(mg.Served429), mg.Served429 <= MaxWindow429s)
		add("window: wall vs ideal", fmt.Sprintf("<= %.2f x %s", MaxWindowRatio, dur(mg.LowerBound)),
			fmt.Sprintf("%s = %.3f x", dur(mg.Wall), mg.Ratio), mg.Ratio <= MaxWindowRatio)
	}
	if mg, ok := row(WorkloadFaults, Manifestgen); ok {
		add("faults: every filter completes", "0 failed", fmt.Sprint(mg.Failed), mg.Failed == 0)
		add("faults: retries counted in the summary", "> 0", fmt.Sprint(mg.Retries), mg.Retries > 0)
	}
	if mg, ok := row(WorkloadScale, Manifestgen); ok {
		add("scale: no failed filter", "0", fmt.Sprint(mg.Failed), mg.Failed == 0)
		share := float64(mg.CPU) / float64(max(mg.Wall, 1))
		got := fmt.Sprintf("%s = %.2f%%", dur(mg.CPU), 100*share)
		if mg.CPU <= 0 || !mg.Runner {
			got = "not measured (the client's own CPU needs the runner and getrusage)"
		}
		add(fmt.Sprintf("scale: client CPU <= %.0f%% of wall", 100*MaxScaleCPUShare),
			fmt.Sprintf("<= %s (%.0f%% of %s)", dur(Duration(MaxScaleCPUShare*float64(mg.Wall))), 100*MaxScaleCPUShare, dur(mg.Wall)),
			got, mg.Runner && mg.CPU > 0 && share <= MaxScaleCPUShare)
	}
	if sh, ok := row(WorkloadFleet, Shared); ok {
		share := float64(sh.Served429) / float64(max(sh.Requests, 1))
		add("fleet: shared, no failed filter", "0", fmt.Sprintf("%d of %d", sh.Failed, sh.Filters), sh.Failed == 0)
		add("fleet: shared, 429s served", fmt.Sprintf("<= %.0f%% of requests", 100*MaxFleet429Share),
			fmt.Sprintf("%d of %d = %.1f%%", sh.Served429, sh.Requests, 100*share), share <= MaxFleet429Share)
	}
	if r := rep.Rerun; r != nil {
		add("rerun within maxAge: skipped", fmt.Sprintf("up to date, 0 requests, < %s", MaxFreshRerun),
			fmt.Sprintf("up to date %v, %d sources run, %s", r.FreshUpToDate, r.FreshSources, dur(r.FreshWall)),
			r.FreshUpToDate && r.FreshSources == 0 && time.Duration(r.FreshWall) < MaxFreshRerun)
		all := len(r.Sources) > 0 && r.Warm304 == r.WarmRequests
		got := fmt.Sprintf("%d requests, %d answered 304;", r.WarmRequests, r.Warm304)
		for _, s := range r.Sources {
			all = all && s.Revalidated == s.Pages && s.Pages > 0
			got += fmt.Sprintf(" %s %d/%d", s.Name, s.Revalidated, s.Pages)
		}
		add("rerun past maxAge: every page 304", "revalidated = pages, per source", got, all)
	}
	return cs
}

// dur formats a duration for the table: ms below 10 s, else 0.01 s.
func dur(d Duration) string {
	t := time.Duration(d)
	if t < 10*time.Second {
		return t.Round(time.Millisecond).String()
	}
	return t.Round(10 * time.Millisecond).String()
}
