//go:build !unix && !windows

package writer

import (
	"errors"
	"os"
)

// lockOpenFlags: see openLockFile.
const lockOpenFlags = os.O_RDWR | os.O_CREATE

// tryLock: this OS has no file locks (see Lock).
func tryLock(*os.File) error { return errors.ErrUnsupported }
