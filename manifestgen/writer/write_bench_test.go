package writer

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// BenchmarkWrite publishes a set as a new generation over the previous one,
// verification included: with the syncs the tests skip ("synced") and
// without them ("nosync"), to show what durability costs. Besides the time
// it reports the process's CPU time per Write (cpu-ms/op, GC and every
// goroutine included), which is what the client's CPU budget counts.
//
// The top-level cases are the default workload's output (25 filters of 40
// models over two sources). The scale cases are the large CivitAI run the
// budget is set for: 2,000 filters of 100 civitai-like models, half of each
// filter's models shared with the next one (100,050 distinct models,
// 200,000 manifest entries). scale/rerun writes the same set every time, so
// every file but index.json equals the previous generation's;
// scale/changed alternates two sets that differ in every file.
func BenchmarkWrite(b *testing.B) {
	syncs := []struct {
		name string
		sync func(*os.File) error
	}{{"synced", (*os.File).Sync}, {"nosync", func(*os.File) error { return nil }}}
	small := []*manifest.Set{benchSet(map[string]int{"civitai": 16, "huggingface": 9}, 40, plainModel)}
	for _, bc := range syncs {
		b.Run(bc.name, func(b *testing.B) { benchWrite(b, small, bc.sync) })
	}
	scale := []*manifest.Set{benchSet(map[string]int{"civitai": 2000}, 100, civitaiModel(0))}
	changed := []*manifest.Set{scale[0], benchSet(map[string]int{"civitai": 2000}, 100, civitaiModel(1))}
	for _, sets := range []struct {
		name string
		sets []*manifest.Set
	}{{"rerun", scale}, {"changed", changed}} {
		for _, bc := range syncs {
			b.Run("scale/"+sets.name+"/"+bc.name, func(b *testing.B) { benchWrite(b, sets.sets, bc.sync) })
		}
	}
}

// benchWrite writes sets in turn, over and over, into one dir with sync as
// fsync.
func benchWrite(b *testing.B, sets []*manifest.Set, sync func(*os.File) error) {
	prev := fsync
	fsync = sync
	defer func() { fsync = prev }()
	dir := filepath.Join(b.TempDir(), "output")
	if _, err := Write(dir, sets[len(sets)-1], Options{}); err != nil { // the generation the first Write replaces
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	n := 0
	for b.Loop() {
		set := sets[n%len(sets)]
		n++
		idx, err := Write(dir, set, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if want := countFilters(set); len(idx.Filters) != want {
			b.Fatalf("%d filters, want %d", len(idx.Filters), want)
		}
	}
	if cpu1, ok := processCPU(); cpuOK && ok && n > 0 {
		b.ReportMetric(float64((cpu1-cpu0).Microseconds())/1e3/float64(n), "cpu-ms/op")
	}
}

func countFilters(set *manifest.Set) int {
	n := 0
	for _, src := range set.Sources {
		n += len(src.Filters)
	}
	return n
}

// benchSet is a set with the given number of filters per source, each
// selecting n models (the i-th of a source made by mk), half of them shared
// with the next filter.
func benchSet(filters map[string]int, n int, mk func(src string, i int) manifest.Model) *manifest.Set {
	set := &manifest.Set{Hub: manifest.HubEmbedded}
	for src, count := range filters {
		r := manifest.SourceResult{Source: src, Origin: manifest.OriginEmbedded, Models: map[string]manifest.Model{}}
		for f := range count {
			var ids []string
			for i := range n {
				m := mk(src, f*n/2+i)
				ids = append(ids, m.ID)
				r.Models[m.ID] = m
			}
			r.Filters = append(r.Filters, manifest.FilterResult{Name: fmt.Sprintf("f/%04d", f), ModelIDs: ids, FetchedAt: t0})
		}
		set.Sources = append(set.Sources, r)
	}
	return set
}

// plainModel is the i-th model of src as the tests make them.
func plainModel(src string, i int) manifest.Model {
	id := fmt.Sprintf("%s-%d", src, i)
	return model(id, "Model "+id)
}

// civitaiModel returns a maker of models with every field a CivitAI model
// usually has, under numeric ids as CivitAI's are. Makers of different
// variants give every model other ids and counts.
func civitaiModel(variant int) func(string, int) manifest.Model {
	return func(_ string, i int) manifest.Model {
		n := 100000 + i*2 + variant
		id := strconv.Itoa(n)
		yes := true
		return manifest.Model{
			ID:            id,
			Name:          "Model " + id + " — realistic 写实 v2 <&>",
			Author:        "creator" + strconv.Itoa(n%997),
			Downloads:     int64(n * 37 % 1000003),
			Likes:         int64(n * 11 % 50021),
			Tags:          []string{"base model", "character", "realistic", "style"},
			Type:          "LORA",
			URL:           "https://civitai.com/models/" + id,
			CommercialUse: []string{"Image", "RentCivit"},
			AllowNoCredit: &yes,
			VersionID:     int64(n) * 3,
			BaseModel:     "SD 1.5",
			BaseModels:    []string{"SD 1.5"},
			SizeBytes:     int64(n) * 1536,
			DownloadURL:   "https://civitai.com/api/download/models/" + id,
			Preview: &manifest.Preview{URL: "https://image.civitai.com/xG1nkqKTMzGDvpLrqFT7WA/4fd40408-f963-4d2d-8caa-8d3f176139cf/width=450/" + id + ".jpeg",
				Width: 832, Height: 1216, Type: "image", NSFWLevel: 1},
			CreatedAt: "2023-10-05T13:31:16.745",
			UpdatedAt: "2023-11-05T13:31:16.745",
		}
	}
}
