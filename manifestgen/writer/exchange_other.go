//go:build !linux && !darwin

package writer

import (
	"errors"
	"fmt"
)

// exchangePaths reports errors.ErrUnsupported: only Linux and macOS have
// an atomic exchange of two directory entries, so other systems publish
// with the two-rename fallback.
func exchangePaths(a, b string) error {
	return fmt.Errorf("exchange %s %s: %w", a, b, errors.ErrUnsupported)
}
