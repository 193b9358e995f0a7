package pipeline

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkRun runs 200 filters over in-memory listings of 100-model pages
// (two filters per listing, so half the pages are shared): what the
// pipeline itself costs, paging, coalescing and merging, without network
// or decoding.
func BenchmarkRun(b *testing.B) {
	h := &fakeHub{pageSize: 100, size: 300}
	src := h.source()
	for i := range 200 {
		src.Filters = append(src.Filters, filter(fmt.Sprintf("f%03d", i), fmt.Sprintf("l%03d", i/2), 250))
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(context.Background(), []Source{src}, Options{})
		if err != nil || len(res[0].Models) != 100*250 || res[0].Stats.Pages != 300 {
			b.Fatalf("%d models, %d pages, %v", len(res[0].Models), res[0].Stats.Pages, err)
		}
	}
}
