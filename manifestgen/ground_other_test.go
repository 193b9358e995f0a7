//go:build !unix

package manifestgen

func mkfifo(string) error { return errSkip }
