//go:build !unix

package writer

import "errors"

func mkfifo(string) error { return errors.ErrUnsupported }
