//go:build unix

package httpcache

import (
	"os"
	"syscall"
)

// openFlags open an entry without following a symlink and without blocking
// on a FIFO or device that replaced it between openEntry's Lstat and open.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOFOLLOW
