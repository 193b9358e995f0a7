package writer

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
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
// <parent>/<base>: "<parent>/.<base>.<kind>-<generation>".
type siblings struct {
	dir, parent, base string
	pattern           *regexp.Regexp // matches our sibling names; groups: kind, generation
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
		dir:     abs,
		parent:  filepath.Dir(abs),
		base:    base,
		pattern: regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.(staging|old|trash)-(` + generationPattern + `)$`),
	}, nil
}

// path returns the sibling of the given kind for generation id.
func (s siblings) path(kind, id string) string {
	return filepath.Join(s.parent, "."+s.base+"."+kind+"-"+id)
}
