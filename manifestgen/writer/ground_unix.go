//go:build unix && !linux

package writer

import (
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// writable fails unless this process may create entries in dir.
func writable(dir string) error { return unix.Access(dir, unix.W_OK|unix.X_OK) }

// mountPoint reports whether dir is on another device than parent. A bind
// mount of the same filesystem is not seen here (Linux sees it); the
// exchange then fails with a plain error after the fetching.
func mountPoint(dir, parent string) (bool, error) {
	d, err := os.Lstat(dir)
	if err != nil {
		return false, err
	}
	p, err := os.Stat(parent)
	if err != nil {
		return false, err
	}
	ds, ok1 := d.Sys().(*syscall.Stat_t)
	ps, ok2 := p.Sys().(*syscall.Stat_t)
	if !ok1 || !ok2 {
		return false, fmt.Errorf("stat %s: no device number", dir)
	}
	return ds.Dev != ps.Dev, nil
}
