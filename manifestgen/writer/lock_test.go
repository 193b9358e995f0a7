package writer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestLockExcludes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub", "out")
	held, err := Acquire(t.Context(), dir, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := held.Held(); err != nil || held.Waited() {
		t.Fatalf("Held() = %v, Waited() = %v", err, held.Waited())
	}
	// A second Lock conflicts, in this process as in another.
	_, err = Acquire(t.Context(), dir, LockOptions{})
	var busy *BusyError
	if !errors.As(err, &busy) || busy.PID != os.Getpid() || time.Since(busy.Started) > time.Hour {
		t.Fatalf("second Acquire: %v, want a *BusyError naming pid %d", err, os.Getpid())
	}
	want := "another manifestgen run (pid " + strconv.Itoa(os.Getpid()) + ", started "
	if msg := err.Error(); !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, ") is writing "+dir+"/") {
		t.Errorf("message %q, want %q… is writing %s/", msg, want, dir)
	}
	// Write and Clean refuse too, touching nothing.
	if _, err := Write(dir, sampleSet(), Options{Now: fixedNow(t0)}); !errors.As(err, &busy) {
		t.Errorf("Write while held: %v", err)
	}
	if err := Clean(dir); !errors.As(err, &busy) {
		t.Errorf("Clean while held: %v", err)
	}
	if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dir touched while locked: %v", err)
	}
	if err := held.Release(); err != nil {
		t.Fatal(err)
	}
	if err := held.Release(); err != nil {
		t.Fatalf("second Release: %v", err)
	}
	if err := held.Held(); err == nil {
		t.Error("Held() after Release is nil")
	}
	again, err := Acquire(t.Context(), dir, LockOptions{})
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	again.Release()
}

// TestLockWaits: with Wait, Acquire polls until the holder releases the
// lock, and gives up when its context ends, naming the holder.
func TestLockWaits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	type result struct {
		l   *Lock
		err error
	}
	t.Run("until released", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			held, err := Acquire(t.Context(), dir, LockOptions{})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan result, 1)
			go func() {
				l, err := Acquire(t.Context(), dir, LockOptions{Wait: true})
				done <- result{l, err}
			}()
			<-time.After(time.Minute) // fake time: the waiter polls meanwhile
			synctest.Wait()
			select {
			case r := <-done:
				t.Fatalf("acquired while held: %v", r.err)
			default:
			}
			start := time.Now()
			held.Release()
			r := <-done
			if r.err != nil || !r.l.Waited() {
				t.Fatalf("Acquire = %v, Waited %v", r.err, r.l != nil && r.l.Waited())
			}
			if d := time.Since(start); d > lockPollMax {
				t.Errorf("took %v after the release, want at most one poll (%v)", d, lockPollMax)
			}
			r.l.Release()
		})
	})
	t.Run("until cancelled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			held, err := Acquire(t.Context(), dir, LockOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer held.Release()
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan result, 1)
			go func() {
				l, err := Acquire(ctx, dir, LockOptions{Wait: true})
				done <- result{l, err}
			}()
			<-time.After(10 * time.Second)
			cancel()
			r := <-done
			if !errors.Is(r.err, context.Canceled) || !strings.Contains(r.err.Error(), "another manifestgen run (pid") {
				t.Fatalf("Acquire = %v, want context.Canceled naming the holder", r.err)
			}
		})
	})
}

// TestLockFileRemoved: a lock whose file was removed protects nothing: Held
// says so (Write checks it right before the swap), and a new Acquire takes a
// lock on the new file.
func TestLockFileRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	held, err := Acquire(t.Context(), dir, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	if err := os.Remove(filepath.Join(filepath.Dir(dir), ".out.lock")); err != nil {
		t.Fatal(err)
	}
	if err := held.Held(); err == nil || !strings.Contains(err.Error(), "was removed or replaced") {
		t.Fatalf("Held() = %v", err)
	}
	if _, err := Write(dir, sampleSet(), Options{Now: fixedNow(t0), Lock: held}); err == nil {
		t.Fatal("Write with a lost lock succeeded")
	}
	other, err := Acquire(t.Context(), dir, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other.Release()
}

func TestWriteWithLock(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	l, err := Acquire(t.Context(), dir, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if _, err := Write(dir, sampleSet(), Options{Now: fixedNow(t0), Lock: l}); err != nil {
		t.Fatalf("Write under the caller's lock: %v", err)
	}
	mustVerify(t, dir)
	if _, err := Write(filepath.Join(parent, "other"), sampleSet(), Options{Now: fixedNow(t0), Lock: l}); err == nil ||
		!strings.Contains(err.Error(), "the lock passed is") {
		t.Errorf("Write with another dir's lock: %v", err)
	}
}

// TestCleanRemovesLockFile: Clean, done, leaves nothing beside the dir.
func TestCleanRemovesLockFile(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, sampleSet(), t0)
	if err := Clean(dir); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left after Clean: %v", entries)
	}
}

// TestLockFileNotRegular: a symlink or FIFO planted at the lock path is
// refused with an error naming it; a symlink's target is not written.
func TestLockFileNotRegular(t *testing.T) {
	tests := []struct {
		name  string
		plant func(t *testing.T, path string) (check func())
	}{
		{"symlink to a file", func(t *testing.T, path string) func() {
			target := filepath.Join(t.TempDir(), "precious")
			writeFile(t, target, "keep me")
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
			return func() {
				if data, _ := os.ReadFile(target); string(data) != "keep me" {
					t.Errorf("symlink target now holds %q", data)
				}
			}
		}},
		{"dangling symlink", func(t *testing.T, path string) func() {
			target := filepath.Join(t.TempDir(), "absent")
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
			return func() {
				if _, err := os.Lstat(target); err == nil {
					t.Error("symlink target created")
				}
			}
		}},
		{"fifo", func(t *testing.T, path string) func() {
			if err := mkfifo(path); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			return func() {}
		}},
		{"dir", func(t *testing.T, path string) func() {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			return func() {}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			check := tc.plant(t, filepath.Join(filepath.Dir(dir), ".out.lock"))
			l, err := Acquire(t.Context(), dir, LockOptions{})
			if err == nil {
				l.Release()
				t.Fatal("Acquire succeeded")
			}
			if !strings.Contains(err.Error(), "is not a regular file") {
				t.Errorf("Acquire() = %v, want the lock file named as not a regular file", err)
			}
			check()
		})
	}
}
