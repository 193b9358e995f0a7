package manifestgen

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/httpcache"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// newCache returns a source's HTTP cache in cfg.CacheDir, or nil when the
// cache is off. On the embedded hub, whose port changes from run to run,
// entries are keyed by the hub mode instead of its address, so that the
// next embedded run revalidates them; live entries never share a key with
// embedded ones.
func newCache(cfg *config.Config, hub string, logger *slog.Logger, secrets *redact.Set, base http.RoundTripper) *httpcache.Transport {
	if cfg.CacheDir == "" {
		return nil
	}
	t := &httpcache.Transport{Dir: cacheDir(cfg), Logger: logger, Secrets: secrets, Base: base}
	if hub == manifest.HubEmbedded {
		t.Origin = manifest.HubEmbedded + "-hub"
	}
	return t
}

// pruneCache bounds the HTTP cache after a run: entries unused for
// cfg.CacheMaxAge, then the least recently used beyond cfg.CacheMaxSize.
// A failure is logged, never the run's.
func pruneCache(cfg *config.Config, logger *slog.Logger, now time.Time) {
	if cfg.CacheDir == "" {
		return
	}
	var before time.Time
	if cfg.CacheMaxAge > 0 {
		before = now.Add(-cfg.CacheMaxAge)
	}
	dir := cacheDir(cfg)
	removed, kept, err := (&httpcache.Transport{Dir: dir}).Prune(before, cfg.CacheMaxSize)
	if err != nil {
		logger.Warn("HTTP cache not pruned", "dir", dir, "err", err)
		return
	}
	logger.Debug("HTTP cache pruned", "dir", dir, "removed", removed, "kept_bytes", kept)
}

// CleanCache removes every entry of the HTTP cache of cfg (only the
// cache's own files: the directory may be shared) and returns how many
// files it removed.
func CleanCache(cfg *config.Config) (int, error) {
	if cfg.CacheDir == "" {
		return 0, nil
	}
	n, _, err := (&httpcache.Transport{Dir: cacheDir(cfg)}).Prune(time.Now().Add(time.Hour), 1)
	return n, err
}
