package bench

import (
	"testing"
	"time"
)

// The targets of rate-limit adaptation, on the fake clock: the schedule
// manifestgen makes, exactly, free of machine load. Run checks the same
// targets on real time.

func mustWorkload(t *testing.T, name string) workload {
	t.Helper()
	w, err := newWorkload(name, DefaultLatency, DefaultScaleLatency)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// Default workload: manifestgen within 1.10 x the lower bound, below the
// classic limiter, one request per distinct page.
func TestTargetDefault(t *testing.T) {
	w := mustWorkload(t, WorkloadDefault)
	mg := simulate(t, w, Manifestgen)
	classic := simulate(t, w, Classic)
	if mg.failed != 0 || mg.ratio() > MaxDefaultRatio {
		t.Errorf("manifestgen: %d failed, %v = %.3f x the bound %v; want 0, <= %.2f", mg.failed, mg.wall, mg.ratio(), mg.bound, MaxDefaultRatio)
	}
	if mg.wall >= classic.wall {
		t.Errorf("manifestgen %v, classic %v; want manifestgen faster", mg.wall, classic.wall)
	}
	pages, needs := 0, 0
	for _, s := range mg.sum.Sources {
		pages += s.Pages
		needs += s.PageNeeds
	}
	if mg.requests() != pages || pages >= needs {
		t.Errorf("%d requests, %d distinct pages, %d needed; want requests = pages < needed", mg.requests(), pages, needs)
	}
}

// Server token bucket 5/s (burst 5), client 3 in flight / 10 req/s, 100
// filters: none fails, at most 2% of the requests and one of them get a
// 429, at least 95% of the server's rate.
func TestTargetBucket(t *testing.T) {
	s := simulate(t, mustWorkload(t, WorkloadBucket), Manifestgen)
	share := float64(s.served429()) / float64(s.requests())
	if s.failed != 0 || share > MaxBucket429Share || s.served429() > MaxBucket429s || s.rate() < MinBucketRateShare*bucketLimit.Rate {
		t.Errorf("%d failed, %d 429s of %d requests (%.1f%%), %.2f/s; want 0, <= 2%% and <= 1, >= %.2f/s",
			s.failed, s.served429(), s.requests(), 100*share, s.rate(), MinBucketRateShare*bucketLimit.Rate)
	}
}

// Fixed window of 30 per 5 s with Hugging Face's headers, 100 requests:
// none fails, at most one 429, within 15% of the ideal.
func TestTargetWindow(t *testing.T) {
	s := simulate(t, mustWorkload(t, WorkloadWindow), Manifestgen)
	if s.failed != 0 || s.served429() > MaxWindow429s || s.ratio() > MaxWindowRatio {
		t.Errorf("%d failed, %d 429s, %v = %.3f x the ideal %v; want 0, <= %d, <= %.2f",
			s.failed, s.served429(), s.wall, s.ratio(), s.bound, MaxWindow429s, MaxWindowRatio)
	}
	if s.bound != 15950*time.Millisecond {
		t.Errorf("ideal %v; want 15.95s (three full windows, then 10 at 10/s, plus the latency)", s.bound)
	}
}

// 10% injected 5xx and 2% connection resets: every filter completes, and
// the summary counts the retries the hub saw.
func TestTargetFaults(t *testing.T) {
	s := simulate(t, mustWorkload(t, WorkloadFaults), Manifestgen)
	pages := 0
	for _, src := range s.sum.Sources {
		pages += src.Pages
	}
	if s.failed != 0 || s.retries() == 0 || s.retries() != s.requests()-pages {
		t.Errorf("%d failed, %d retries counted, %d requests for %d pages; want 0 failed, retries = requests - pages > 0",
			s.failed, s.retries(), s.requests(), pages)
	}
}

// The baselines make no retries: against the token bucket they lose
// filters, which the classic writes as empty manifests.
func TestBaselinesFailUnderLimits(t *testing.T) {
	w := mustWorkload(t, WorkloadBucket)
	for _, strategy := range []string{Sequential, Unbounded, Classic} {
		s := simulate(t, w, strategy)
		if s.failed == 0 || s.failed != s.served429() || s.requests() != 100 {
			t.Errorf("%s: %d failed, %d 429s, %d requests; want failures = 429s > 0, 100 requests", strategy, s.failed, s.served429(), s.requests())
		}
	}
}
