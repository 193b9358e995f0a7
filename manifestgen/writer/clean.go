package writer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Clean removes what Write put in and beside dir: the files its index.json
// lists, index.json itself, the dirs left empty (dir included) and the
// staging leftovers of interrupted Writes. It checks first and removes
// nothing when dir holds anything else (the error wraps ErrForeign) or when
// index.json is missing or unreadable while other files exist, since then it
// cannot tell what is ours. A missing dir is not an error. Clean holds the
// output lock while it works (failing with a *BusyError when a run writes
// dir) and, when done, removes the lock file too.
func Clean(dir string) error {
	s, err := siblingsOf(dir)
	if err != nil {
		return fmt.Errorf("clean: %w", err)
	}
	if _, err := os.Lstat(s.parent); errors.Is(err, fs.ErrNotExist) {
		return nil // nothing to clean; do not create the parent for a lock
	}
	lock, err := Acquire(context.Background(), dir, LockOptions{})
	if err != nil {
		return fmt.Errorf("clean: %w", err)
	}
	defer lock.Release()
	if err := clean(s); err != nil {
		return err
	}
	// Removed while held: a run that opened the file before sees, once it
	// has the lock, that the file is gone, and starts over (Acquire).
	if err := os.Remove(s.lockPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("clean: %w", err)
	}
	return nil
}

// clean is Clean under the lock.
func clean(s siblings) error {
	info, err := os.Lstat(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return removeLeftovers(s)
	}
	if err != nil {
		return fmt.Errorf("clean: %w", err)
	}
	if err := checkIsDir(s.dir, info); err != nil {
		return fmt.Errorf("clean: %w", err)
	}
	listed, err := listedFiles(s.dir)
	if err != nil {
		return fmt.Errorf("clean: %w", err)
	}
	var files, dirs []string
	err = checkTree(s.dir, func(rel string, d fs.DirEntry) bool {
		switch {
		case d.IsDir():
			dirs = append(dirs, rel)
			return true
		case d.Type().IsRegular() && listed[rel]:
			files = append(files, rel)
			return true
		}
		return false
	})
	if err != nil {
		return fmt.Errorf("clean: refusing: %w", err)
	}
	for _, f := range files {
		if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(f))); err != nil {
			return fmt.Errorf("clean: %w", err)
		}
	}
	slices.Sort(dirs)
	slices.Reverse(dirs) // children first
	for _, d := range append(dirs, ".") {
		// os.Remove fails on a dir that is not empty: anything that appeared
		// since the check stays.
		if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(d))); err != nil {
			return fmt.Errorf("clean: %w", err)
		}
	}
	return removeLeftovers(s)
}

// listedFiles returns the files index.json names, itself included, and the
// change feed and seen files a generation holds beside them. A dir
// with no index.json lists nothing, so Clean removes it only when empty.
func listedFiles(dir string) (map[string]bool, error) {
	data, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	var idx manifest.Index
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, fmt.Errorf("refusing: %s/index.json is unreadable, so which files are ours is unknown: %w", dir, err)
	}
	listed := map[string]bool{"index.json": true, changes.File: true}
	for name, src := range idx.Sources {
		listed[src.Models] = true
		listed[changes.SeenPath(name)] = true
	}
	for _, f := range idx.Filters {
		if f.File != "" {
			listed[f.File] = true
		}
	}
	return listed, nil
}

// removeLeftovers removes the staging, old and trash siblings of dir that
// are leftovers (sibling.leftover); the caller holds the output lock.
func removeLeftovers(s siblings) error {
	found, err := s.find()
	if err != nil {
		return fmt.Errorf("clean: %w", err)
	}
	var errs []error
	for _, sb := range found {
		if sb.leftover() {
			errs = append(errs, os.RemoveAll(filepath.Join(s.parent, sb.name)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("clean: leftovers: %w", err)
	}
	return nil
}
