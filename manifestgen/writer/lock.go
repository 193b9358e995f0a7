package writer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// Lock is the exclusive right to write one output dir: an advisory lock
// (flock(2) on Unix, LockFileEx on Windows) on the file .<base>.lock beside
// the dir, which also records the holder's pid and when it took the lock.
// The OS releases the lock when the holder exits, however it exits, so a
// killed run never blocks the next one. Two Locks conflict even within one
// process. Write holds one from before it looks at the dir until after it
// has published; a caller that fetches before writing (manifestgen.Run)
// acquires it first and passes it in Options.Lock.
//
// The lock file is never removed while runs may use it, except by Clean,
// which removes it while holding it; Acquire notices a lock taken on a file
// that is no longer at the lock path and starts over. The lock is advisory:
// it binds manifestgen runs, not other programs, and it is only as good as
// the filesystem's locks (local filesystems, and NFS where the server
// supports locking). On systems with neither flock nor LockFileEx, Acquire
// returns a Lock that excludes nothing and logs a warning.
type Lock struct {
	f      *os.File // nil when the OS has no locks
	path   string
	dir    string // absolute output dir
	waited bool
}

// LockOptions tune Acquire. The zero value fails at once when the lock is
// held.
type LockOptions struct {
	Wait   bool         // wait until the holder releases the lock (or ctx ends) instead of failing
	Logger *slog.Logger // says once that it waits, and for which run; nil: discard
}

// BusyError is Acquire's error when another run holds the lock.
type BusyError struct {
	Dir     string    // the output dir, as passed to Acquire
	PID     int       // the holder's pid; 0 when the lock file did not say
	Started time.Time // when the holder took the lock; zero when unknown
}

func (e *BusyError) Error() string {
	dir := filepath.Clean(e.Dir) + string(filepath.Separator)
	if e.PID == 0 {
		return fmt.Sprintf("another manifestgen run is writing %s", dir)
	}
	return fmt.Sprintf("another manifestgen run (pid %d, started %s) is writing %s", e.PID,
		e.Started.Local().Format("2006-01-02 15:04:05 MST"), dir)
}

// holder is the lock file's content.
type holder struct {
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	Owner   string    `json:"owner"` // owner.String of the holder
}

// maxHolderBytes bounds what is read of a lock file.
const maxHolderBytes = 4 << 10

// Polling intervals while waiting for a held lock: the first, then doubled
// up to the last.
const (
	lockPollFirst = 50 * time.Millisecond
	lockPollMax   = time.Second
)

// A lock found held with no holder record yet is looked at again this many
// times, this far apart, before the error leaves the holder unnamed.
const (
	unnamedRetries = 10
	unnamedPoll    = 10 * time.Millisecond
)

// sleepCtx waits for d, or returns ctx's cause when ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// errLocked is tryLock's error when another open file holds the lock.
var errLocked = errors.New("lock held")

// Acquire takes the lock of output dir dir, creating dir's parent and the
// lock file when missing; it fails first, naming the parent, when the
// parent is not writable. When another run holds it, Acquire fails at once
// with a *BusyError naming that run, or, with opts.Wait, polls until the
// lock is free or ctx ends (then it returns ctx's cause). The caller must
// Release the lock.
func Acquire(ctx context.Context, dir string, opts LockOptions) (*Lock, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s, err := siblingsOf(dir)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	if err := checkParent(s); err != nil {
		return nil, err
	}
	l := &Lock{path: s.lockPath(), dir: s.dir}
	poll := lockPollFirst
	unnamed := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("waiting for the lock on %s: %w", dir, context.Cause(ctx))
		}
		f, err := openLockFile(l.path)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		err = tryLock(f)
		if errors.Is(err, errors.ErrUnsupported) {
			f.Close()
			log.Warn("this OS has no file locks: nothing stops two runs from writing the output at once", "dir", dir)
			return l, nil
		}
		if errors.Is(err, errLocked) {
			h := readHolder(f)
			f.Close()
			if h.PID == 0 && unnamed < unnamedRetries {
				// Taken an instant ago, the record not yet written: look
				// again shortly, so that the error can name the holder.
				unnamed++
				if err := sleepCtx(ctx, unnamedPoll); err != nil {
					return nil, fmt.Errorf("waiting for the lock on %s: %w", dir, err)
				}
				continue
			}
			busy := &BusyError{Dir: dir, PID: h.PID, Started: h.Started}
			if !opts.Wait {
				return nil, busy
			}
			if !l.waited {
				log.Info("waiting for another manifestgen run to finish writing", "dir", dir, "pid", h.PID,
					"started", h.Started.Format(time.RFC3339))
				l.waited = true
			}
			if err := sleepCtx(ctx, poll); err != nil {
				return nil, fmt.Errorf("waiting for the lock on %s (%s): %w", dir, busy, err)
			}
			poll = min(2*poll, lockPollMax)
			continue
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		// Clean removes the lock file while holding it: a lock taken on a
		// file opened before that removal protects nothing.
		if !samePath(f, l.path) {
			f.Close()
			continue
		}
		l.f = f
		if err := l.record(); err != nil {
			l.Release()
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		return l, nil
	}
}

// record writes the holder's pid and start into the lock file: over the old
// content, then cut to length, so that a reader sees a whole record first.
func (l *Lock) record() error {
	o := self()
	data, err := json.Marshal(holder{PID: o.pid, Started: time.Now().UTC().Truncate(time.Second), Owner: o.String()})
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if _, err := l.f.WriteAt(data, 0); err != nil {
		return err
	}
	return l.f.Truncate(int64(len(data)))
}

// readHolder returns the first record in a lock file; zero when there is
// none.
func readHolder(f *os.File) holder {
	buf := make([]byte, maxHolderBytes)
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return holder{}
	}
	var h holder
	if json.NewDecoder(bytes.NewReader(buf[:n])).Decode(&h) != nil || h.PID <= 0 {
		return holder{}
	}
	return h
}

// openLockFile opens (creating) the lock file at path for reading and
// writing, refusing anything but a regular file: a symlink planted there
// would otherwise have the holder record written over its target, and a
// FIFO could block.
func openLockFile(path string) (*os.File, error) {
	notRegular := func(m os.FileMode) error {
		return fmt.Errorf("lock file %s is not a regular file (%s); remove it", path, m.Type())
	}
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, notRegular(info.Mode())
	}
	f, err := os.OpenFile(path, lockOpenFlags, 0o644)
	if err != nil {
		if info, lerr := os.Lstat(path); lerr == nil && !info.Mode().IsRegular() {
			return nil, notRegular(info.Mode())
		}
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(info.Mode())
	}
	return f, nil
}

// samePath reports whether path still names the file f is open on.
func samePath(f *os.File, path string) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	pi, err := os.Stat(path)
	return err == nil && os.SameFile(fi, pi)
}

// Waited reports whether Acquire had to wait for another run.
func (l *Lock) Waited() bool { return l.waited }

// Held fails unless l is still in force: taken and not released, on the
// file at the lock path (not one removed or replaced since, which would let
// another run take the lock too).
func (l *Lock) Held() error {
	if l == nil || l.path == "" {
		return errors.New("output lock not held")
	}
	if l.f == nil {
		return nil // no locks on this OS
	}
	if !samePath(l.f, l.path) {
		return fmt.Errorf("lock file %s was removed or replaced while this run held it, so another run may be writing %s", l.path, l.dir)
	}
	return nil
}

// Release gives the lock up. It may be called more than once.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the last descriptor releases the lock
	l.f = nil
	l.path = ""
	return err
}
