// Package writer publishes a manifest.Set as one output generation: index.json,
// <source>/models.json and <source>/filters/<name>.json under the output dir.
// File contents are byte-for-byte deterministic for the same Set; the
// generation id and timestamps appear only in index.json. Failed filters keep
// their last good manifest, marked stale.
//
// # Consistent generations
//
// A generation is built in a sibling dir .<base>.staging-<generation> (same
// filesystem), every file synced, index.json last, checked with verify.Written
// (verify.Dir's checks, on the bytes just written), then published. A file
// whose bytes equal the replaced generation's file at the same path is that
// file, hard-linked into the staging dir and synced, rather than a new copy:
// published files are never modified, only replaced. Publishing is:
//
//   - no output dir yet: one rename; the dir appears complete;
//   - Linux (renameat2 RENAME_EXCHANGE) and macOS (renamex_np RENAME_SWAP):
//     one atomic swap of the staging dir and the output dir, so at every
//     instant the dir is the complete previous or the complete new
//     generation; the previous one, now under the staging name, is removed;
//   - elsewhere, or on filesystems that cannot exchange: the dir is renamed to
//     .<base>.old-<generation>, then the staging dir to the dir. Between the
//     two renames the dir does not exist (readers see no dir, never a mix); a
//     crash in that window leaves the previous generation whole under the .old
//     name, and the next Write renames it back before anything else.
//
// A kill -9 at any moment therefore leaves the dir consistent; the next Write
// removes the staging, .old and .trash siblings a killed run left. The output
// dir must not be a mount point, since it is swapped rather than written
// into (Check says so before anything is fetched).
//
// # One writer per output
//
// Every Write holds the output dir's Lock (an advisory file lock on
// .<base>.lock beside the dir, recording the holder's pid and start), from
// before it looks at the dir until after the swap: a second Write, in this
// or another process, fails at once with a *BusyError naming the holder, or
// waits for it (Acquire with LockOptions.Wait). Sibling names carry their
// creator's pid (and, on Linux, its start time), so that leftover cleanup,
// done under the lock, removes only dirs of runs that have ended. Right
// before the swap, the lock is checked to be still held and the staging dir
// to hold exactly the files verified.
package writer

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

// Options tune Write. The zero value is ready to use.
type Options struct {
	Now        func() time.Time // clock for generatedAt and the generation id; nil: time.Now
	AllowStale bool             // return no error for stale or missing filters; the set is published either way
	Logger     *slog.Logger     // warnings about failed filters and leftovers; nil: discard
	// Lock is the output dir's lock, held by the caller (see Acquire); nil:
	// Write takes it itself and fails with a *BusyError when another run
	// holds it.
	Lock *Lock
}

// Write publishes set as a new generation in dir and returns its index.
//
// Steps: the output lock is taken (unless opts.Lock holds it already);
// leftovers of interrupted Writes beside dir are removed (or, after a
// crash inside the fallback publish window, the moved-aside generation is
// restored); an existing dir must hold only files of manifestgen's layout,
// else Write fails with ErrForeign and touches nothing; the new generation is
// written to .<base>.staging-<generation> beside dir (each file synced,
// unchanged files hard-linked from the generation replaced, index.json
// last), checked with verify.Written, checked again under the lock right
// before the swap (recheck), and swapped in as the package doc describes.
//
// A fresh filter's repeated ids are dropped (first occurrence kept), and a
// models file holds exactly the models its source's manifests reference.
//
// Failed filters (Err != nil) whose previous manifest is fresh or stale in the
// generation being replaced are carried over with status stale, their
// previous fetchedAt and the failure reason; their models come along from the
// previous models file (models fetched in this run win). Without a usable
// previous manifest the entry is missing: no file, the reason recorded. An
// unreadable or corrupt previous generation only makes failed filters
// missing (logged), never the Write fail.
//
// Errors: an invalid set (bad hub or names, duplicates, a fresh filter with
// an id absent from its source's models or without FetchedAt) fails before
// any file is touched; I/O failures leave dir as it was. When the published
// generation has stale or missing filters and AllowStale is false, Write
// returns the index together with a *StaleError.
func Write(dir string, set *manifest.Set, opts Options) (*manifest.Index, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if err := validateSet(set); err != nil {
		return nil, fmt.Errorf("write %s: invalid set: %w", dir, err)
	}
	s, err := siblingsOf(dir)
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	lock := opts.Lock
	if lock == nil {
		if lock, err = Acquire(context.Background(), dir, LockOptions{Logger: log}); err != nil {
			return nil, fmt.Errorf("write: %w", err)
		}
		defer lock.Release()
	} else if lock.dir != s.dir {
		return nil, fmt.Errorf("write %s: the lock passed is %s's", dir, lock.dir)
	}
	if err := lock.Held(); err != nil {
		return nil, fmt.Errorf("write %s: %w", dir, err)
	}
	if err := sweep(s, log); err != nil {
		return nil, fmt.Errorf("write %s: %w", dir, err)
	}
	if err := checkOutput(s); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}

	prev, prevErr := openPrevious(s.dir)
	if err := prevErr; err != nil {
		log.Warn("previous generation unreadable; failed filters will be missing", "dir", s.dir, "err", err)
	}
	defer prev.close()

	t := now()
	id := newGenerationID(t)
	g, err := build(set, prev, t, id, log)
	if err == nil {
		err = g.addChanges(prev, prevErr)
	}
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", dir, err)
	}
	index, err := encode(&g.index)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", dir, err)
	}
	staging := s.path(kindStaging, id)
	if err := stageAndPublish(s, staging, id, g, index, lock, log); err != nil {
		if rerr := os.RemoveAll(staging); rerr != nil {
			log.Warn("cannot remove staging dir; the next Write will", "dir", staging, "err", rerr)
		}
		return nil, fmt.Errorf("write %s: %w", dir, err)
	}
	log.Info("published generation", "dir", s.dir, "generation", id, "filters", len(g.index.Filters),
		"stale", len(g.stale), "missing", len(g.missing))
	if (len(g.stale) > 0 || len(g.missing) > 0) && !opts.AllowStale {
		return &g.index, &StaleError{Stale: g.stale, Missing: g.missing}
	}
	return &g.index, nil
}

// stageAndPublish writes g to staging, verifies it and publishes it. The
// verification takes the files' contents from g, which staging holds
// byte for byte, instead of reading them back; what staging holds is
// listed from disk.
func stageAndPublish(s siblings, staging, id string, g *generation, index []byte, lock *Lock, log *slog.Logger) error {
	if err := writeTree(staging, g.files, index, g.from); err != nil {
		return err
	}
	written := maps.Clone(g.files)
	written[verify.IndexFile] = index
	rep, err := verify.Written(staging, written)
	if err != nil {
		return err
	}
	if err := rep.Err(); err != nil {
		return fmt.Errorf("new generation not published: %w", err)
	}
	// The last look before the swap: the lock is still ours and the staging
	// dir still holds exactly what was verified.
	if err := lock.Held(); err != nil {
		return fmt.Errorf("new generation not published: %w", err)
	}
	if err := recheck(staging, written); err != nil {
		return fmt.Errorf("new generation not published: %w", err)
	}
	return publish(s, staging, id, log)
}
