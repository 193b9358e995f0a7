package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// runnerPkg is the import path of the fleet runner command.
const runnerPkg = "github.com/manifestgen/manifestgen/manifestgen/bench/runner"

// errNoGo is returned by buildRunner when no go command can be found.
var errNoGo = errors.New("go command not found")

// buildRunner builds the fleet runner into dir with the go command and
// returns the binary's path. It builds from this package's source folder
// when it still exists (the bench may run from anywhere), else from the
// working directory, which must then be inside the module; with -race
// when this binary has it, so that the build cache serves it.
func buildRunner(ctx context.Context, dir string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		goroot := os.Getenv("GOROOT")
		if goroot == "" {
			return "", fmt.Errorf("%w: %w", errNoGo, err)
		}
		if goBin, err = exec.LookPath(filepath.Join(goroot, "bin", "go")); err != nil {
			return "", fmt.Errorf("%w: %w", errNoGo, err)
		}
	}
	out := filepath.Join(dir, "runner")
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	args := []string{"build", "-o", out}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(ctx, goBin, append(args, runnerPkg)...)
	if _, file, _, ok := runtime.Caller(0); ok {
		src := filepath.Dir(file)
		if _, err := os.Stat(filepath.Join(src, "runner", "main.go")); err == nil {
			cmd.Dir = src
		}
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s: %w: %s", runnerPkg, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
