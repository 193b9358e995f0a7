// Package verify checks a manifestgen output dir: every file against its JSON
// Schema (package schemas) and the rules that span files — ids resolve to
// models, counts agree, the index names exactly the files present.
package verify

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// IndexFile is the name of the index inside an output dir.
const IndexFile = "index.json"

// Dir checks the output dir and returns every violation found. The error is
// non-nil only when dir cannot be checked at all (it does not exist, is not a
// directory or cannot be listed); broken or unreadable files are violations.
// Call Report.Err to turn violations into an error.
func Dir(dir string) (*Report, error) {
	sch, err := loadSchemas()
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("verify: %s is not a directory", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	defer root.Close()

	c := &checker{root: root, sch: sch, present: map[string]bool{}, listed: map[string]bool{IndexFile: true}}
	err = fs.WalkDir(root.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
		case d.Type().IsRegular():
			c.present[path] = true
		case d.Type()&fs.ModeSymlink != 0:
			c.add(path, "", "not a regular file (a symlink)")
		default:
			c.add(path, "", "not a regular file (%s)", d.Type())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify: list %s: %w", dir, err)
	}

	if !c.present[IndexFile] {
		c.add(IndexFile, "", "missing")
	} else {
		var idx looseIndex
		if c.load(IndexFile, sch.index, &idx) {
			c.checkIndex(&idx)
		}
	}
	for _, f := range sortedKeys(c.present) {
		if !c.listed[f] {
			c.add(f, "", "not listed in %s", IndexFile)
		}
	}
	slices.SortFunc(c.v, func(a, b Violation) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Pointer, b.Pointer), cmp.Compare(a.Message, b.Message))
	})
	return &Report{Dir: dir, Files: len(c.present), Violations: c.v}, nil
}

// The cross-file checks decode into these loose shapes rather than the
// manifest types, so that a value the schema rejects (a malformed timestamp,
// say) does not hide the rest of the file from them.
type (
	looseIndex struct {
		Sources map[string]struct {
			Models string `json:"models"`
			Count  int    `json:"count"`
		} `json:"sources"`
		Filters []looseEntry `json:"filters"`
	}
	looseEntry struct {
		Source string `json:"source"`
		Name   string `json:"name"`
		File   string `json:"file"`
		Count  int    `json:"count"`
	}
	looseModels struct {
		Source string `json:"source"`
		Count  int    `json:"count"`
		Models map[string]struct {
			ID string `json:"id"`
		} `json:"models"`
	}
)

// checker accumulates the violations of one output dir.
type checker struct {
	root    *os.Root
	sch     *compiled
	present map[string]bool // regular files found, slash-separated
	listed  map[string]bool // files the index names
	v       []Violation
}

