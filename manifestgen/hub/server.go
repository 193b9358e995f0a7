package hub

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// closeGrace is how long Close lets requests in progress finish before it
// closes their connections.
const closeGrace = 250 * time.Millisecond

// Server is a Hub listening on a loopback port.
type Server struct {
	hub      *Hub
	srv      *http.Server
	url      string
	cancel   context.CancelFunc
	served   chan error
	closeErr error
	once     sync.Once
}

// Start serves a new Hub with opts on 127.0.0.1 at a free port.
func Start(opts Options) (*Server, error) {
	return Listen("127.0.0.1:0", opts)
}

// Listen serves a new Hub with opts at addr, which must be a loopback
// address ("127.0.0.1:8765", "[::1]:0", "localhost:0"): the hub serves
// snapshot data and is never meant to be reachable from other machines.
func Listen(addr string, opts Options) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("hub: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("hub: address %q is not a loopback address", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("hub: listen on %s: %w", addr, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		hub:    New(opts),
		url:    "http://" + ln.Addr().String(),
		cancel: cancel,
		served: make(chan error, 1),
	}
	s.srv = &http.Server{
		Handler:           s.hub,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	go func() { s.served <- s.srv.Serve(ln) }()
	return s, nil
}

// URL returns the base URL, "http://127.0.0.1:PORT", without a trailing
// slash; both APIs live under it.
func (s *Server) URL() string { return s.url }

// Hub returns the served hub, for its Stats.
func (s *Server) Hub() *Hub { return s.hub }

// Close stops serving: it cancels requests in progress (sleeping ones return
// at once), waits for handlers to finish and closes every connection. It
// is safe to call more than once.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.cancel()
		// Handlers return at once once the base context is cancelled, so a
		// short grace period suffices. It matters: Shutdown waits up to 5 s
		// for connections a client opened and abandoned before sending a
		// request (net/http treats StateNew as active), which would delay
		// every cancelled run's exit.
		ctx, stop := context.WithTimeout(context.Background(), closeGrace)
		defer stop()
		if err := s.srv.Shutdown(ctx); err != nil {
			_ = s.srv.Close()
		}
		if err := <-s.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.closeErr = fmt.Errorf("hub: serve: %w", err)
		}
	})
	return s.closeErr
}
