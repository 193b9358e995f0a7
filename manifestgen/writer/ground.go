package writer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Check tells, before anything is fetched, whether Write can publish to
// dir: dir's parent exists (it is created when missing) and this process
// can create entries in it, where each run stages its generation; dir is
// absent, or a real directory (not a symlink) holding only manifestgen's
// layout, not a mount point and so on the filesystem of its parent and of
// the staging dir. Each error names the path and what to do. Call it with
// dir's Lock held: another run's publish swaps dir while Check reads it.
func Check(dir string) error {
	s, err := siblingsOf(dir)
	if err != nil {
		return err
	}
	if err := checkParent(s); err != nil {
		return err
	}
	return checkOutput(s)
}

// checkParent creates the output dir's parent when missing and fails
// unless this process can create entries in it (the lock file, the staging
// dirs).
func checkParent(s siblings) error {
	if err := os.MkdirAll(s.parent, 0o755); err != nil {
		return fmt.Errorf("output dir %s: cannot create its parent: %w", s.dir, err)
	}
	if err := writable(s.parent); err != nil {
		return fmt.Errorf("output dir %s: its parent %s is not writable (%w); a run stages each new generation there", s.dir, s.parent, err)
	}
	return nil
}

// checkOutput is Check's test of the output dir itself; Write runs it again
// under the lock.
func checkOutput(s siblings) error {
	info, err := os.Lstat(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output dir: %w", err)
	}
	if err := checkIsDir(s.dir, info); err != nil {
		return fmt.Errorf("output dir: %w", err)
	}
	mp, err := mountPoint(s.dir, s.parent)
	if err != nil {
		return fmt.Errorf("output dir: %w", err)
	}
	if mp {
		return fmt.Errorf("output dir %s is a mount point (or on another filesystem than %s): a run publishes by swapping the whole dir, "+
			"which a mount point cannot be; set the output to a subdirectory of it, e.g. %s", s.dir, s.parent, filepath.Join(s.dir, "manifests"))
	}
	if err := checkLayout(s.dir); err != nil {
		return fmt.Errorf("output dir: refusing to replace: %w", err)
	}
	return nil
}
