package manifestgen

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/redis/go-redis/v9"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/limit"
	"github.com/manifestgen/manifestgen/manifestgen/limit/redislimit"
)

// sharedLimiter returns the factory of each source's shared (cross-process)
// gate and a func that releases what it opened. Without cfg.Redis.URL the
// factory returns nil: the in-process limiter alone.
func sharedLimiter(cfg *config.Config, logger *slog.Logger) (func(*config.Source, string) (limit.Shared, error), func(), error) {
	none := func(*config.Source, string) (limit.Shared, error) { return nil, nil }
	if cfg.Redis.URL == "" {
		return none, func() {}, nil
	}
	opts, err := redislimit.ParseURL(func(string) string { return cfg.Redis.URL })
	if err != nil {
		return nil, nil, fmt.Errorf("redis: %w", err)
	}
	fail, err := redislimit.ParseFailPolicy(cfg.Redis.Fail)
	if err != nil {
		return nil, nil, fmt.Errorf("redis: %w", err)
	}
	redis.SetLogger(redisLog{logger}) // go-redis logs process-wide; route it through ours
	rdb := redis.NewClient(opts)
	logger.Info("sharing each host's rate through Redis", "redis", redislimit.Redact(cfg.Redis.URL), "fail", fail.String())
	factory := func(s *config.Source, host string) (limit.Shared, error) {
		l, err := redislimit.New(rdb, redislimit.Options{
			Host:        host,
			Identity:    redislimit.Identity(s.Token),
			RPS:         s.RPS, // the fleet's total; the local rate stays a per-process cap
			Burst:       s.Burst,
			Fail:        fail,
			FallbackRPS: cfg.Redis.FallbackRPS,
			Logger:      logger.With("source", s.Name),
		})
		if err != nil {
			return nil, fmt.Errorf("%s: shared limiter: %w", s.Name, err)
		}
		return l, nil
	}
	return factory, func() { rdb.Close() }, nil
}

// redisLog sends go-redis's own messages (dial failures during an outage,
// already reported once by the shared limiter) to the run's log at Debug.
type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
}
