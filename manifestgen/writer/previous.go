package writer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Size caps for files read back from the previous generation.
const (
	maxIndexBytes = 64 << 20
	maxFileBytes  = 1 << 30
)

// errNoPrevious means the previous generation has no manifest for a filter.
var errNoPrevious = errors.New("no previous manifest")

// key identifies a filter across generations.
type key struct{ source, name string }

// previous is the generation found in the output dir before a Write, read
// lazily. Its files are untrusted: anything inconsistent makes the filter
// concerned missing instead of stale, never the Write fail.
type previous struct {
	dir     string // the output dir root is opened on
	root    *os.Root
	meta    indexMeta                            // the previous index's generation, hub and config
	entries map[key]manifest.FilterEntry         // fresh or stale entries, each with a file
	all     []manifest.FilterEntry               // every entry with valid names, in index order
	models  map[string]map[string]manifest.Model // models files loaded so far, by source
	bad     map[string]error                     // models files that could not be loaded

	dirsMu sync.Mutex
	dirs   map[string]*os.Root // subdirs of root opened by open, by slash-separated path
}

// openPrevious opens the generation in dir. It returns nil, nil when dir or
// its index does not exist.
func openPrevious(dir string) (*previous, error) {
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("previous generation: %w", err)
	}
	data, err := readCapped(root, "index.json", maxIndexBytes)
	if errors.Is(err, fs.ErrNotExist) {
		root.Close()
		return nil, nil
	}
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("previous generation: %w", err)
	}
	entries, all, err := parseIndex(data)
	var meta indexMeta
	if err == nil {
		err = json.Unmarshal(data, &meta)
	}
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("previous generation: index.json: %w", err)
	}
	return &previous{dir: dir, root: root, meta: meta, entries: entries, all: all, models: map[string]map[string]manifest.Model{}, bad: map[string]error{},
		dirs: map[string]*os.Root{}}, nil
}

// close releases p; p may be nil.
func (p *previous) close() {
	if p == nil {
		return
	}
	for _, r := range p.dirs {
		if r != nil {
			r.Close()
		}
	}
	p.root.Close()
}

// open opens the file rel (slash-separated) below root through a root for
// its dir, opened once, so that opening the many files of a dir does not
// resolve the dir each time. It is safe for concurrent use.
func (p *previous) open(rel string) (*os.File, error) {
	dir, base := path.Split(rel)
	if dir == "" {
		return p.root.Open(base)
	}
	p.dirsMu.Lock()
	r, ok := p.dirs[dir]
	if !ok {
		r, _ = p.root.OpenRoot(filepath.FromSlash(dir)) // nil on error
		p.dirs[dir] = r
	}
	p.dirsMu.Unlock()
	if r == nil {
		return p.root.Open(filepath.FromSlash(rel)) // the error in terms of rel
	}
	return r.Open(base)
}

// indexMeta is what the change feed needs of the previous index besides its
// entries.
type indexMeta struct {
	Generation  string    `json:"generation"`
	GeneratedAt time.Time `json:"generatedAt"`
	Hub         string    `json:"hub"`
}

// parseIndex decodes a previous index.json and returns its fresh and stale
// entries by key, and every entry in index order. Entries must name valid sources and filters, once each, and their
// files must be where the writer puts them, so that nothing outside the
// output dir's layout is ever read.
func parseIndex(data []byte) (map[key]manifest.FilterEntry, []manifest.FilterEntry, error) {
	var idx manifest.Index
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, nil, err
	}
	if idx.SchemaVersion != manifest.SchemaVersion {
		return nil, nil, fmt.Errorf("schemaVersion %d, want %d", idx.SchemaVersion, manifest.SchemaVersion)
	}
	entries := map[key]manifest.FilterEntry{}
	var all []manifest.FilterEntry
	for i, e := range idx.Filters {
		if err := errors.Join(checkSource(e.Source), checkFilter(e.Name), manifest.CheckProvenance(e.Hub, e.Origin)); err != nil {
			return nil, nil, fmt.Errorf("filters[%d]: %w", i, err)
		}
		if e.Status == manifest.StatusMissing {
			all = append(all, e)
			continue
		}
		if e.Status != manifest.StatusFresh && e.Status != manifest.StatusStale {
			continue
		}
		if want := manifest.FilterPath(e.Source, e.Name); e.File != want {
			return nil, nil, fmt.Errorf("filters[%d]: file %q, want %q", i, e.File, want)
		}
		if e.FetchedAt.IsZero() {
			return nil, nil, fmt.Errorf("filters[%d]: %s entry without fetchedAt", i, e.Status)
		}
		k := key{e.Source, e.Name}
		if _, dup := entries[k]; dup {
			return nil, nil, fmt.Errorf("filters[%d]: duplicate entry for %s/%s", i, e.Source, e.Name)
		}
		entries[k] = e
		all = append(all, e)
	}
	return entries, all, nil
}

// untouched returns the previous entries of sources absent from set, in
// index order, when set.KeepOthers: a run of one source keeps the other
// sources as they were.
func (p *previous) untouched(set *manifest.Set) []manifest.FilterEntry {
	if p == nil || !set.KeepOthers {
		return nil
	}
	ran := map[string]bool{}
	for _, src := range set.Sources {
		ran[src.Source] = true
	}
	var out []manifest.FilterEntry
	for _, e := range p.all {
		if !ran[e.Source] {
			out = append(out, e)
		}
	}
	return out
}

