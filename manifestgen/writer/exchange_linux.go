//go:build linux

package writer

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// exchangePaths atomically swaps the directory entries a and b with
// renameat2(RENAME_EXCHANGE). Kernels before 3.15 and filesystems without
// exchange support yield an error wrapping errors.ErrUnsupported.
func exchangePaths(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP):
		return fmt.Errorf("renameat2 RENAME_EXCHANGE %s %s: %w (%w)", a, b, errors.ErrUnsupported, err)
	default:
		return fmt.Errorf("renameat2 RENAME_EXCHANGE %s %s: %w", a, b, err)
	}
}
