package httpcache

import (
	"errors"
	"fmt"
	"os"
)

// errNotRegular marks a path in the cache dir that is not a regular file
// (a FIFO, device, socket, dir or symlink); it is never read.
var errNotRegular = errors.New("not a regular file")

// openEntry opens the entry file at path for reading, but only if it is a
// regular file: it is checked with Lstat before the open, opened without
// following symlinks and without blocking (a FIFO would otherwise hang the
// run until a writer appears), and checked again on the open file.
func openEntry(path string) (*os.File, error) {
	before, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, fmt.Errorf("%w (%s)", errNotRegular, before.Mode().Type())
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, err
	}
	after, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	// A writer may have renamed a new entry into place since the Lstat;
	// that is fine as long as it is a regular file.
	if !after.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w (%s, replaced while opened)", errNotRegular, after.Mode().Type())
	}
	return f, nil
}
