package manifestgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/internal/syncbuf"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

// childEnv switches the test binary into a child that runs one manifest
// generation (embedded hub) in the directory the variable names, the way
// the Mage targets do: SIGINT and SIGTERM cancel the run.
const childEnv = "MANIFESTGEN_TEST_CHILD_DIR"

func childRun() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	_, err := Run(ctx, Options{Dir: os.Getenv(childEnv)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	return 0
}

// startChild starts a generation in dir as a separate process.
func startChild(t *testing.T, dir string, stderr *syncbuf.Buffer) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir,
		"MANIFESTGEN_HUB=embedded", "MANIFESTGEN_FORCE=1", "MANIFESTGEN_CACHE_DIR=off",
		"MANIFESTGEN_OUT="+filepath.Join(dir, "output"), "MANIFESTGEN_REPORT_DIR="+filepath.Join(dir, "report"),
		"MANIFESTGEN_CONFIG=", "CI=true")
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// goodGeneration writes one complete generation into dir/output in-process.
func goodGeneration(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	_, err := Run(context.Background(), Options{
		Dir:    dir,
		Stderr: &bytes.Buffer{},
		Getenv: env("MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_CACHE_DIR", "off", "MANIFESTGEN_FORCE", "1",
			"MANIFESTGEN_OUT", filepath.Join(dir, "output"), "MANIFESTGEN_REPORT_DIR", filepath.Join(dir, "report")),
	})
	if err != nil {
		t.Fatal(err)
	}
	return readTree(t, filepath.Join(dir, "output"))
}

// TestInterruptPublishesNothing: SIGINT or SIGTERM in the middle of a run
// aborts it promptly with a clear message, a non-zero exit, and the previous
// generation untouched.
func TestInterruptPublishesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs subprocesses; skipped in -short mode")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			before := goodGeneration(t, dir)
			var stderr syncbuf.Buffer
			cmd := startChild(t, dir, &stderr)
			// The default workload takes about 1.5 s at 10 req/s: signal once
			// requests are under way.
			deadline := time.Now().Add(30 * time.Second)
			for !strings.Contains(stderr.String(), "Using the embedded hub") {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("child never started its run:\n%s", stderr.String())
				}
				<-time.After(5 * time.Millisecond)
			}
			<-time.After(300 * time.Millisecond)
			sent := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			took := time.Since(sent)
			t.Logf("%s: exited %v after %s", sig, err, took)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("exit: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "run cancelled, nothing published: context canceled") {
				t.Errorf("no clear cancellation message:\n%s", stderr.String())
			}
			// 1 s is the promise; allow slack for a loaded CI machine.
			if took > 3*time.Second {
				t.Errorf("took %s to exit after %s", took, sig)
			}
			after := readTree(t, filepath.Join(dir, "output"))
			if len(after) != len(before) {
				t.Fatalf("output changed: %d files, was %d", len(after), len(before))
			}
			for name, b := range before {
				if !bytes.Equal(after[name], b) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}

// TestKillAtAnyMoment: SIGKILL at random moments of a whole run (config,
// hub, fetching, writing, publishing) always leaves output that is one
// whole, valid generation, and the next run cleans up after it.
func TestKillAtAnyMoment(t *testing.T) {
	if testing.Short() {
		t.Skip("runs subprocesses; skipped in -short mode")
	}
	trials := 8
	if n := os.Getenv("MANIFESTGEN_KILL_TRIALS"); n != "" {
		fmt.Sscan(n, &trials)
	}
	dir := t.TempDir()
	goodGeneration(t, dir)
	// One whole child run measures how long a run takes here; kills then land
	// anywhere from start-up to just past the publish, weighted to the end
	// where the output is being written and swapped.
	var first syncbuf.Buffer
	began := time.Now()
	if err := startChild(t, dir, &first).Wait(); err != nil {
		t.Fatalf("child run: %v\n%s", err, first.String())
	}
	whole := time.Since(began)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	completed := 0
	for i := range trials {
		var stderr syncbuf.Buffer
		cmd := startChild(t, dir, &stderr)
		delay := time.Duration(rng.Int64N(int64(whole)))
		if i%2 == 0 { // the last fifth of the run, and past its usual end
			delay = whole*4/5 + time.Duration(rng.Int64N(int64(whole*3/5)))
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-time.After(delay):
			cmd.Process.Kill()
			<-done
		case err := <-done:
			if err != nil {
				t.Fatalf("trial %d: child failed: %v\n%s", i, err, stderr.String())
			}
			completed++
		}
		rep, err := verify.Dir(filepath.Join(dir, "output"))
		if err != nil {
			t.Fatalf("trial %d (kill after %s): %v", i, delay, err)
		}
		if err := rep.Err(); err != nil {
			t.Fatalf("trial %d (kill after %s): inconsistent output:\n%s", i, delay, rep)
		}
	}
	t.Logf("a run takes %s; %d trials, %d runs completed before the kill, 0 inconsistent outputs", whole.Round(time.Millisecond), trials, completed)
	// The next run removes whatever the killed ones left beside the output.
	goodGeneration(t, dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".output.") && e.Name() != ".output.lock" { // the lock file stays
			t.Errorf("left beside the output after a clean run: %s", e.Name())
		}
	}
}
