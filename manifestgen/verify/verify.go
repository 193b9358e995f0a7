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
	"path"
	"path/filepath"
	"slices"
	"strconv"

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
	return check(dir, nil, fastSchemas())
}

// Written checks the output dir as Dir does, for a caller that has just
// written it: the contents of the files in written (by slash-separated path
// relative to dir) are the given bytes rather than read back. Which files
// exist, and whether they are regular files, still comes from dir, so a file
// of written that is missing in dir, or a file in dir the index does not
// list, is a violation as with Dir; files not in written are read.
func Written(dir string, written map[string][]byte) (*Report, error) {
	return check(dir, written, fastSchemas())
}

// check is Dir and Written, with the fast parsers fast allows.
func check(dir string, written map[string][]byte, fast fastFor) (*Report, error) {
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

	c := &checker{root: root, sch: sch, fast: fast, present: map[string]bool{}, listed: map[string]bool{IndexFile: true},
		written: written, dirs: map[string]*os.Root{}, scratch: map[string]struct{}{}, fastSeen: fast.seen}
	defer c.closeDirs()
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
		if idx, ok := c.loadIndex(); ok {
			c.checkChanges(idx, c.checkIndex(idx))
		}
	}
	for f := range c.present {
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
		GeneratedAt looseString            `json:"generatedAt"`
		Hub         looseString            `json:"hub"`
		Sources     map[string]looseSource `json:"sources"`
		Filters     []looseEntry           `json:"filters"`
	}
	looseSource struct {
		Models string `json:"models"`
		Count  int    `json:"count"`
	}
	looseEntry struct {
		Source    string       `json:"source"`
		Name      string       `json:"name"`
		File      string       `json:"file"`
		Count     int          `json:"count"`
		Status    string       `json:"status"`
		Hub       looseString  `json:"hub"`
		Origin    looseString  `json:"origin"`
		FetchedAt looseString  `json:"fetchedAt"`
		Checks    *looseChecks `json:"checks"`
	}
	looseChecks struct {
		Mismatches int      `json:"mismatches"`
		Flagged    []string `json:"flagged"`
	}
	looseModels struct {
		Source string `json:"source"`
		Count  int    `json:"count"`
		Models map[string]struct {
			ID string `json:"id"`
		} `json:"models"`
	}
)

// looseString is a JSON string's value, or "" for any other JSON value: a
// wrong type, which the schema reports, does not stop the decoding.
type looseString string

// UnmarshalJSON keeps b's value when it is a string.
func (s *looseString) UnmarshalJSON(b []byte) error {
	var v string
	if json.Unmarshal(b, &v) != nil {
		v = ""
	}
	*s = looseString(v)
	return nil
}

// modelsDoc is what the cross-file checks need of a models file.
type modelsDoc struct {
	source string
	count  int            // as the file says
	keys   []string       // the keys of models, in file order
	ids    []string       // ids[i] is the id of the model under keys[i]
	index  map[string]int // keys[i] -> i
}

func (d *modelsDoc) init(n int) {
	d.keys, d.ids, d.index = make([]string, 0, n), make([]string, 0, n), make(map[string]int, n)
}

func (d *modelsDoc) add(key, id string) {
	d.index[key] = len(d.keys)
	d.keys = append(d.keys, key)
	d.ids = append(d.ids, id)
}

// filterDoc is what the cross-file checks need of a filter file.
type filterDoc = manifest.FilterFile

// checker accumulates the violations of one output dir.
type checker struct {
	root     *os.Root
	sch      *compiled
	fast     fastFor
	present  map[string]bool // regular files found, slash-separated
	listed   map[string]bool // files the index names
	v        []Violation
	written  map[string][]byte   // contents not to read back; see Written
	dirs     map[string]*os.Root // subdirs of root opened by read, by slash-separated path
	scratch  map[string]struct{} // for parseFilter
	fastSeen bool                // parseSeen may be used
}

