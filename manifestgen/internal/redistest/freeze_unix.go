//go:build unix

package redistest

import "syscall"

// Freeze stops the server's process (SIGSTOP): it accepts nothing and
// answers nothing, like an overloaded server. Thaw resumes it.
func (s *Server) Freeze() { s.cmd.Process.Signal(syscall.SIGSTOP) }

// Thaw resumes a frozen server.
func (s *Server) Thaw() { s.cmd.Process.Signal(syscall.SIGCONT) }
