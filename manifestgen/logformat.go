package manifestgen

import (
	"fmt"
	"io"
	"log/slog"
	"time"
)

// logJSON reports whether MANIFESTGEN_LOG asks for JSON records: then every
// line a run writes to stderr (log records, progress, notices, summary) is
// one. Unset and "text" mean text; any other value is an error, like every
// other variable's.
func logJSON(getenv func(string) string) (bool, error) {
	switch v := getenv(LogEnv); v {
	case "", "text":
		return false, nil
	case "json":
		return true, nil
	default:
		return false, fmt.Errorf("%s=%q: want \"json\" or \"text\"", LogEnv, v)
	}
}

// notice tells the user something on w: the sentence text, or with
// MANIFESTGEN_LOG=json an Info record msg with attrs.
func notice(w io.Writer, getenv func(string) string, text, msg string, attrs ...any) {
	if json, _ := logJSON(getenv); json {
		NewLogger(w, getenv).Info(msg, attrs...)
		return
	}
	fmt.Fprintln(w, text)
}

// logSummary is WriteSummary as JSON records: one "summary" record with a
// group per source, then a Warn record per failed filter.
func logSummary(log *slog.Logger, s *Summary) {
	attrs := []any{"hub", s.Hub, "output", s.Output, "duration", s.Duration.Round(time.Millisecond)}
	if s.Report != "" {
		attrs = append(attrs, "report", s.Report)
	}
	for _, r := range s.Sources {
		fresh, stale := statusCounts(s.Index, r.Name)
		attrs = append(attrs, slog.Group(r.Name, "filters", r.Filters, "fresh", fresh, "stale", stale,
			"failed", len(r.Failed), "models", r.Models, "requests", r.Requests, "retries", r.Retries,
			"throttled", r.Throttled, "revalidated", r.Revalidated, "pages", r.Pages, "pages_needed", r.PageNeeds,
			"duration", r.Duration.Round(time.Millisecond)))
	}
	log.Info("summary", attrs...)
	for _, r := range s.Sources {
		for _, f := range r.Failed {
			log.Warn("filter failed", "filter", r.Name+"/"+f.Name, "err", f.Err)
		}
	}
}
