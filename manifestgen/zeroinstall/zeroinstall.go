// Package zeroinstall is what `go run magefile.go <target>` does around
// mage: it says so before a first run compiles the targets (which on a
// cold Go build cache takes a minute or more and prints nothing), and it
// exits when `go run` does, which relays no signal to its child
// (golang/go#40467), so that `kill` of a `go run` reaches the targets.
package zeroinstall

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/magefile/mage/mage"
	"github.com/magefile/mage/mg"
)

// Main runs mage as `mage` would, after FirstRunNote on a first run and
// with ExitWithParent, and returns its exit status.
func Main() int {
	stamp, err := Stamp(mage.MagefilesDirName, mg.CacheDir())
	if !Compiled(stamp, err) {
		FirstRunNote(os.Stderr, os.Getenv("MANIFESTGEN_LOG") == "json")
	}
	go ExitWithParent(parentPoll)
	os.Setenv(Env, "1") // the targets name `go run magefile.go` in their hints
	code := mage.Main()
	if err == nil {
		MarkCompiled(stamp)
	}
	return code
}

// Env is set for the targets this package runs (targets.ZeroInstallEnv).
const Env = "MANIFESTGEN_ZEROINSTALL"

// Note is the line a first run prints before mage compiles the targets.
const Note = "Compiling the build targets first (once per change of magefiles/ or Go; " +
	"1-2 minutes on a cold Go build cache, seconds on a warm one; later runs start at once)..."

// Stamp returns the path of the file that marks the magefiles in dir as
// compiled once with this Go: in cacheDir (mage's cache), named after the
// binary mage would build (mage.ExeName: a hash of the files, mage's
// template and the Go version). mage itself keeps no binary while a Go
// build cache exists, so the stamp is how a later run knows that the
// build cache holds the targets' packages.
func Stamp(dir, cacheDir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("no magefiles in %s", dir)
	}
	exe, err := mage.ExeName(mg.GoCmd(), cacheDir, files)
	if err != nil {
		return "", err
	}
	return exe + ".manifestgen-compiled", nil
}

// Compiled reports whether the stamp from Stamp exists; an error from
// Stamp counts as not compiled.
func Compiled(stamp string, err error) bool {
	if err != nil {
		return false
	}
	_, err = os.Stat(stamp)
	return err == nil
}

// MarkCompiled creates the stamp; failures are ignored (the note is shown
// again next time).
func MarkCompiled(stamp string) {
	if os.MkdirAll(filepath.Dir(stamp), 0o755) == nil {
		os.WriteFile(stamp, nil, 0o644)
	}
}

// FirstRunNote writes Note to w: a plain line, or a JSON record.
func FirstRunNote(w io.Writer, json bool) {
	if json {
		slog.New(slog.NewJSONHandler(w, nil)).Info("compiling the build targets", "note", Note)
		return
	}
	fmt.Fprintln(w, Note)
}

// parentPoll is how often ExitWithParent looks at the parent process.
const parentPoll = 200 * time.Millisecond

// ExitWithParent exits the process (status 1) once its parent process is
// gone (the parent pid changes), checking every poll. mage's compiled
// targets watch their parent, this process, the same way.
func ExitWithParent(poll time.Duration) {
	parent := os.Getppid()
	for range time.Tick(poll) {
		if os.Getppid() != parent {
			os.Exit(1)
		}
	}
}
