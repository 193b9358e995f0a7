package changes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// maxLoadBytes caps every file Load reads.
const maxLoadBytes = 1 << 30

// Generation is an output dir read whole: its index, each source's models
// and each filter's ids.
type Generation struct {
	Index  manifest.Index
	Models map[string]map[string]manifest.Model // by source, then id
	IDs    map[[2]string][]string               // by source and filter name; entries with a file only
}

// Load reads the generation in dir. Files are read through dir only (no
// path in the index can lead outside it), each at most 1 GiB; an index
// entry naming a file other than where the writer puts it is an error.
func Load(dir string) (*Generation, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	g := &Generation{Models: map[string]map[string]manifest.Model{}, IDs: map[[2]string][]string{}}
	if err := readJSON(root, dir, "index.json", &g.Index); err != nil {
		return nil, err
	}
	for name, src := range g.Index.Sources {
		if want := manifest.ModelsPath(name); src.Models != want {
			return nil, fmt.Errorf("%s: sources.%s.models is %q, want %q", filepath.Join(dir, "index.json"), name, src.Models, want)
		}
		var mf manifest.ModelsFile
		if err := readJSON(root, dir, src.Models, &mf); err != nil {
			return nil, err
		}
		g.Models[name] = mf.Models
	}
	for _, e := range g.Index.Filters {
		if e.File == "" {
			continue
		}
		if want := manifest.FilterPath(e.Source, e.Name); e.File != want {
			return nil, fmt.Errorf("%s: filter %s/%s: file %q, want %q", filepath.Join(dir, "index.json"), e.Source, e.Name, e.File, want)
		}
		var ff manifest.FilterFile
		if err := readJSON(root, dir, e.File, &ff); err != nil {
			return nil, err
		}
		g.IDs[[2]string{e.Source, e.Name}] = ff.ModelIDs
	}
	return g, nil
}

// readJSON decodes the file rel below root into v.
func readJSON(root *os.Root, dir, rel string, v any) error {
	f, err := root.Open(filepath.FromSlash(rel))
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxLoadBytes+1))
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, rel), err)
	}
	if len(data) > maxLoadBytes {
		return fmt.Errorf("%s: larger than %d bytes", filepath.Join(dir, rel), maxLoadBytes)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, rel), err)
	}
	return nil
}

// Compare returns the feed of new compared with old, as the writer would
// have written it had new replaced old, except that it compares whatever
// the hub modes and origins: a difference is noted in the returned
// warnings.
func Compare(old, new *Generation) (*Feed, []string) {
	var warn []string
	if old.Index.Hub != new.Index.Hub {
		warn = append(warn, fmt.Sprintf("the generations come from different hubs (%s, %s)", old.Index.Hub, new.Index.Hub))
	}
	was, now := map[string]string{}, map[string]string{}
	for _, e := range old.Index.Filters {
		if _, ok := was[e.Source]; !ok && e.Origin != "" {
			was[e.Source] = e.Origin
		}
	}
	for _, e := range new.Index.Filters {
		if _, ok := now[e.Source]; !ok && e.Origin != "" {
			now[e.Source] = e.Origin
		}
	}
	for _, src := range slices.Sorted(maps.Keys(now)) {
		if o, ok := was[src]; ok && o != now[src] {
			warn = append(warn, fmt.Sprintf("%s's data came from %s, now from %s", src, o, now[src]))
		}
	}
	sources := map[string]SourceChanges{}
	for name, after := range new.Models {
		if sc, ok := CompareModels(old.Models[name], after); ok {
			sources[name] = sc
		}
	}
	for name, before := range old.Models {
		if _, ok := new.Models[name]; !ok {
			if sc, ok := CompareModels(before, nil); ok {
				sources[name] = sc
			}
		}
	}
	type entry struct {
		status, err string
		ok          bool
	}
	before := map[[2]string]entry{}
	for _, e := range old.Index.Filters {
		before[[2]string{e.Source, e.Name}] = entry{e.Status, e.Error, true}
	}
	var filters []FilterChange
	for _, e := range new.Index.Filters {
		k := [2]string{e.Source, e.Name}
		b := before[k]
		delete(before, k)
		was := FilterState{Status: StatusAbsent}
		if b.ok {
			was = FilterState{Status: b.status, Error: b.err, IDs: old.IDs[k]}
		}
		if fc, ok := CompareFilter(e.Source, e.Name, was, FilterState{Status: e.Status, Error: e.Error, IDs: new.IDs[k]}); ok {
			filters = append(filters, fc)
		}
	}
	for k, b := range before {
		if fc, ok := CompareFilter(k[0], k[1], FilterState{Status: b.status, Error: b.err, IDs: old.IDs[k]}, FilterState{Status: StatusAbsent}); ok {
			filters = append(filters, fc)
		}
	}
	prev := &Ref{Generation: old.Index.Generation, GeneratedAt: old.Index.GeneratedAt}
	return Assemble(Ref{Generation: new.Index.Generation, GeneratedAt: new.Index.GeneratedAt}, prev, "", sources, filters), warn
}

// ReadFeed reads the change feed of the output dir dir.
func ReadFeed(dir string) (*Feed, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var f Feed
	if err := readJSON(root, dir, File, &f); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s has no %s (written by generations of this version on)", dir, File)
		}
		return nil, err
	}
	return &f, nil
}
