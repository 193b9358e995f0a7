package writer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrForeign is wrapped by the errors of Write and Clean when the output dir
// holds files or dirs manifestgen did not write; nothing is removed then.
var ErrForeign = errors.New("holds files manifestgen did not write")

// The layout Write produces, relative to the output dir.
var (
	layoutFile = regexp.MustCompile(`^(index\.json|changes\.json|[a-z0-9][a-z0-9_-]*/(models|seen)\.json|[a-z0-9][a-z0-9_-]*/filters/[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*\.json)$`)
	layoutDir  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(/filters(/[a-z0-9][a-z0-9._-]*)*)?$`)
)

// maxForeignListed bounds how many foreign names an error lists.
const maxForeignListed = 5

// checkLayout fails with ErrForeign unless every entry below dir is a
// regular file or dir that Write could have produced (by path shape alone,
// so a generation whose index is corrupt still qualifies). Write runs it
// before it replaces, and so removes, an existing dir.
func checkLayout(dir string) error {
	return checkTree(dir, func(rel string, d fs.DirEntry) bool {
		if d.IsDir() {
			return layoutDir.MatchString(rel)
		}
		return d.Type().IsRegular() && layoutFile.MatchString(rel)
	})
}

// checkTree walks dir and fails with ErrForeign, naming the first few
// offenders, when ours reports false for an entry.
func checkTree(dir string, ours func(rel string, d fs.DirEntry) bool) error {
	var foreign []string
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	err = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		if !ours(rel, d) {
			foreign = append(foreign, rel)
			if d.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	if len(foreign) == 0 {
		return nil
	}
	more := ""
	if len(foreign) > maxForeignListed {
		more = fmt.Sprintf(" and %d more", len(foreign)-maxForeignListed)
		foreign = foreign[:maxForeignListed]
	}
	return fmt.Errorf("%s %w: %s%s", dir, ErrForeign, strings.Join(foreign, ", "), more)
}

// checkIsDir fails unless path is a real directory (not a symlink to one).
func checkIsDir(path string, info fs.FileInfo) error {
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symlink; point manifestgen at %s's target", path, filepath.Base(path))
	case !info.IsDir():
		return fmt.Errorf("%s is not a directory", path)
	}
	return nil
}
