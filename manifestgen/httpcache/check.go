package httpcache

import (
	"errors"
	"fmt"
	"os"
)

// Check makes sure Dir can hold entries before any request is made: it
// creates Dir when missing and fails unless Dir is a directory in which
// this process can create, and remove, a file. The error names Dir and
// why. A Transport with an empty Dir needs nothing and passes.
func (t *Transport) Check() error {
	if t.Dir == "" {
		return nil
	}
	if err := os.MkdirAll(t.Dir, 0o700); err != nil {
		return fmt.Errorf("cache dir %s is not usable: %w", t.Dir, err)
	}
	info, err := os.Stat(t.Dir)
	if err != nil {
		return fmt.Errorf("cache dir %s is not usable: %w", t.Dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("cache dir %s is not usable: not a directory", t.Dir)
	}
	// A temporary file's name, so that Prune removes it should the process
	// die before the removal.
	f, err := os.CreateTemp(t.Dir, ".tmp-check-*")
	if err != nil {
		return fmt.Errorf("cache dir %s is not usable: cannot create a file in it: %w", t.Dir, err)
	}
	name := f.Name()
	cerr := f.Close()
	if err := errors.Join(cerr, os.Remove(name)); err != nil {
		return fmt.Errorf("cache dir %s is not usable: %w", t.Dir, err)
	}
	return nil
}
