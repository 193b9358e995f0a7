package bench

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/hub"
)

// TestRunInRunner runs manifestgen the way the scale workload does, in a
// runner process with -measure against a loopback hub in this process,
// on a tiny config (3 filters, one page each), and asserts only what does
// not depend on the machine's load: the row has the runner's CPU and heap,
// its counts agree with the hub's, and the lower bound is filled in.
// Skipped with -short.
func TestRunInRunner(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the runner; run without -short")
	}
	const filters = 3
	w := workload{
		name: "tiny", hub: hub.Options{Latency: 5 * time.Millisecond}, strategies: []string{Manifestgen},
		runner: true, yaml: fleetYAML(filters),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var progress bytes.Buffer
	rows, err := runWorkload(ctx, w, []string{Manifestgen}, t.TempDir(), &progress)
	if errors.Is(err, errNoGo) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	if len(rows) != 1 {
		t.Fatalf("rows %+v; want one", rows)
	}
	r := rows[0]
	t.Logf("%+v", r)
	if r.Skipped == skipNoGo {
		t.Skip(r.Skipped)
	}
	if !r.Runner || r.Filters != filters || r.Failed != 0 || r.Pages != filters || r.Requests != r.Pages || r.OK != r.Requests {
		t.Errorf("runner %v, %d of %d filters failed, %d pages, %d requests, %d OK; want a runner row, 0 of %d, %d pages = requests = OK",
			r.Runner, r.Failed, r.Filters, r.Pages, r.Requests, r.OK, filters, filters)
	}
	if r.Wall <= 0 || r.LowerBound <= 0 || r.Latency != Duration(w.hub.Latency) {
		t.Errorf("wall %v, lower bound %v, latency %v", r.Wall, r.LowerBound, r.Latency)
	}
	if r.BaseHeap == 0 || r.PeakHeap < r.BaseHeap {
		t.Errorf("base heap %d, peak heap %d; want 0 < base <= peak", r.BaseHeap, r.PeakHeap)
	}
	if _, ok := processCPU(); ok && (r.CPU <= 0 || r.HubCPU <= 0) {
		t.Errorf("client CPU %v, hub CPU %v; want both > 0", r.CPU, r.HubCPU)
	}
	if r.Models != filters*20 {
		t.Errorf("%d model entries; want %d", r.Models, filters*20)
	}
}
