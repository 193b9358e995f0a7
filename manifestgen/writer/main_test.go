package writer

import (
	"io"
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(killChildEnv); dir != "" {
		os.Exit(runKillChild(dir))
	}
	if os.Getenv(idleChildEnv) != "" {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}
	// Durability against power loss cannot be observed by a test; skipping
	// the syncs keeps the suite fast on slow disks. TestWriteLayout runs the
	// real ones.
	fsync = func(*os.File) error { return nil }
	goleak.VerifyTestMain(m)
}
