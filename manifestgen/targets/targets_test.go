package targets

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// goCmd runs the go tool in dir with a bounded time and returns its output.
func goCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestMageList runs the zero-install bootstrap the README documents and
// checks that every target is listed with its one-line doc.
func TestMageList(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the magefile; skipped in -short mode")
	}
	out := goCmd(t, repoRoot(t), []string{"MAGEFILE_CACHE=" + t.TempDir()}, "run", "magefile.go", "-l")
	for _, want := range []string{
		"build ", "generates the manifests (skipped when fresh), verifies them",
		"test ", "runs the test suite with the race detector",
		"manifests:all ", "generates the manifests of every configured source, concurrently",
		"manifests:civitai ", "manifests:huggingface ", "manifests:clean ", "manifests:verify ", "manifests:diff ", "manifests:types ",
		"dev:bootstrap ", "hub:serve ", "runs the embedded hub on 127.0.0.1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("mage -l lacks %q:\n%s", want, out)
		}
	}
}

// TestMageImport shows that another repository pulls the manifests targets
// into its own magefile with "// mage:import" under its own namespace.
func TestMageImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a magefile in a temporary module; skipped in -short mode")
	}
	root := repoRoot(t)
	site := t.TempDir()
	goMod := `module example.com/site

go 1.26

tool github.com/magefile/mage

require (
	github.com/magefile/mage v1.17.2
	github.com/manifestgen/manifestgen v0.0.0
)

replace github.com/manifestgen/manifestgen => ` + root + "\n"
	files := map[string]string{
		"go.mod": goMod,
		"magefiles/magefile.go": `//go:build mage

package main

import (
	"github.com/magefile/mage/mg"

	// mage:import models
	"github.com/manifestgen/manifestgen/manifestgen/targets"
)

// Site builds the static site after its manifests.
func Site() { mg.Deps(targets.Manifests.All) }
`,
	}
	for name, body := range files {
		p := filepath.Join(site, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"MAGEFILE_CACHE=" + t.TempDir(), "GOFLAGS=-mod=mod", "GOPROXY=off"}
	// go.mod's tool directive: `go tool mage`, as the README documents.
	out := goCmd(t, site, env, "tool", "mage", "-l")
	for _, want := range []string{"site ", "models:manifests:all ", "models:manifests:civitai ", "models:hub:serve "} {
		if !strings.Contains(out, want) {
			t.Errorf("imported targets lack %q:\n%s", want, out)
		}
	}
	// The imported bootstrap's next steps name the importing repo's targets.
	env = append(env, "MANIFESTGEN_HUB=embedded", "MANIFESTGEN_CACHE_DIR=off", "MANIFESTGEN_LOG=", "CI=true")
	out = goCmd(t, site, env, "tool", "mage", "models:dev:bootstrap")
	_, hints, _ := strings.Cut(out, "Next:\n")
	if !strings.Contains(hints, "mage models:manifests:all") || strings.Contains(hints, "magefile.go") || strings.Contains(hints, " build ") {
		t.Errorf("imported bootstrap hints:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(site, "output", "index.json")); err != nil {
		t.Errorf("bootstrap wrote no manifests in the importing repo: %v", err)
	}
}
