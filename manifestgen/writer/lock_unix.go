//go:build unix

package writer

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockOpenFlags: a symlink at the lock path fails the open (ELOOP) instead
// of being followed, and a FIFO or device does not block it.
const lockOpenFlags = os.O_RDWR | os.O_CREATE | unix.O_NOFOLLOW | unix.O_NONBLOCK

// tryLock takes an exclusive flock(2) on f without blocking; errLocked when
// another open file description holds it.
func tryLock(f *os.File) error {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EWOULDBLOCK):
			return errLocked
		case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP):
			return errors.ErrUnsupported
		}
		return err
	}
}
