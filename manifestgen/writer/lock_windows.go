//go:build windows

package writer

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockOpenFlags: Windows has no FIFOs to block on; openLockFile's Stat
// check refuses anything but a regular file.
const lockOpenFlags = os.O_RDWR | os.O_CREATE

// tryLock takes an exclusive LockFileEx lock on f without blocking;
// errLocked when another handle holds it. Windows locks are mandatory for
// the bytes they cover, so the lock covers one byte at offset 2^32, far past
// the holder record that others read.
func tryLock(f *os.File) error {
	ol := &windows.Overlapped{OffsetHigh: 1}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errLocked
	}
	return err
}
