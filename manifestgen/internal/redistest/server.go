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
	"sync"
	"testing"
	"time"
)

// ErrNotFound is wrapped by StartServer's error when redis-server is not
// on PATH.
var ErrNotFound = errors.New("redis-server not found")

// Server is a redis-server child process on 127.0.0.1 with no
// persistence.
type Server struct {
	t        *testing.T // set by Start: Restart fails the test
	bin, dir string
	port     int
	password string
	cmd      *exec.Cmd
	exited   chan struct{} // closed when cmd has been waited for
	close    sync.Once
}

// StartServer starts a redis-server without password on a free port of
// 127.0.0.1, its log and working files in dir (which must exist). Close
// stops it. The error wraps ErrNotFound when redis-server is not on PATH.
func StartServer(dir string) (*Server, error) {
	return launch(dir, "")
}

// launch starts a server requiring password (if not empty) in dir, trying
// up to 3 free ports.
func launch(dir, password string) (*Server, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	s := &Server{bin: bin, dir: dir, password: password}
	for range 3 {
		if s.port, err = freePort(); err == nil {
			if err = s.start(); err == nil {
				return s, nil
			}
		}
	}
	return nil, fmt.Errorf("cannot start redis-server: %w", err)
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

// Close stops the server, frozen or not, and waits for its process to end.
// It is safe to call more than once.
func (s *Server) Close() {
	s.close.Do(func() {
		if s.cmd == nil || s.exited == nil {
			return
		}
		select {
		case <-s.exited:
		default:
			s.Thaw()
			s.Kill()
		}
	})
}
