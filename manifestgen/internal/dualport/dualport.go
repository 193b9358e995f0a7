// Package dualport runs, for tests, one loopback port that speaks both TLS
// and plain HTTP: https://127.0.0.1:P and http://127.0.0.1:P reach the same
// handler, as https://h and http://h reach one host. Every request that
// arrives over plain HTTP is recorded, so a test can assert that no token
// (ideally no request at all) ever went out in cleartext.
package dualport

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Server is one port speaking TLS and plain HTTP. Close it (or let the
// test's cleanup do it) before the test ends.
type Server struct {
	HTTPS string // https://host:P
	HTTP  string // http://host:P, the same port

	tls, plain *httptest.Server
	ln         net.Listener
	dispatched sync.WaitGroup

	mu      sync.Mutex
	cleared []Request // requests received over plain HTTP
	pending map[net.Conn]bool
	closed  bool
}

// Request is a request that arrived over plain HTTP.
type Request struct {
	Path          string // the request's path and query
	Authorization string // its Authorization header, "" if none
}

// New starts a Server on addr ("127.0.0.1:0" or "[::1]:0") serving h on both
// schemes; h may tell them apart by r.TLS. It is closed by t's cleanup.
func New(t testing.TB, addr string, h http.Handler) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("dualport: listen on %s: %v", addr, err)
	}
	s := &Server{ln: ln, pending: map[net.Conn]bool{}}
	tlsSide, plainSide := newSide(ln.Addr()), newSide(ln.Addr())

	s.tls = httptest.NewUnstartedServer(h)
	s.tls.Listener.Close()
	s.tls.Listener = tlsSide
	s.tls.StartTLS()

	s.plain = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.cleared = append(s.cleared, Request{Path: r.URL.RequestURI(), Authorization: r.Header.Get("Authorization")})
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	s.plain.Listener.Close()
	s.plain.Listener = plainSide
	s.plain.Start()

	s.HTTPS, s.HTTP = s.tls.URL, s.plain.URL
	s.dispatched.Add(1)
	go s.dispatch(tlsSide, plainSide)
	t.Cleanup(s.Close)
	return s
}

// Client returns an HTTP client that trusts the server's test certificate
// (for any Server of this package: they share httptest's certificate).
func (s *Server) Client() *http.Client { return s.tls.Client() }

// Plain returns the requests that arrived over plain HTTP so far.
func (s *Server) Plain() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.cleared...)
}

// Close stops the port and both servers and waits for them.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for c := range s.pending {
		c.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.dispatched.Wait()
	s.tls.Close()
	s.plain.Close()
}

// dispatch accepts connections and hands each to the TLS side when its
// first byte is a TLS handshake record (0x16), else to the plain side.
func (s *Server) dispatch(tlsSide, plainSide *side) {
	defer s.dispatched.Done()
	var sniffing sync.WaitGroup
	defer func() {
		sniffing.Wait()
		tlsSide.Close()
		plainSide.Close()
	}()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.pending[c] = true
		s.mu.Unlock()
		sniffing.Add(1)
		go func() {
			defer sniffing.Done()
			br := bufio.NewReader(c)
			_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
			first, err := br.Peek(1)
			_ = c.SetReadDeadline(time.Time{})
			s.mu.Lock()
			delete(s.pending, c)
			closed := s.closed
			s.mu.Unlock()
			if err != nil || closed {
				c.Close()
				return
			}
			to := plainSide
			if first[0] == 0x16 {
				to = tlsSide
			}
			to.hand(&peeked{Conn: c, r: br})
		}()
	}
}

// peeked is a connection whose first bytes were read into r.
type peeked struct {
	net.Conn
	r *bufio.Reader
}

func (p *peeked) Read(b []byte) (int, error) { return p.r.Read(b) }

// side is a net.Listener fed by dispatch.
type side struct {
	addr  net.Addr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newSide(addr net.Addr) *side {
	return &side{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
}

// hand passes c to Accept, or closes it when the side is closed.
func (s *side) hand(c net.Conn) {
	select {
	case s.conns <- c:
	case <-s.done:
		c.Close()
	}
}

func (s *side) Accept() (net.Conn, error) {
	select {
	case c := <-s.conns:
		return c, nil
	case <-s.done:
		return nil, net.ErrClosed
	}
}

func (s *side) Close() error {
	s.once.Do(func() { close(s.done) })
	return nil
}

func (s *side) Addr() net.Addr { return s.addr }
