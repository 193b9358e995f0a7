//go:build !linux

package writer

// procStart reports an unknown start time: only Linux exposes it cheaply.
// A reused pid may then keep a dead run's dir beside the output until that
// pid ends; it is never removed while its owner lives.
func procStart(int) (string, error) { return "", errNoStart }
