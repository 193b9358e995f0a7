package targets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
)

// MinGo is the oldest Go toolchain the project builds with.
const MinGo = "go1.26"

// bootstrapEnv is what bootstrap touches, so tests can replace it.
type bootstrapEnv struct {
	getenv   func(string) string
	dir      string // where manifestgen.yaml lives
	out      io.Writer
	goCmd    func(ctx context.Context, args ...string) (string, error)
	generate func(ctx context.Context) error
	run      invocation                   // how the next commands are typed; zero: this project's `go run magefile.go`
	lookPath func(string) (string, error) // finds the C compiler; nil: exec.LookPath
}

// bootstrap runs dev:bootstrap's steps in order, stopping at the first
// that fails, and prints one line per step.
func bootstrap(ctx context.Context, env bootstrapEnv) error {
	start := time.Now()
	step := func(format string, a ...any) { fmt.Fprintf(env.out, "dev:bootstrap: "+format+"\n", a...) }

	v, err := env.goCmd(ctx, "env", "GOVERSION")
	if err != nil {
		return fmt.Errorf("go toolchain not usable: %w (%s)", err, v)
	}
	if !goAtLeast(v, MinGo) {
		return fmt.Errorf("go toolchain is %s; manifestgen needs %s or newer", v, MinGo)
	}
	step("go %s ok (targets built with %s)", strings.TrimPrefix(v, "go"), runtime.Version())

	if out, err := env.goCmd(ctx, "mod", "download"); err != nil {
		return fmt.Errorf("go mod download: %w\n%s", err, out)
	}
	step("modules downloaded")
	if out, err := env.goCmd(ctx, "tool", "-n", "vet"); err != nil {
		return fmt.Errorf("go vet not available: %w (%s)", err, out)
	}
	step("toolchain has vet and gofmt")
	if hint := raceHint(ctx, env); hint != "" {
		step("%s", hint)
	} else {
		step("cgo and a C compiler present: go test -race works")
	}

	created, path, err := ensureConfig(env.getenv, env.dir)
	if err != nil {
		return err
	}
	if created {
		step("wrote %s from the embedded default; edit it to change filters and limits", path)
	} else {
		step("config %s kept as it is", path)
	}

	if err := env.generate(ctx); err != nil {
		if env.getenv("MANIFESTGEN_HUB") != "embedded" {
			return fmt.Errorf("generating manifests: %w (offline? run with MANIFESTGEN_HUB=embedded)", err)
		}
		return fmt.Errorf("generating manifests: %w", err)
	}
	step("manifests ready")
	step("everything is ready (%s). Next:", time.Since(start).Round(10*time.Millisecond))
	// The hints keep the hub the manifests were made with: after an offline
	// bootstrap, a bare "build" would go live.
	mode := ""
	if env.getenv("MANIFESTGEN_HUB") == "embedded" {
		mode = "MANIFESTGEN_HUB=embedded "
	}
	run := env.run
	if run.command == "" {
		run.command = "go run magefile.go"
	}
	next := [][2]string{
		{mode + run.command + " build", "manifests (skipped when fresh), verify, go build"},
		{mode + run.command + " " + run.prefix + "manifests:all", "regenerate when stale (MANIFESTGEN_FORCE=1 to force)"},
		{"go test -race ./...", "the tests"},
	}
	if run.imported {
		// Another repository's build: its own targets are its business.
		next = [][2]string{
			{mode + run.command + " " + run.prefix + "manifests:all", "regenerate when stale (MANIFESTGEN_FORCE=1 to force)"},
			{run.command + " " + run.prefix + "manifests:verify", "check the output against the schemas"},
		}
	}
	width := 0
	for _, n := range next {
		width = max(width, len(n[0]))
	}
	for _, n := range next {
		fmt.Fprintf(env.out, "  %-*s  # %s\n", width, n[0], n[1])
	}
	return nil
}

// raceHint returns what `go test -race` lacks on this machine (it is built
// with cgo, so it needs CGO_ENABLED=1 and the C compiler go env CC names),
// with what to do about it, or "" when nothing is missing.
func raceHint(ctx context.Context, env bootstrapEnv) string {
	out, err := env.goCmd(ctx, "env", "CGO_ENABLED", "CC")
	if err != nil {
		return fmt.Sprintf("WARNING: go env CGO_ENABLED CC failed (%v); go test -race may not work", err)
	}
	cgo, cc, _ := strings.Cut(strings.TrimSpace(out), "\n")
	const fix = "install gcc or clang (Debian/Ubuntu: apt-get install gcc; macOS: xcode-select --install), or run go test ./... without -race"
	if strings.TrimSpace(cgo) != "1" {
		return "WARNING: go test -race needs cgo, and CGO_ENABLED=" + strings.TrimSpace(cgo) + " (usually: no C compiler was found); " + fix
	}
	lookPath := env.lookPath
	if lookPath == nil {
		lookPath = exec.LookPath
	}
	name := strings.Fields(cc)
	if len(name) == 0 {
		return "WARNING: go test -race needs a C compiler and go env CC is empty; " + fix
	}
	if _, err := lookPath(name[0]); err != nil {
		return fmt.Sprintf("WARNING: go test -race needs a C compiler and CC=%s is not found; %s", name[0], fix)
	}
	return ""
}

// ensureConfig writes the embedded default config where Load would look for
// a file, unless a config file is already there (or MANIFESTGEN_CONFIG
// names one). It never overwrites.
func ensureConfig(getenv func(string) string, dir string) (created bool, path string, err error) {
	if p := getenv(config.EnvConfig); p != "" {
		if _, err := os.Stat(p); err != nil {
			return false, p, fmt.Errorf("%s=%s: %w", config.EnvConfig, p, err)
		}
		return false, p, nil
	}
	path = filepath.Join(dir, config.FileName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return false, path, nil
	}
	if err != nil {
		return false, path, err
	}
	if _, err := f.Write(config.Default()); err != nil {
		f.Close()
		os.Remove(path)
		return false, path, err
	}
	return true, path, f.Close()
}

// goAtLeast reports whether Go version v ("go1.26.8") is at least min
// ("go1.26").
func goAtLeast(v, min string) bool {
	parse := func(s string) (n [3]int) {
		s = strings.TrimPrefix(strings.TrimSpace(s), "go")
		for i, part := range strings.SplitN(s, ".", 3) {
			if j := strings.IndexFunc(part, func(r rune) bool { return r < '0' || r > '9' }); j >= 0 {
				part = part[:j] // "27rc1" -> "27"
			}
			n[i], _ = strconv.Atoi(part)
		}
		return n
	}
	a, b := parse(v), parse(min)
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return true
}
