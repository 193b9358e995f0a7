//go:build !unix

package redistest

// Freeze needs SIGSTOP, which this system lacks: it panics.
func (s *Server) Freeze() { panic("redistest: Freeze needs SIGSTOP (unix only)") }

// Thaw does nothing: no server can be frozen on this system.
func (s *Server) Thaw() {}
