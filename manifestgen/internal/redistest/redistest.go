// Package redistest runs a real redis-server on 127.0.0.1 for tests.
package redistest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Server is a redis-server child process on 127.0.0.1 with no
// persistence, stopped when the test ends.
type Server struct {
	t        *testing.T
	bin, dir string
	port     int
	password string
	cmd      *exec.Cmd
	exited   chan struct{} // closed when cmd has been waited for
}

// Start starts a redis-server on a free port, requiring password if it
// is not empty. It skips the test when redis-server cannot be found or
// started, unless CI is "true": there it fails.
func Start(t *testing.T, password string) *Server {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: redis-server is required; apt-get install redis-server)", msg)
		}
		t.Skipf("%s; skipping (apt-get install redis-server to run it)", msg)
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		unavailable("redis-server not found: %v", err)
	}
	s := &Server{t: t, bin: bin, dir: t.TempDir(), password: password}
	t.Cleanup(s.stop)
	for try := 0; ; try++ {
		if s.port, err = freePort(); err == nil {
			if err = s.start(); err == nil {
				return s
			}
		}
		if try == 2 {
			unavailable("cannot start redis-server: %v", err)
		}
	}
}

// freePort returns a port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start runs redis-server on s.port and waits until it answers.
func (s *Server) start() error {
	args := []string{"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", s.dir, "--logfile", filepath.Join(s.dir, "redis.log")}
	if s.password != "" {
		args = append(args, "--requirepass", s.password)
	}
	s.cmd = exec.Command(s.bin, args...)
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) {
		cmd.Wait()
		close(exited)
	}(s.cmd, s.exited)
	deadline := time.Now().Add(5 * time.Second)
	for {
		select {
		case <-s.exited:
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			return fmt.Errorf("redis-server exited: %s", log)
		default:
		}
		if err := ping(s.Addr()); err == nil {
			return nil
		} else if time.Now().After(deadline) {
			s.Kill()
			return fmt.Errorf("redis-server on %s does not answer: %w", s.Addr(), err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ping sends an inline PING and reads one reply line (NOAUTH counts: the
// server is up).
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line == "" || (line[0] != '+' && line[0] != '-') {
		return errors.New("unexpected reply " + strconv.Quote(line))
	}
	return nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// URL is the server's redis:// URL, password included.
func (s *Server) URL() string {
	u := url.URL{Scheme: "redis", Host: s.Addr()}
	if s.password != "" {
		u.User = url.UserPassword("", s.password)
	}
	return u.String()
}

// Kill stops the server at once (SIGKILL), as a crash would.
func (s *Server) Kill() {
	s.cmd.Process.Kill()
	<-s.exited
}

// Freeze stops the server's process (SIGSTOP): it accepts nothing and
// answers nothing, like an overloaded server. Thaw resumes it.
func (s *Server) Freeze() { s.cmd.Process.Signal(syscall.SIGSTOP) }

// Thaw resumes a frozen server.
func (s *Server) Thaw() { s.cmd.Process.Signal(syscall.SIGCONT) }

// Restart starts a new, empty server on the same port after Kill.
func (s *Server) Restart() {
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatalf("restart: %v", err)
	}
}

// stop ends the server when the test ends.
func (s *Server) stop() {
	if s.cmd == nil || s.exited == nil {
		return
	}
	select {
	case <-s.exited:
	default:
		s.Thaw()
		s.Kill()
	}
}
