//go:build linux

package manifestgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/manifestgen/manifestgen/manifestgen/hub"
)

// TestOutputMountPoint: an output dir that is a mount point (a CI volume)
// fails the run before any request, suggesting a subdirectory, instead of
// failing the swap with EBUSY after all the fetching.
func TestOutputMountPoint(t *testing.T) {
	srv, err := hub.Start(hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cfg := groundConfig(t, srv, dir)
	mnt := cfg.Output
	must(t, os.Mkdir(mnt, 0o755))
	if err := unix.Mount(t.TempDir(), mnt, "", unix.MS_BIND, ""); err != nil {
		t.Skipf("bind mount not permitted here: %v", err)
	}
	defer func() { must(t, unix.Unmount(mnt, unix.MNT_DETACH)) }()
	n, err := generateCounting(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "is a mount point") || !strings.Contains(err.Error(), filepath.Join(cfg.Output, "manifests")) {
		t.Fatalf("Generate() = %v, want a mount point error suggesting a subdirectory", err)
	}
	if n != 0 {
		t.Errorf("%d requests made before the failure, want 0", n)
	}
	t.Log(err)
	cfg.Output = filepath.Join(cfg.Output, "manifests")
	if _, err := generateCounting(t, cfg); err != nil {
		t.Fatalf("the suggested subdirectory: %v", err)
	}
	mustVerifyOutput(t, cfg.Output)
}
