//go:build unix

package writer

import (
	"errors"

	"golang.org/x/sys/unix"
)

// pidAlive reports whether a process with the given pid exists (signal 0:
// EPERM means it exists but belongs to someone else).
func pidAlive(pid int) (alive, known bool) {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM), true
}
