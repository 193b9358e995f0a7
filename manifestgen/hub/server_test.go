package hub

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// client returns an HTTP client whose connections are closed at cleanup.
func client(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func TestServer(t *testing.T) {
	s, err := Start(Options{CivitAI: Faults{ResetRate: 1}, HuggingFace: Faults{TruncateRate: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %q", s.URL())
	}
	c := client(t)

	resp, err := c.Get(s.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" {
		t.Fatalf("healthz %q", body)
	}

	if resp, err := c.Get(s.URL() + "/api/v1/models?limit=1"); err == nil {
		resp.Body.Close()
		t.Fatalf("reset request answered %d", resp.StatusCode)
	}

	resp, err = c.Get(s.URL() + "/api/models?limit=50")
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated body read: %v, want io.ErrUnexpectedEOF", err)
	}
	link := resp.Header.Get("Link")
	if !strings.HasPrefix(link, "<"+s.URL()+"/api/models?") {
		t.Errorf("Link %q does not point back at the server", link)
	}

	st := s.Hub().Stats()
	if st.CivitAI.Resets < 1 || st.HuggingFace.Truncated != 1 {
		t.Errorf("stats %+v", st)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestServerCloseCancelsSlowRequests(t *testing.T) {
	s, err := Start(Options{Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	done := make(chan error, 1)
	go func() {
		resp, err := c.Get(s.URL() + "/api/v1/models?limit=1")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for i := 0; s.Hub().Stats().CivitAI.Requests == 0; i++ {
		if i > 5000 {
			t.Fatal("request never arrived")
		}
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	if err := <-done; err == nil {
		t.Error("request in flight at Close succeeded")
	}
	if st := s.Hub().Stats().CivitAI; st.Canceled != 1 {
		t.Errorf("stats %+v, want the request counted as canceled", st)
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "10.0.0.1:0", "example.com:0", "nonsense"} {
		if s, err := Listen(addr, Options{}); err == nil {
			s.Close()
			t.Errorf("Listen(%q) succeeded; want a loopback-only error", addr)
		}
	}
	s, err := Listen("localhost:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCloseDoesNotWaitForAbandonedConnections: a client that connected and
// never sent a request must not hold Close for net/http's 5 s StateNew grace.
func TestCloseDoesNotWaitForAbandonedConnections(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("Close took %s with an abandoned connection open", took)
	}
}
