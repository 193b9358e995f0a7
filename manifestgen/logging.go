package manifestgen

import (
	"context"
	"io"
	"log/slog"
	"strconv"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// Logging variables.
const (
	LogEnv     = "MANIFESTGEN_LOG"  // "json": every stderr line a JSON record (for CI); "text" or unset: text
	VerboseEnv = "MAGEFILE_VERBOSE" // set by mage -v: per-request debug records
)

// NewLogger returns the run's logger on w: text records (JSON with
// MANIFESTGEN_LOG=json) at Info — rate adaptations, pauses, failures —
// and at Debug one record per HTTP attempt when MAGEFILE_VERBOSE (mage -v)
// is set. Generate wraps its handler so that records never carry tokens or
// control characters (redact.Set.Handler).
func NewLogger(w io.Writer, getenv func(string) string) *slog.Logger {
	level := slog.LevelInfo
	if isVerbose(getenv) {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	if getenv(LogEnv) == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// isVerbose reports whether mage runs with -v.
func isVerbose(getenv func(string) string) bool {
	v, _ := strconv.ParseBool(getenv(VerboseEnv))
	return v
}

// logAttempt writes one Debug record per HTTP attempt.
func logAttempt(log *slog.Logger, a fetch.Attempt) {
	if !log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	attrs := []any{"host", a.Host, "filter", a.Label, "url", a.URL, "status", a.Status,
		"attempt", a.Attempt, "duration", a.Duration}
	if a.Err != nil {
		attrs = append(attrs, "err", a.Err)
	}
	if a.Retried {
		attrs = append(attrs, "retry_in", a.Wait, "why", a.WaitReason)
	}
	log.Debug("request", attrs...)
}
