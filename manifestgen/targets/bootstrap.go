package targets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
	next := [][2]string{
		{mode + "go run magefile.go build", "manifests (skipped when fresh), verify, go build"},
		{mode + "go run magefile.go manifests:all", "regenerate when stale (MANIFESTGEN_FORCE=1 to force)"},
		{"go test -race ./...", "the tests"},
	}
	for _, n := range next {
		fmt.Fprintf(env.out, "  %-*s  # %s\n", len(next[1][0]), n[0], n[1])
	}
	return nil
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
