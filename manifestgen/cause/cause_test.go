package cause

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/limit/redislimit"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// realErr returns the transport error a GET of u produces, as fetch keeps
// it (without the *url.Error around it).
func realErr(t *testing.T, u string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("GET %s succeeded", u)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// filterErr wraps a fetch error as the pipeline does.
func filterErr(fe *fetch.Error) error {
	return fmt.Errorf("huggingface filter %q: huggingface: %w", "x", fe)
}

func TestOf(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the client's refused handshake
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	plainHost := plain.Listener.Addr().String()

	tests := []struct {
		name        string
		err         error
		host, text  string
		unreachable bool
	}{
		{"refused (real)", filterErr(&fetch.Error{URL: "http://" + closed + "/api/models?x=1", Attempts: 5, Exhausted: true,
			Err: realErr(t, "http://"+closed+"/")}), closed, "connection refused", true},
		{"https to a plain http server (real)", filterErr(&fetch.Error{URL: "https://" + plainHost + "/api/models",
			Err: realErr(t, "https://"+plainHost+"/")}), plainHost, "http: server gave HTTP response to HTTPS client", false},
		{"unknown authority (real)", filterErr(&fetch.Error{URL: tlsSrv.URL + "/api/models",
			Err: realErr(t, tlsSrv.URL+"/")}), tlsSrv.Listener.Addr().String(), "TLS: certificate signed by an unknown authority", false},
		{"DNS", filterErr(&fetch.Error{URL: "https://hf.example/api/models?a=b",
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "hf.example", IsNotFound: true}}}),
			"hf.example", "DNS lookup failed: no such host", true},
		{"DNS timeout", filterErr(&fetch.Error{URL: "https://civitai.example/api/v1/models",
			Err: &net.DNSError{Err: "i/o timeout", Name: "civitai.example", IsTimeout: true}}), "civitai.example", "DNS lookup timed out", true},
		{"429 exhausted", filterErr(&fetch.Error{URL: "https://hf.example/api/models?p=1", Status: 429, Attempts: 5, Exhausted: true,
			Body: "slow down"}), "hf.example", "429 Too Many Requests (retries exhausted)", false},
		{"400 once", filterErr(&fetch.Error{URL: "https://hf.example/api/models?sort=x", Status: 400, Attempts: 1,
			Body: `{"error":"Invalid sort"}`}), "hf.example", "400 Bad Request", false},
		{"shared limiter down", filterErr(&fetch.Error{URL: "https://hf.example/api/models",
			Err: fmt.Errorf("limiter: %w", &redislimit.UnavailableError{Addr: "127.0.0.1:6379", Host: "hf.example", Op: "rate",
				Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}})}),
			"127.0.0.1:6379", "shared limiter unavailable (redis, fail: closed)", false},
		{"server wait", filterErr(&fetch.Error{URL: "https://hf.example/api/models",
			Err: &fetch.ServerWaitError{Wait: 301 * time.Second, Why: "RateLimit", Max: time.Minute}}),
			"hf.example", "server asked to wait longer than maxServerWait 1m0s", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := Of(tt.err)
			if !ok || c.Host != tt.host || c.Text != tt.text || c.Unreachable != tt.unreachable {
				t.Errorf("Of(%v)\n = %+v, %v\nwant host %q text %q unreachable %v", tt.err, c, ok, tt.host, tt.text, tt.unreachable)
			}
		})
	}

	// Two filters failing the same way have one cause; the URL never
	// enters it.
	a, _ := Of(filterErr(&fetch.Error{URL: "https://h.test/api/models?a=1", Status: 503, Attempts: 5, Exhausted: true, Body: "x"}))
	b, _ := Of(filterErr(&fetch.Error{URL: "https://h.test/api/models?b=2", Status: 503, Attempts: 5, Exhausted: true, Body: "y"}))
	if a != b {
		t.Errorf("same cause, two values: %+v, %+v", a, b)
	}

	// A failure of the filter's own has no host-level cause.
	if c, ok := Of(errors.New(`huggingface filter "x": pagination loops`)); ok {
		t.Errorf("Of(a filter's own error) = %+v, true", c)
	}
}
