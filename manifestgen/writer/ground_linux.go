//go:build linux

package writer

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// writable fails unless this process may create entries in dir (a
// read-only filesystem fails even for root).
func writable(dir string) error { return unix.Access(dir, unix.W_OK|unix.X_OK) }

// mountPoint reports whether dir is a mount point or on another filesystem
// than parent: their mount ids differ (statx STATX_MNT_ID, which also sees
// bind mounts of one filesystem), or their devices do.
func mountPoint(dir, parent string) (bool, error) {
	var d, p unix.Statx_t
	const mask = unix.STATX_MNT_ID | unix.STATX_INO
	if err := unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, mask, &d); err != nil {
		return false, fmt.Errorf("statx %s: %w", dir, err)
	}
	if err := unix.Statx(unix.AT_FDCWD, parent, 0, mask, &p); err != nil {
		return false, fmt.Errorf("statx %s: %w", parent, err)
	}
	if d.Mask&p.Mask&unix.STATX_MNT_ID != 0 && d.Mnt_id != p.Mnt_id {
		return true, nil
	}
	if d.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 && d.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0 {
		return true, nil
	}
	return d.Dev_major != p.Dev_major || d.Dev_minor != p.Dev_minor, nil
}
