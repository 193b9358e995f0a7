package httpcache

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Prune removes entries last stored or revalidated before the given time,
// and temporary files left by interrupted writes that are older than it. It
// returns how many files it removed. Entries are never evicted otherwise, so
// callers prune now and then (e.g. with time.Now().Add(-30*24*time.Hour))
// to drop pages whose URLs (pagination cursors) no longer occur. A missing
// directory is not an error.
func (t *Transport) Prune(before time.Time) (int, error) {
	if t.Dir == "" {
		return 0, nil
	}
	d, err := os.Open(t.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("httpcache: pruning %s: %w", t.Dir, err)
	}
	defer d.Close()
	removed := 0
	for {
		des, err := d.ReadDir(256)
		for _, de := range des {
			if !de.Type().IsRegular() || !isCacheFile(de.Name()) {
				continue
			}
			fi, err := de.Info()
			if err != nil || !fi.ModTime().Before(before) {
				continue // gone meanwhile, or recent
			}
			if err := os.Remove(filepath.Join(t.Dir, de.Name())); err == nil {
				removed++
			} else if !errors.Is(err, fs.ErrNotExist) {
				return removed, fmt.Errorf("httpcache: pruning: %w", err)
			}
		}
		if errors.Is(err, io.EOF) {
			return removed, nil
		}
		if err != nil {
			return removed, fmt.Errorf("httpcache: pruning %s: %w", t.Dir, err)
		}
	}
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
