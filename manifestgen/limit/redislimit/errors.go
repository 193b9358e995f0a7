package redislimit

import (
	"fmt"
	"time"
)

// UnavailableError is returned under FailClosed when Redis does not answer
// within Options.Timeout. It names the address, never the password.
type UnavailableError struct {
	Addr    string        // Redis address
	Host    string        // host whose shared limit was asked for
	Op      string        // "rate", "read pause" or "store pause"
	Timeout time.Duration // per-call timeout
	Err     error         // the client's error
}

// Error says which Redis failed and why.
func (e *UnavailableError) Error() string {
	return fmt.Sprintf("redis at %s unavailable (%s for %s, timeout %v): %v", e.Addr, e.Op, e.Host, e.Timeout, e.Err)
}

// Unwrap returns the client's error.
func (e *UnavailableError) Unwrap() error { return e.Err }
