package httpcache

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Prune bounds the cache: it removes entries last stored or revalidated
// before the given time and temporary files left by interrupted writes that
// are older than it, then, when maxSize > 0, the least recently used
// entries until the rest hold at most maxSize bytes. It returns how many
// files it removed and how many bytes the entries left hold. Entries are
// never evicted otherwise, so callers prune after each run (e.g. before =
// 30 days ago) to drop pages whose URLs (pagination cursors) no longer
// occur. Files that are not the cache's are left alone. A missing directory
// is not an error.
func (t *Transport) Prune(before time.Time, maxSize int64) (removed int, kept int64, err error) {
	if t.Dir == "" {
		return 0, 0, nil
	}
	d, err := os.Open(t.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("httpcache: pruning %s: %w", t.Dir, err)
	}
	defer d.Close()
	var live []fs.FileInfo // entries not removed for their age
	remove := func(name string) error {
		err := os.Remove(filepath.Join(t.Dir, name))
		if err == nil {
			removed++
			return nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("httpcache: pruning: %w", err)
	}
	for {
		des, rerr := d.ReadDir(256)
		for _, de := range des {
			if !de.Type().IsRegular() || !isCacheFile(de.Name()) {
				continue
			}
			fi, err := de.Info()
			if err != nil {
				continue // gone meanwhile
			}
			if !fi.ModTime().Before(before) {
				if !strings.HasPrefix(fi.Name(), ".tmp-") {
					live = append(live, fi)
				}
				continue
			}
			if err := remove(de.Name()); err != nil {
				return removed, 0, err
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return removed, 0, fmt.Errorf("httpcache: pruning %s: %w", t.Dir, rerr)
		}
	}
	// Most recently used first; keep them until one does not fit.
	slices.SortFunc(live, func(a, b fs.FileInfo) int {
		return cmp.Or(b.ModTime().Compare(a.ModTime()), cmp.Compare(a.Name(), b.Name()))
	})
	full := false
	for _, fi := range live {
		full = full || maxSize > 0 && kept+fi.Size() > maxSize
		if !full {
			kept += fi.Size()
		} else if err := remove(fi.Name()); err != nil {
			return removed, kept, err
		}
	}
	return removed, kept, nil
}

// isCacheFile reports whether name is an entry (64 hex digits) or one of
// this package's temporary files, so Prune leaves anything else alone.
func isCacheFile(name string) bool {
	if strings.HasPrefix(name, ".tmp-") {
		return true
	}
	if len(name) != 64 {
		return false
	}
	for _, c := range name {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
