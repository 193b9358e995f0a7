package zeroinstall

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "parent":
		os.Exit(parentRole())
	case "watcher":
		watcherRole()
	}
	goleak.VerifyTestMain(m)
}
