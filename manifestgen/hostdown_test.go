package manifestgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
)

// TestUnreachableHostFailsFast: against a host nothing listens on, only
// the filters in flight spend their retries; the others fail at once with
// the same cause (one summary line). A host that answers, even with errors
// only, is never given up on: every filter spends its own retries.
func TestUnreachableHostFailsFast(t *testing.T) {
	const filters, concurrency, attempts = 10, 2, 3
	answering := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer answering.Close()
	for _, tt := range []struct {
		name, endpoint string
		maxRequests    int
		wantLine       string
	}{
		{"refused", "http://" + closedAddr(t), concurrency * attempts, "connection refused (all 10 huggingface filters)"},
		{"answering 503", answering.URL, filters * attempts, "503 Service Unavailable (retries exhausted) (all 10 huggingface filters)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var fs strings.Builder
			for i := range filters {
				fmt.Fprintf(&fs, "      - {name: f%d, query: {search: q%d}, limit: 3}\n", i, i)
			}
			cfg, err := config.Parse("down.yaml", []byte(fmt.Sprintf(`
cache: ""
output: %s
sources:
  huggingface:
    endpoint: %s
    concurrency: %d
    rps: 1000
    burst: 10
    retry: {maxAttempts: %d, baseDelay: 1ms, maxDelay: 2ms}
    filters:
%s`, filepath.Join(dir, "out"), tt.endpoint, concurrency, attempts, fs.String())))
			if err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			sum, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: env()})
			var fe *FailedError
			if !errors.As(err, &fe) || !fe.NothingPublished {
				t.Fatalf("err = %v, want nothing published\n%s", err, log.String())
			}
			s := sum.Sources[0]
			if len(s.Failed) != filters || s.Requests > tt.maxRequests || tt.name != "refused" && s.Requests != tt.maxRequests {
				t.Errorf("%d failed filters, %d requests; want %d failed, at most %d requests", len(s.Failed), s.Requests, filters, tt.maxRequests)
			}
			if n := strings.Count(log.String(), "FAILED "); n != 1 || !strings.Contains(log.String(), tt.wantLine) {
				t.Errorf("%d FAILED lines, want one with %q:\n%s", n, tt.wantLine, log.String())
			}
		})
	}
}
