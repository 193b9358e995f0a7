//go:build linux

package writer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// bindMount mounts src on dst (read-only when ro) for the rest of the test,
// or skips the test where mounting is not permitted.
func bindMount(t *testing.T, src, dst string, ro bool) {
	t.Helper()
	if err := unix.Mount(src, dst, "", unix.MS_BIND, ""); err != nil {
		t.Skipf("bind mount not permitted here: %v", err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dst, unix.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dst, err)
		}
	})
	if ro {
		if err := unix.Mount("", dst, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
			t.Skipf("read-only remount not permitted here: %v", err)
		}
	}
}

// TestCheckMountPoint: an output dir that is a mount point (a CI volume) is
// refused before anything is fetched, with a subdirectory suggested; so is
// Write's own attempt, so the swap never meets EBUSY.
func TestCheckMountPoint(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, sampleSet(), t0)
	bindMount(t, t.TempDir(), dir, false) // a bind mount of the same filesystem
	err := Check(dir)
	if err == nil || !strings.Contains(err.Error(), "is a mount point") || !strings.Contains(err.Error(), filepath.Join(dir, "manifests")) {
		t.Fatalf("Check() = %v, want a mount point error suggesting a subdirectory", err)
	}
	if _, err := Write(dir, sampleSet(), Options{Now: fixedNow(t0)}); err == nil || !strings.Contains(err.Error(), "is a mount point") {
		t.Fatalf("Write() = %v", err)
	}
	// The suggested subdirectory works.
	sub := filepath.Join(dir, "manifests")
	if err := Check(sub); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, sub, sampleSet(), t0)
}

func TestMountPointLogic(t *testing.T) {
	tmp := t.TempDir()
	if err := os.Mkdir(filepath.Join(tmp, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if mp, err := mountPoint(filepath.Join(tmp, "d"), tmp); err != nil || mp {
		t.Errorf("plain dir: mountPoint = %v, %v", mp, err)
	}
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc")
	}
	if mp, err := mountPoint("/proc", "/"); err != nil || !mp {
		t.Errorf("/proc: mountPoint = %v, %v; want true", mp, err)
	}
}

// TestCheckUnwritableParent: a parent the run cannot write in (here a
// read-only mount, which binds root too) is refused before anything is
// fetched.
func TestCheckUnwritableParent(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if err := os.Chmod(parent, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(parent, 0o755) })
	} else {
		bindMount(t, parent, parent, true)
	}
	dir := filepath.Join(parent, "out")
	err := Check(dir)
	if err == nil || !strings.Contains(err.Error(), "is not writable") {
		t.Fatalf("Check() = %v, want the parent named as not writable", err)
	}
	if !errors.Is(err, unix.EROFS) && !errors.Is(err, unix.EACCES) {
		t.Errorf("%v: want EROFS or EACCES", err)
	}
}
