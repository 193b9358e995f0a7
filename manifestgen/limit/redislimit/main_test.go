package redislimit

import (
	"log/slog"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/manifestgen/manifestgen/manifestgen/internal/syncbuf"
)

// TestMain runs the test binary as a fleet runner when childEnv is set (see
// child_test.go), else the tests, checking for leaked goroutines.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain())
	}
	goleak.VerifyTestMain(m)
}

func newLogger() (*slog.Logger, *syncbuf.Buffer) {
	buf := &syncbuf.Buffer{}
	return slog.New(slog.NewTextHandler(buf, nil)), buf
}
