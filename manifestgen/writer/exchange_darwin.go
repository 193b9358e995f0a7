//go:build darwin

package writer

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// exchangePaths atomically swaps the directory entries a and b with
// renamex_np(RENAME_SWAP). Filesystems without swap support (ENOTSUP,
// EINVAL) yield an error wrapping errors.ErrUnsupported.
func exchangePaths(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOTSUP):
		return fmt.Errorf("renamex_np RENAME_SWAP %s %s: %w (%w)", a, b, errors.ErrUnsupported, err)
	default:
		return fmt.Errorf("renamex_np RENAME_SWAP %s %s: %w", a, b, err)
	}
}
