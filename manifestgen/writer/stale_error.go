package writer

import (
	"fmt"
	"strings"
)

// StaleError is returned by Write, together with the published index, when
// the new generation has stale or missing filters and Options.AllowStale is
// false. The generation has been published either way.
type StaleError struct {
	Stale   []string // "source/name" of filters carried over from the previous generation
	Missing []string // "source/name" of filters that have no manifest at all
}

// Error lists the stale and missing filters.
func (e *StaleError) Error() string {
	var parts []string
	if len(e.Stale) > 0 {
		parts = append(parts, fmt.Sprintf("%d stale (%s)", len(e.Stale), strings.Join(e.Stale, ", ")))
	}
	if len(e.Missing) > 0 {
		parts = append(parts, fmt.Sprintf("%d missing (%s)", len(e.Missing), strings.Join(e.Missing, ", ")))
	}
	return "published with failed filters: " + strings.Join(parts, ", ")
}