func (c *checker) add(file, ptr, format string, args ...any) {
	c.v = append(c.v, Violation{File: file, Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// load reads file, validates it against s and decodes it into dst. It
// reports false when dst could not be decoded; schema violations alone do
// not stop the cross-file checks.
func (c *checker) load(file string, s *jsonschema.Schema, dst any) bool {
	data, err := c.root.ReadFile(filepath.FromSlash(file))
	if err != nil {
		c.add(file, "", "cannot read: %v", err)
		return false
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		c.add(file, "", "invalid JSON: %v", err)
		return false
	}
	bad := schemaViolations(file, s, doc)
	c.v = append(c.v, bad...)
	if err := json.Unmarshal(data, dst); err != nil {
		if len(bad) == 0 {
			c.add(file, "", "cannot decode: %v", err)
		}
		return false
	}
	return true
}

// checkIndex checks the files the index names and how they agree with it.
func (c *checker) checkIndex(idx *looseIndex) {
	models := map[string]map[string]bool{} // source -> ids in its loaded models file
	modelsFile := map[string]string{}
	for _, name := range sortedKeys(idx.Sources) {
		src := idx.Sources[name]
		ptr := pointer("sources", name)
		c.listed[src.Models] = true
		if want := manifest.ModelsPath(name); src.Models != want {
			c.add(IndexFile, ptr+"/models", "is %q, want %q", src.Models, want)
			continue
		}
		if !c.present[src.Models] {
			c.add(IndexFile, ptr+"/models", "names %s, which does not exist", src.Models)
			continue
		}
		var mf looseModels
		if !c.load(src.Models, c.sch.models, &mf) {
			continue
		}
		if mf.Source != name {
			c.add(src.Models, "/source", "is %q, want %q (its key in %s)", mf.Source, name, IndexFile)
		}
		if mf.Count != len(mf.Models) {
			c.add(src.Models, "/count", "is %d, but models holds %d", mf.Count, len(mf.Models))
		}
		if src.Count != len(mf.Models) {
			c.add(IndexFile, ptr+"/count", "is %d, but %s holds %d models", src.Count, src.Models, len(mf.Models))
		}
		for _, id := range sortedKeys(mf.Models) {
			if got := mf.Models[id].ID; got != id {
				c.add(src.Models, pointer("models", id, "id"), "is %q, want its key %q", got, id)
			}
		}
		models[name] = map[string]bool{}
		for id := range mf.Models {
			models[name][id] = true
		}
		modelsFile[name] = src.Models
	}

	referenced := map[string]map[string]bool{} // source -> ids named by its filters
	incomplete := map[string]bool{}            // sources with an unreadable filter file
	for i, e := range idx.Filters {
		ptr := pointer("filters", fmt.Sprint(i))
		if i > 0 {
			p := idx.Filters[i-1]
			switch cmp.Or(cmp.Compare(p.Source, e.Source), cmp.Compare(p.Name, e.Name)) {
			case 0:
				c.add(IndexFile, ptr, "duplicate entry for %s/%s", e.Source, e.Name)
			case 1:
				c.add(IndexFile, ptr, "%s/%s is out of order (filters are sorted by source, then name)", e.Source, e.Name)
			}
		}
		if _, ok := idx.Sources[e.Source]; !ok {
			c.add(IndexFile, ptr+"/source", "names source %q, which is not in sources", e.Source)
		}
		if e.File == "" {
			continue
		}
		c.listed[e.File] = true
		if want := manifest.FilterPath(e.Source, e.Name); e.File != want {
			c.add(IndexFile, ptr+"/file", "is %q, want %q", e.File, want)
			incomplete[e.Source] = true
			continue
		}
		if !c.present[e.File] {
			c.add(IndexFile, ptr+"/file", "names %s, which does not exist", e.File)
			incomplete[e.Source] = true
			continue
		}
		var ff manifest.FilterFile
		if !c.load(e.File, c.sch.filter, &ff) {
			incomplete[e.Source] = true
			continue
		}
		if ff.Source != e.Source {
			c.add(e.File, "/source", "is %q, but the index entry says %q", ff.Source, e.Source)
		}
		if ff.Filter != e.Name {
			c.add(e.File, "/filter", "is %q, but the index entry says %q", ff.Filter, e.Name)
		}
		if e.Count != len(ff.ModelIDs) {
			c.add(IndexFile, ptr+"/count", "is %d, but %s lists %d ids", e.Count, e.File, len(ff.ModelIDs))
		}
		ms, ok := models[e.Source]
		if !ok {
			continue
		}
		if referenced[e.Source] == nil {
			referenced[e.Source] = map[string]bool{}
		}
		for j, id := range ff.ModelIDs {
			if !ms[id] {
				c.add(e.File, pointer("modelIds", fmt.Sprint(j)), "id %q is not in %s", id, modelsFile[e.Source])
			}
			referenced[e.Source][id] = true
		}
	}
	for _, name := range sortedKeys(models) {
		if incomplete[name] {
			continue // unreferenced models cannot be told apart from those of the unreadable filter
		}
		for _, id := range sortedKeys(models[name]) {
			if !referenced[name][id] {
				c.add(modelsFile[name], pointer("models", id), "not referenced by any filter of %s", name)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
