package writer

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// exchange atomically swaps two directory entries, or fails with an error
// wrapping errors.ErrUnsupported when the OS or filesystem cannot; tests
// replace it to exercise the fallback.
var exchange = exchangePaths

// publish replaces the output dir with the complete generation in staging:
// a rename when there is no dir yet, else an atomic exchange, else the
// two-rename fallback (see the package doc for what readers and crashes see
// in each case). The parent is synced after the switch so it is durable.
func publish(s siblings, staging, id string, log *slog.Logger) error {
	if _, err := os.Lstat(s.dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(staging, s.dir); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		return syncDir(s.parent)
	} else if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	err := exchange(staging, s.dir)
	if errors.Is(err, errors.ErrUnsupported) {
		log.Debug("atomic exchange unsupported; publishing with two renames", "err", err)
		return publishTwoRenames(s, staging, id, log)
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := syncDir(s.parent); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	discard(staging, log) // holds the previous generation now
	return nil
}

// publishTwoRenames is publish's fallback; see publish.
func publishTwoRenames(s siblings, staging, id string, log *slog.Logger) error {
	old := s.path(kindOld, id)
	if err := os.Rename(s.dir, old); err != nil {
		return fmt.Errorf("publish: move previous generation aside: %w", err)
	}
	if err := os.Rename(staging, s.dir); err != nil {
		if rerr := os.Rename(old, s.dir); rerr != nil {
			return fmt.Errorf("publish: %w; restoring previous generation: %w (next Write restores it)", err, rerr)
		}
		return fmt.Errorf("publish: %w", err)
	}
	if err := syncDir(s.parent); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// Renamed first, so that an .old dir always holds a complete generation.
	trash := s.path(kindTrash, id)
	if err := os.Rename(old, trash); err != nil {
		log.Warn("cannot remove previous generation; the next Write will", "dir", old, "err", err)
		return nil
	}
	discard(trash, log)
	return nil
}

// discard removes a replaced generation; failure only leaves a leftover that
// the next Write removes.
func discard(dir string, log *slog.Logger) {
	if err := os.RemoveAll(dir); err != nil {
		log.Warn("cannot remove replaced generation; the next Write will", "dir", dir, "err", err)
	}
}

// sweep tidies the siblings a killed Write may have left. The caller holds
// the output lock, so every sibling is a leftover of an ended run unless
// its owner still runs (sibling.leftover); those are kept and logged. When
// the output dir is missing and an .old generation exists (a crash inside
// the fallback window), the newest .old is renamed back to the dir; every
// other leftover .<base>.staging-*, .old-* and .trash-* sibling is removed.
// Names that do not match the exact pattern of ours are never touched.
func sweep(s siblings, log *slog.Logger) error {
	found, err := s.find()
	if err != nil {
		return fmt.Errorf("leftovers: %w", err)
	}
	var olds, rest []sibling
	for _, sb := range found {
		switch {
		case !sb.leftover():
			log.Warn("kept a dir beside the output: the process that made it still runs without holding the output lock",
				"dir", filepath.Join(s.parent, sb.name), "pid", sb.owner.pid)
		case sb.kind == kindOld:
			olds = append(olds, sb)
		default:
			rest = append(rest, sb)
		}
	}
	// Generation ids sort by time.
	slices.SortFunc(olds, func(a, b sibling) int { return strings.Compare(a.generation, b.generation) })
	if _, err := os.Lstat(s.dir); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		newest := filepath.Join(s.parent, olds[len(olds)-1].name)
		if err := os.Rename(newest, s.dir); err != nil {
			return fmt.Errorf("leftovers: restore interrupted publish: %w", err)
		}
		log.Warn("restored the generation an interrupted Write had moved aside", "from", newest, "dir", s.dir)
		olds = olds[:len(olds)-1]
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("leftovers: %w", err)
	}
	for _, sb := range append(rest, olds...) {
		p := filepath.Join(s.parent, sb.name)
		log.Debug("removing leftover of an interrupted Write", "dir", p, "owner", sb.owner.pid)
		if err := os.RemoveAll(p); err != nil {
			log.Warn("cannot remove leftover of an interrupted Write", "dir", p, "err", err)
		}
	}
	return nil
}
