package writer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// recheck fails unless the staging dir holds exactly the files of written
// (slash-separated paths), each a regular file of the length written, and
// nothing else but their dirs. Write runs it under the lock right before
// the swap, after verification, so that a generation changed on disk since
// it was verified (a file removed or added by anything outside this run) is
// not published. It reads no file contents: those were verified from
// written, and a file altered in place but kept at its length is beyond it.
func recheck(staging string, written map[string][]byte) error {
	root, err := os.OpenRoot(staging)
	if err != nil {
		return fmt.Errorf("recheck: %w", err)
	}
	defer root.Close()
	var problems []string
	seen := 0
	err = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, ok := written[rel]
		if !ok {
			problems = append(problems, rel+" appeared")
			return nil
		}
		seen++
		info, err := d.Info()
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", rel, err))
		case !info.Mode().IsRegular():
			problems = append(problems, rel+" is no longer a regular file")
		case info.Size() != int64(len(data)):
			problems = append(problems, fmt.Sprintf("%s is %d bytes, %d were written", rel, info.Size(), len(data)))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("staged generation changed after verification: %w", err)
	}
	if seen < len(written) {
		for rel := range written {
			if _, err := root.Lstat(filepath.FromSlash(rel)); err != nil {
				problems = append(problems, rel+" vanished")
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	more := ""
	if len(problems) > maxForeignListed {
		more = fmt.Sprintf(" and %d more", len(problems)-maxForeignListed)
		problems = problems[:maxForeignListed]
	}
	return fmt.Errorf("staged generation changed after verification: %s%s", strings.Join(problems, ", "), more)
}