// carried is a previous manifest brought into a new generation.
type carried struct {
	entry    manifest.FilterEntry // the previous index entry
	ids      []string
	versions []manifest.SelectedVersion // of ids; nil when the file has none
	models   map[string]manifest.Model  // exactly the models ids reference
}

// carry returns the previous manifest of source/name with the models it
// references. It fails with errNoPrevious when there is none, and with
// another error when the previous files are inconsistent.
func (p *previous) carry(source, name string) (*carried, error) {
	if p == nil {
		return nil, errNoPrevious
	}
	e, ok := p.entries[key{source, name}]
	if !ok {
		return nil, errNoPrevious
	}
	data, err := readCapped(p.root, e.File, maxFileBytes)
	if err != nil {
		return nil, err
	}
	var ff manifest.FilterFile
	if err := json.Unmarshal(data, &ff); err != nil {
		return nil, fmt.Errorf("%s: %w", e.File, err)
	}
	if ff.Source != source || ff.Filter != name {
		return nil, fmt.Errorf("%s: holds %s/%s", e.File, ff.Source, ff.Filter)
	}
	all, err := p.modelsOf(source)
	if err != nil {
		return nil, err
	}
	if ff.Versions != nil && len(ff.Versions) != len(ff.ModelIDs) {
		return nil, fmt.Errorf("%s: %d versions for %d ids", e.File, len(ff.Versions), len(ff.ModelIDs))
	}
	c := &carried{entry: e, ids: make([]string, 0, len(ff.ModelIDs)), versions: ff.Versions, models: map[string]manifest.Model{}}
	for _, id := range ff.ModelIDs {
		if _, dup := c.models[id]; dup {
			return nil, fmt.Errorf("%s: duplicate id %q", e.File, id)
		}
		m, ok := all[id]
		if !ok {
			return nil, fmt.Errorf("%s: id %q is not in %s", e.File, id, manifest.ModelsPath(source))
		}
		c.ids = append(c.ids, id)
		c.models[id] = m
	}
	return c, nil
}

// modelsOf loads the previous models file of source once.
func (p *previous) modelsOf(source string) (map[string]manifest.Model, error) {
	if ms, ok := p.models[source]; ok {
		return ms, nil
	}
	if err, ok := p.bad[source]; ok {
		return nil, err
	}
	ms, err := p.loadModels(source)
	if err != nil {
		p.bad[source] = err
		return nil, err
	}
	p.models[source] = ms
	return ms, nil
}

func (p *previous) loadModels(source string) (map[string]manifest.Model, error) {
	path := manifest.ModelsPath(source)
	data, err := readCapped(p.root, path, maxFileBytes)
	if err != nil {
		return nil, err
	}
	var mf manifest.ModelsFile
	if err := json.Unmarshal(data, &mf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if mf.Source != source {
		return nil, fmt.Errorf("%s: holds source %q", path, mf.Source)
	}
	for id, m := range mf.Models {
		if id == "" || m.ID != id {
			return nil, fmt.Errorf("%s: model keyed %q has id %q", path, id, m.ID)
		}
		mf.Models[id] = normalizeModel(m)
	}
	return mf.Models, nil
}

// readCapped reads a file below root, failing when it exceeds limit bytes.
func readCapped(root *os.Root, name string, limit int64) ([]byte, error) {
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, nil
}

// reuseChunk is how much of a previous file reuse reads at a time.
const reuseChunk = 256 << 10

var reuseBufs = sync.Pool{New: func() any { return new([reuseChunk]byte) }}

// reuse hard-links the previous generation's file rel to path, a new file of
// the staging dir, when it is a regular file of mode 0644 holding exactly
// data, and returns it open, for the caller to sync and close; the new
// generation then shares the file instead of writing a copy (files are
// never written in place once published, so sharing is safe). It returns
// nil, having left no file at path, when the file differs or anything
// fails: the caller writes data then. p may be nil.
func (p *previous) reuse(rel, path string, data []byte) *os.File {
	if p == nil {
		return nil
	}
	f, err := p.open(rel)
	if err != nil {
		return nil
	}
	if !p.link(f, rel, path, data) {
		f.Close()
		return nil
	}
	return f
}

// link is reuse once f, the previous file rel, is open.
func (p *previous) link(f *os.File, rel, path string, data []byte) bool {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o644 || info.Size() != int64(len(data)) {
		return false
	}
	buf := reuseBufs.Get().(*[reuseChunk]byte)
	defer reuseBufs.Put(buf)
	for rest := data; len(rest) > 0; {
		n, err := io.ReadFull(f, buf[:min(len(rest), reuseChunk)])
		if err != nil || !bytes.Equal(buf[:n], rest[:n]) {
			return false
		}
		rest = rest[n:]
	}
	if n, _ := f.Read(buf[:1]); n != 0 { // grew since the Stat
		return false
	}
	if err := os.Link(filepath.Join(p.dir, filepath.FromSlash(rel)), path); err != nil {
		return false
	}
	// The link names what is at rel now; keep it only if that is the file
	// compared (rel was not replaced meanwhile, nor a symlink the open
	// followed).
	if linked, err := os.Lstat(path); err != nil || !os.SameFile(info, linked) {
		os.Remove(path) // should it fail, the caller's create fails on the leftover
		return false
	}
	return true
}
