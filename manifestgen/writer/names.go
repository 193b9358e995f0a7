package writer

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// Name rules; they match the patterns in package schemas.
var (
	sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	filterName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$`)
)

const (
	maxSourceName = 64
	maxFilterName = 200
)

// checkSource reports whether name can be a source name: one lowercase path
// segment.
func checkSource(name string) error {
	if len(name) > maxSourceName || !sourceName.MatchString(name) {
		return fmt.Errorf("invalid source name %q (want %s, at most %d bytes)", name, sourceName, maxSourceName)
	}
	return nil
}

// checkFilter reports whether name can be a filter name: lowercase segments
// separated by "/", none starting with a dot.
func checkFilter(name string) error {
	if len(name) > maxFilterName || !filterName.MatchString(name) {
		return fmt.Errorf("invalid filter name %q (want %s, at most %d bytes)", name, filterName, maxFilterName)
	}
	return nil
}

// Generation ids sort by time: a UTC timestamp with nanoseconds, then 12 hex
// digits of randomness so that ids from the same instant differ.
const (
	generationLayout  = "20060102T150405.000000000Z"
	generationPattern = `[0-9]{8}T[0-9]{6}\.[0-9]{9}Z-[0-9a-f]{12}`
)

// newGenerationID returns a fresh generation id for a set written at t.
func newGenerationID(t time.Time) string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return t.UTC().Format(generationLayout) + "-" + hex.EncodeToString(b[:])
}

// Kinds of sibling dirs Write creates beside the output dir.
const (
	kindStaging = "staging" // a generation being built; after an exchange, the replaced one
	kindOld     = "old"     // the previous generation moved aside by the two-rename fallback
	kindTrash   = "trash"   // a replaced generation being removed
)

// siblings names the dirs Write creates beside the output dir
// <parent>/<base>: "<parent>/.<base>.<kind>-<generation>.<owner>", where
// owner is the creating process (owner.String), and the lock file
// "<parent>/.<base>.lock". Names without the owner part were made by
// versions before the lock; they are leftovers like any other.
type siblings struct {
	dir, parent, base string
	pattern           *regexp.Regexp // matches our sibling names; groups: kind, generation, pid, start
}

// siblingsOf resolves dir and the names of its siblings.
func siblingsOf(dir string) (siblings, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return siblings{}, fmt.Errorf("output dir %q: %w", dir, err)
	}
	base := filepath.Base(abs)
	if base == string(filepath.Separator) || base == "." || base == ".." {
		return siblings{}, fmt.Errorf("output dir %q: must name a directory below its parent", dir)
	}
	return siblings{
		dir:    abs,
		parent: filepath.Dir(abs),
		base:   base,
		pattern: regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.(staging|old|trash)-(` + generationPattern + `)` +
			`(?:\.` + ownerPattern + `)?$`),
	}, nil
}

// path returns this process's sibling of the given kind for generation id.
func (s siblings) path(kind, id string) string {
	return filepath.Join(s.parent, "."+s.base+"."+kind+"-"+id+"."+self().String())
}

// lockPath is the lock file of the output dir.
func (s siblings) lockPath() string {
	return filepath.Join(s.parent, "."+s.base+".lock")
}

// sibling is a dir found beside the output dir whose name is ours.
type sibling struct {
	name, kind, generation string
	owner                  owner // zero when the name has none (made before the lock)
}

// find lists the siblings of s in its parent, ascending by name.
func (s siblings) find() ([]sibling, error) {
	entries, err := os.ReadDir(s.parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []sibling
	for _, e := range entries {
		m := s.pattern.FindStringSubmatch(e.Name())
		if m == nil || !e.IsDir() {
			continue
		}
		sb := sibling{name: e.Name(), kind: m[1], generation: m[2]}
		if m[3] != "" {
			o, err := parseOwner(m[3], m[4])
			if err != nil {
				continue // not a name we write
			}
			sb.owner = o
		}
		out = append(out, sb)
	}
	return out, nil
}

// leftover reports whether sb is the leftover of a run that has ended. It
// is meant to be called by the holder of the output lock: every Write
// holds that lock from before it creates a sibling until after it has
// removed or renamed it, and the kernel releases a lock whose holder has
// died, so a sibling that is not being published by the holder (the caller
// calls this before it creates its own) belongs to a dead or interrupted
// run. Its owner's liveness is checked as well, as a second line: a
// sibling whose owner still runs is kept (it could only be a writer that
// ignores the lock, such as a version before it).
func (sb sibling) leftover() bool {
	if sb.owner == (owner{}) || sb.owner == self() {
		return true
	}
	return sb.owner.gone()
}
