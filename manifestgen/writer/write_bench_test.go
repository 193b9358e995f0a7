package writer

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// BenchmarkWrite publishes the default workload's output (25 filters of 40
// models over two sources) as a new generation over the previous one,
// verification included: with the syncs the tests skip ("synced") and
// without them ("nosync"), to show what durability costs.
func BenchmarkWrite(b *testing.B) {
	set := benchSet(map[string]int{"civitai": 16, "huggingface": 9}, 40)
	for _, bc := range []struct {
		name string
		sync func(*os.File) error
	}{{"synced", (*os.File).Sync}, {"nosync", func(*os.File) error { return nil }}} {
		b.Run(bc.name, func(b *testing.B) {
			prev := fsync
			fsync = bc.sync
			defer func() { fsync = prev }()
			dir := filepath.Join(b.TempDir(), "output")
			b.ReportAllocs()
			for b.Loop() {
				idx, err := Write(dir, set, Options{})
				if err != nil || len(idx.Filters) != 25 {
					b.Fatalf("%v", err)
				}
			}
		})
	}
}

// benchSet is a set with the given number of filters per source, each
// selecting n models, half of them shared with the next filter.
func benchSet(filters map[string]int, n int) *manifest.Set {
	set := &manifest.Set{Hub: manifest.HubEmbedded}
	for src, count := range filters {
		r := manifest.SourceResult{Source: src, Models: map[string]manifest.Model{}}
		for f := range count {
			var ids []string
			for i := range n {
				id := fmt.Sprintf("%s-%d", src, f*n/2+i)
				ids = append(ids, id)
				r.Models[id] = model(id, "Model "+id)
			}
			r.Filters = append(r.Filters, manifest.FilterResult{Name: fmt.Sprintf("f/%02d", f), ModelIDs: ids, FetchedAt: t0})
		}
		set.Sources = append(set.Sources, r)
	}
	return set
}
