//go:build !unix && !windows

package writer

import (
	"errors"
	"os"
)

// tryLock: this OS has no file locks (see Lock).
func tryLock(*os.File) error { return errors.ErrUnsupported }
