package targets

import (
	"os"
	"strings"
)

// Module is this project's module path.
const Module = "github.com/manifestgen/manifestgen"

// ZeroInstallEnv is set by this project's magefile.go (package
// zeroinstall) for the targets it runs: they were started with
// `go run magefile.go`.
const ZeroInstallEnv = "MANIFESTGEN_ZEROINSTALL"

// invocation is how the user runs this build's targets, for hints that
// name the next commands.
type invocation struct {
	command  string // "go run magefile.go" or "mage"
	prefix   string // the import alias the target was called under, with its colon ("models:"), or ""
	imported bool   // the targets are imported into another module's build
}

// invoked returns how the target named target (its name without alias,
// "dev:bootstrap") was run: the alias from mage's arguments (the compiled
// magefile gets the targets as typed), the command from ZeroInstallEnv, and
// imported when mod, the module being built, is not this project's.
func invoked(target string, args []string, getenv func(string) string, mod string) invocation {
	inv := invocation{command: "mage"}
	if getenv(ZeroInstallEnv) != "" {
		inv.command = "go run magefile.go"
	}
	for _, a := range args {
		if low := strings.ToLower(a); strings.HasSuffix(low, target) {
			inv.prefix = low[:len(low)-len(target)]
			break
		}
	}
	inv.imported = mod != "" && mod != Module
	return inv
}

// osInvocation is invoked for this process, in the module of the current
// directory (mage runs targets where it was called).
func osInvocation(target string) invocation {
	return invoked(target, os.Args[1:], os.Getenv, modulePath("go.mod"))
}

// modulePath returns the module path a go.mod file declares, or "".
func modulePath(goMod string) string {
	data, err := os.ReadFile(goMod)
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
