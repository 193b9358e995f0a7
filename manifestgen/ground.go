package manifestgen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/httpcache"
	"github.com/manifestgen/manifestgen/manifestgen/writer"
)

// claimOutput takes the output lock and checks the ground before any
// request is made: the lock is taken (its parent must be writable), failing
// at once when another run holds it or, with `lock: wait`, waiting for it
// until ctx ends; then, under the lock, the output dir must be publishable
// (writer.Check: absent or manifestgen's own dir, no symlink, no mount
// point). The caller releases the lock.
func claimOutput(ctx context.Context, cfg *config.Config, log *slog.Logger) (*writer.Lock, error) {
	lock, err := writer.Acquire(ctx, cfg.Output, writer.LockOptions{Wait: cfg.Lock == config.LockWait, Logger: log})
	var busy *writer.BusyError
	if errors.As(err, &busy) {
		return nil, fmt.Errorf("%w; set %s=wait to wait for it", err, config.EnvLock)
	}
	if err != nil {
		return nil, err
	}
	if err := writer.Check(cfg.Output); err != nil {
		lock.Release()
		return nil, err
	}
	return lock, nil
}

// cacheDir is the HTTP cache's directory for cfg; "" when it is off.
func cacheDir(cfg *config.Config) string {
	if cfg.CacheDir == "" {
		return ""
	}
	return filepath.Join(cfg.CacheDir, "http")
}

// checkCache fails, before any request, when the HTTP cache dir cannot be
// used, and says how to run without it.
func checkCache(cfg *config.Config) error {
	if err := (&httpcache.Transport{Dir: cacheDir(cfg)}).Check(); err != nil {
		return fmt.Errorf("%w; fix it, or set %s=off to run without the cache", err, config.EnvCacheDir)
	}
	return nil
}
