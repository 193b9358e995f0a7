package manifestgen

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
)

// TestGitHubActions runs twice inside a pretend GitHub Actions job (a fake
// GITHUB_STEP_SUMMARY file): the second run has a stale filter, a failed
// one without a manifest and a changed one. Annotations are one line each,
// escaped, without the token the hub echoed; log records are grouped per
// source; the summary file gets a table, the change feed's headline and the
// stale and failed filters with their reasons.
func TestGitHubActions(t *testing.T) {
	const token = "hf_SECRETsecretSECRET"
	var second atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		search := r.URL.Query().Get("search")
		w.Header().Set("Content-Type", "application/json")
		switch {
		case second.Load() && search == "flaky":
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "{\"error\":\"upstream timeout\n::error::injected for %s | <b>bold</b>\"}", token) // a raw newline
			return
		case search == "never":
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"error":"down"}`)
			return
		case second.Load() && search == "steady":
			search = "steady-moved" // other ids, still matching the search (result checks)
		}
		fmt.Fprintf(w, `[{"_id":"x","id":"org/%s-1","tags":[]},{"_id":"y","id":"org/%s-2","tags":[]}]`, search, search)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg, err := config.Parse("actions.yaml", []byte(`
cache: ""
output: `+filepath.Join(dir, "out")+`
sources:
  huggingface:
    endpoint: `+srv.URL+`
    rps: 1000
    retry: {maxAttempts: 1}
    filters:
      - {name: steady, query: {search: steady}, limit: 2}
      - {name: flaky, query: {search: flaky}, limit: 2}
      - {name: never, query: {search: never}, limit: 2}
`))
	if err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(dir, "step-summary.md")
	// Verbose, so that there are per-filter records to group (failures are
	// Debug records; by default the summary collapses them by cause).
	getenv := env("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary, "HF_TOKEN", token, "CI", "true", "MAGEFILE_VERBOSE", "1")
	var log bytes.Buffer
	Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: getenv})
	second.Store(true)
	log.Reset()
	if err := os.WriteFile(summary, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: getenv})
	out := log.String()

	var warnings, errs []string
	for line := range strings.Lines(out) {
		switch {
		case strings.HasPrefix(line, "::warning "):
			warnings = append(warnings, line)
		case strings.HasPrefix(line, "::error "):
			errs = append(errs, line)
		}
	}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], "::warning title=stale filter huggingface/flaky::huggingface/flaky kept its manifest of ") ||
		!strings.Contains(warnings[0], "::error::injected for [REDACTED]") {
		t.Errorf("warnings %q", warnings)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "::error title=failed filter huggingface/never::huggingface/never failed and has no manifest: ") {
		t.Errorf("errors %q", errs)
	}
	if !strings.Contains(out, "::group::log: huggingface\n") || !strings.Contains(out, "::endgroup::\n") {
		t.Errorf("no log group:\n%s", out)
	}
	data, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	md := string(data)
	for _, want := range []string{
		"### manifestgen: live hub, output `",
		"| huggingface | 3 | 1 | 1 | 2 | 2 |",
		"**Change feed** since generation `",
		"2 models added, 2 removed, 0 updated; 2 filters changed (1 turned stale, 0 recovered)",
		"**Stale or failed filters: 2**",
		"| `huggingface/flaky` | stale | 20",
		"injected for \\[REDACTED\\] \\| &lt;b&gt;bold&lt;/b&gt;",
		"| `huggingface/never` | missing | none | ",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary has no %q:\n%s", want, md)
		}
	}
	// (The terminal summary and log are scrubbed at their own exits.)
	if strings.Contains(md+strings.Join(warnings, "")+strings.Join(errs, ""), token) || strings.Contains(md, "<b>") {
		t.Errorf("token or markup leaked:\n%s\n%s", md, out)
	}
}
