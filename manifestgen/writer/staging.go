package writer

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
)

// writeTree writes a generation into the new dir staging: every file through
// a synced temp file renamed into place, index.json last, then every
// directory synced, deepest first.
func writeTree(staging string, files map[string][]byte, index []byte) error {
	if err := os.Mkdir(staging, 0o755); err != nil {
		return fmt.Errorf("staging: %w", err)
	}
	dirs := map[string]bool{staging: true}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(staging, filepath.FromSlash(rel))
		if d := filepath.Dir(path); !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("staging: %w", err)
			}
			for ; !dirs[d]; d = filepath.Dir(d) {
				dirs[d] = true
			}
		}
		if err := writeFileSynced(path, files[rel]); err != nil {
			return err
		}
	}
	if err := writeFileSynced(filepath.Join(staging, "index.json"), index); err != nil {
		return err
	}
	order := slices.Sorted(maps.Keys(dirs))
	slices.Reverse(order) // children sort after their parents
	for _, d := range order {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// writeFileSynced writes data to path via a temp file in the same dir that
// is synced before it is renamed over path.
func writeFileSynced(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := fsync(f); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// fsync flushes f to stable storage. It guards against power loss only: a
// killed process loses nothing the kernel has accepted, so the subprocess
// kill test replaces it with a no-op to stay fast.
var fsync = (*os.File).Sync

// syncDir makes the entries of dir durable. Windows cannot sync directories
// and needs nothing for rename durability, so it is a no-op there.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := fsync(d); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
