// Package redistest runs a real redis-server on 127.0.0.1 for tests
// (Start) and for the benchmark (StartServer).
package redistest

import (
	"os"
	"testing"
)

// Start starts a redis-server on a free port, requiring password if it
// is not empty, and stops it when the test ends. It skips the test when
// redis-server cannot be found or started, unless CI is "true": there it
// fails.
func Start(t *testing.T, password string) *Server {
	t.Helper()
	s, err := launch(t.TempDir(), password)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v (CI=true: redis-server is required; apt-get install redis-server)", err)
		}
		t.Skipf("%v; skipping (apt-get install redis-server to run it)", err)
	}
	s.t = t
	t.Cleanup(s.Close)
	return s
}

// Restart starts a new, empty server on the same port after Kill. Only
// for a server from Start: it fails the test when the server does not
// come up.
func (s *Server) Restart() {
	if s.t == nil {
		panic("redistest: Restart of a server not started by Start")
	}
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatalf("restart: %v", err)
	}
}
