package writer

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Files are created by one goroutine, so that creations in a dir do not
// contend for it, and synced by syncWorkers goroutines, so that the syncs,
// which mostly wait for the disk, overlap and share journal commits. At
// most syncQueue created files wait for a sync, which bounds the open files.
const (
	syncWorkers = 8
	syncQueue   = 64
)

// writeTree writes a generation into the new dir staging: every file
// created, written and synced (or hard-linked from the generation being
// replaced when that holds the same bytes at the same path, and synced; see
// previous.reuse), then index.json, then every directory synced, deepest
// first. Nothing reads the staging dir before it is complete and verified,
// so files are created at their final names; a killed Write leaves a
// staging dir, which the next Write removes.
func writeTree(staging string, files map[string][]byte, index []byte, prev *previous) error {
	if err := os.Mkdir(staging, 0o755); err != nil {
		return fmt.Errorf("staging: %w", err)
	}
	rels := slices.Sorted(maps.Keys(files))
	paths := make([]string, len(rels))
	dirs := map[string]bool{staging: true}
	for i, rel := range rels {
		paths[i] = filepath.Join(staging, filepath.FromSlash(rel))
		if d := filepath.Dir(paths[i]); !dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("staging: %w", err)
			}
			for ; !dirs[d]; d = filepath.Dir(d) {
				dirs[d] = true
			}
		}
	}

	type placed struct {
		i int
		f *os.File // open on the file at paths[i]
	}
	errs := make([]error, len(rels)) // by file, so that the first file's error is reported
	var failed atomic.Bool
	queue := make(chan placed, syncQueue)
	var wg sync.WaitGroup
	for range min(syncWorkers, len(rels)) {
		wg.Go(func() {
			for p := range queue {
				if err := syncClose(p.f); err != nil {
					errs[p.i] = fmt.Errorf("write %s: %w", paths[p.i], err)
					failed.Store(true)
				}
			}
		})
	}
	for i, rel := range rels {
		if failed.Load() {
			break
		}
		f := prev.reuse(rel, paths[i], files[rel])
		if f == nil {
			var err error
			if f, err = createFile(paths[i], files[rel]); err != nil {
				errs[i] = err
				break
			}
		}
		queue <- placed{i, f}
	}
	close(queue)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
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

// createFile creates path, which must not exist, with data and mode 0644,
// and returns it open. On error it leaves no file.
func createFile(path string, data []byte) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if _, err = f.Write(data); err == nil {
		err = f.Chmod(0o644) // whatever the umask
	}
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return f, nil
}

// syncClose syncs and closes f.
func syncClose(f *os.File) error {
	if err := fsync(f); err != nil {
		f.Close()
		return fmt.Errorf("sync: %w", err)
	}
	return f.Close()
}

// writeFileSynced creates path, which must not exist, with data and syncs
// it.
func writeFileSynced(path string, data []byte) error {
	f, err := createFile(path, data)
	if err != nil {
		return err
	}
	if err := syncClose(f); err != nil {
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