func (c *checker) add(file, ptr, format string, args ...any) {
	c.v = append(c.v, Violation{File: file, Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// read reads file; it reports false (and the violation) when it cannot.
// Files are opened through a root for their dir, opened once, so that
// reading the many files of a dir does not resolve the dir each time.
func (c *checker) read(file string) ([]byte, bool) {
	if data, ok := c.written[file]; ok {
		return data, true // the caller checks c.present first
	}
	if dir, base := path.Split(file); dir != "" {
		r, ok := c.dirs[dir]
		if !ok {
			r, _ = c.root.OpenRoot(filepath.FromSlash(dir)) // nil on error: read below reports it
			c.dirs[dir] = r
		}
		if r != nil {
			if data, err := r.ReadFile(base); err == nil {
				return data, true
			}
		}
	}
	data, err := c.root.ReadFile(filepath.FromSlash(file)) // the error in terms of file
	if err != nil {
		c.add(file, "", "cannot read: %v", err)
		return nil, false
	}
	return data, true
}

func (c *checker) closeDirs() {
	for _, r := range c.dirs {
		if r != nil {
			r.Close()
		}
	}
}

// loadIndex reads, checks and decodes index.json.
func (c *checker) loadIndex() (*looseIndex, bool) {
	data, ok := c.read(IndexFile)
	if !ok {
		return nil, false
	}
	if c.fast.index {
		if idx, ok := parseIndex(data); ok {
			return idx, true
		}
	}
	var idx looseIndex
	return &idx, c.load(IndexFile, data, c.sch.index, &idx)
}

// loadModels reads, checks and decodes a models file.
func (c *checker) loadModels(file string) (*modelsDoc, bool) {
	data, ok := c.read(file)
	if !ok {
		return nil, false
	}
	if c.fast.models {
		if d, ok := parseModels(data); ok {
			return d, true
		}
	}
	var mf looseModels
	if !c.load(file, data, c.sch.models, &mf) {
		return nil, false
	}
	d := &modelsDoc{source: mf.Source, count: mf.Count}
	d.init(len(mf.Models))
	for key, m := range mf.Models {
		d.add(key, m.ID)
	}
	return d, true
}

// loadFilter reads, checks and decodes a filter file; known is the models
// file of its source, if loaded.
func (c *checker) loadFilter(file string, known *modelsDoc) (*filterDoc, bool) {
	data, ok := c.read(file)
	if !ok {
		return nil, false
	}
	if c.fast.filter {
		if d, ok := parseFilter(data, c.scratch, known); ok {
			return d, true
		}
	}
	var ff filterDoc
	return &ff, c.load(file, data, c.sch.filter, &ff)
}

// load validates data, the contents of file, against s and decodes it into
// dst: the full path. It reports false when dst could not be decoded;
// schema violations alone do not stop the cross-file checks.
func (c *checker) load(file string, data []byte, s *jsonschema.Schema, dst any) bool {
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

// checkFlagged checks an entry's flagged ids against its filter file: each
// is in the manifest, and there are no more than mismatches.
func (c *checker) checkFlagged(e looseEntry, ptr string, ff *filterDoc) {
	if e.Checks == nil || len(e.Checks.Flagged) == 0 {
		return
	}
	if n := len(e.Checks.Flagged); n > e.Checks.Mismatches {
		c.add(IndexFile, ptr+"/checks/flagged", "lists %d ids, more than the %d mismatches", n, e.Checks.Mismatches)
	}
	for j, id := range e.Checks.Flagged {
		if !slices.Contains(ff.ModelIDs, id) {
			c.add(IndexFile, ptr+"/checks/flagged/"+strconv.Itoa(j), "id %q is not in %s", id, e.File)
		}
	}
}

// checkIndex checks the files the index names and how they agree with it,
// and returns the models files it loaded, by source. Violations are sorted
// at the end, so maps are walked in any order.
func (c *checker) checkIndex(idx *looseIndex) map[string]*modelsDoc {
	models := map[string]*modelsDoc{} // source -> its loaded models file
	modelsFile := map[string]string{}
	for name, src := range idx.Sources {
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
		mf, ok := c.loadModels(src.Models)
		if !ok {
			continue
		}
		if mf.source != name {
			c.add(src.Models, "/source", "is %q, want %q (its key in %s)", mf.source, name, IndexFile)
		}
		if mf.count != len(mf.keys) {
			c.add(src.Models, "/count", "is %d, but models holds %d", mf.count, len(mf.keys))
		}
		if src.Count != len(mf.keys) {
			c.add(IndexFile, ptr+"/count", "is %d, but %s holds %d models", src.Count, src.Models, len(mf.keys))
		}
		for i, key := range mf.keys {
			if got := mf.ids[i]; got != key {
				c.add(src.Models, pointer("models", key, "id"), "is %q, want its key %q", got, key)
			}
		}
		models[name] = mf
		modelsFile[name] = src.Models
	}

	c.checkTimes(idx)
	c.checkProvenance(idx)
	referenced := map[string][]bool{} // source -> whether each of its models (by index) is named by a filter
	incomplete := map[string]bool{}   // sources with an unreadable filter file
	for i, e := range idx.Filters {
		ptr := "/filters/" + strconv.Itoa(i)
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
		ms := models[e.Source] // nil if not loaded
		ff, ok := c.loadFilter(e.File, ms)
		if !ok {
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
		if ff.Versions != nil && len(ff.Versions) != len(ff.ModelIDs) {
			c.add(e.File, "/versions", "lists %d versions for %d model ids", len(ff.Versions), len(ff.ModelIDs))
		}
		c.checkFlagged(e, ptr, ff)
		if ms == nil {
			continue
		}
		ref := referenced[e.Source]
		if ref == nil {
			ref = make([]bool, len(ms.keys))
			referenced[e.Source] = ref
		}
		for j, id := range ff.ModelIDs {
			if k, ok := ms.index[id]; ok {
				ref[k] = true
			} else {
				c.add(e.File, "/modelIds/"+strconv.Itoa(j), "id %q is not in %s", id, modelsFile[e.Source])
			}
		}
	}
	for name, ms := range models {
		if incomplete[name] {
			continue // unreferenced models cannot be told apart from those of the unreadable filter
		}
		ref := referenced[name]
		for i, key := range ms.keys {
			if ref == nil || !ref[i] {
				c.add(modelsFile[name], pointer("models", key), "not referenced by any filter of %s", name)
			}
		}
	}
	return models
}
