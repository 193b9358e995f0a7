package manifestgen

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// badHub serves /api/models answering per `search` value with one kind of
// bad response, and a good one for "ok".
func badHub(t *testing.T) *httptest.Server {
	t.Helper()
	item := func(id string) string {
		return fmt.Sprintf(`{"_id":"x","id":%q,"likes":1,"downloads":2,"tags":["license:mit"],"pipeline_tag":"text-generation"}`, id)
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		cursor := q.Get("cursor")
		next := func(c string) {
			u := *r.URL
			v := u.Query()
			v.Set("cursor", c)
			u.RawQuery = v.Encode()
			w.Header().Set("Link", fmt.Sprintf("<%s%s>; rel=\"next\"", srv.URL, u.RequestURI()))
		}
		json := func(body string) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
		}
		switch q.Get("search") {
		case "ok":
			json("[" + item("org/ok-1") + "," + item("org/ok-2") + "]")
		case "html":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={}</script></body></html>`)
		case "truncated":
			json(`[` + item("org/a") + `,{"_id":"y","id":"org/b","lik`)
		case "shape":
			json(`{"models":[` + item("org/a") + `]}`)
		case "big":
			json("[" + strings.Repeat(item("org/big")+",", 2000) + item("org/end") + "]")
		case "loop":
			next("same")
			json("[" + item("org/loop-"+cursor) + "]")
		case "endless": // new cursors forever, two models by turns: no page repeats the one before
			next(cursor + "x")
			json("[" + item(fmt.Sprintf("org/endless-%d", len(cursor)%2)) + "]")
		case "repeat": // new cursors forever, the same model on every page
			next(cursor + "x")
			json("[" + item("org/repeat") + "]")
		case "dupes":
			if cursor == "" {
				next("2")
				json("[" + item("org/dupes-1") + "," + item("org/dupes-2") + "]")
			} else {
				json("[" + item("org/dupes-2") + "," + item("org/dupes-3") + "]")
			}
		case "error":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"Invalid sort parameter"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestBadResponsesFailPerFilter: every kind of bad hub answer fails its own
// filter with an error naming the filter, the URL (without secrets) and the
// cause; the good filter completes, no empty manifest is written.
func TestBadResponsesFailPerFilter(t *testing.T) {
	srv := badHub(t)
	dir := t.TempDir()
	names := []string{"ok", "html", "truncated", "shape", "big", "loop", "endless", "repeat", "dupes", "error"}
	var filters strings.Builder
	for _, n := range names {
		fmt.Fprintf(&filters, "      - {name: %s, query: {search: %s}, limit: 3}\n", n, n)
	}
	cfg, err := config.Parse("bad.yaml", []byte(`
cache: ""
output: `+filepath.Join(dir, "out")+`
sources:
  huggingface:
    endpoint: `+srv.URL+`
    concurrency: 2
    rps: 1000
    burst: 10
    pageSize: 1
    maxPages: 5
    maxBody: 64KiB
    retry: {maxAttempts: 2, baseDelay: 1ms, maxDelay: 2ms}
    filters:
`+filters.String()))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Sources[0].Token = "hf_SECRET_TOKEN_123"
	var log bytes.Buffer
	sum, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: env()})
	var fe *FailedError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want *FailedError", err)
	}
	want := map[string]string{ // filter -> the cause its error must name
		"html":      "text/html",
		"truncated": "expected JSON array of models: invalid JSON: unexpected end at offset",
		"shape":     "expected JSON array of models: got an object",
		"big":       "65536",
		"loop":      "pagination loops",
		"endless":   "did not end within 5 pages",
		"error":     `400 Bad Request: {"error":"Invalid sort parameter"}`,
	}
	got := map[string]string{}
	for _, f := range sum.Sources[0].Failed {
		got[f.Name] = f.Err.Error()
	}
	var table strings.Builder
	for _, n := range names {
		msg, failed := got[n]
		cause, mustFail := want[n]
		switch {
		case mustFail && !failed:
			t.Errorf("%s: did not fail", n)
		case !mustFail && failed:
			t.Errorf("%s: failed: %s", n, msg)
		case failed:
			for _, part := range []string{`huggingface filter "` + n + `"`, srv.URL + "/api/models?", cause} {
				if !strings.Contains(msg, part) {
					t.Errorf("%s: error lacks %q:\n%s", n, part, msg)
				}
			}
		}
		fmt.Fprintf(&table, "| %s | %s |\n", n, cmp.Or(msg, "ok"))
	}
	t.Logf("bad responses and the errors they produced:\n%s", table.String())
	for _, e := range sum.Index.Filters {
		if _, bad := want[e.Name]; bad && (e.Status != manifest.StatusMissing || e.File != "") {
			t.Errorf("%s: %s with file %q; a failed filter without a previous manifest must be missing, no file", e.Name, e.Status, e.File)
		}
		if e.Name == "dupes" && (e.Status != manifest.StatusFresh || e.Count != 3 || e.Checks.Duplicates != 1) {
			t.Errorf("dupes: %s count %d, checks %+v; want fresh with 3 distinct ids and 1 duplicate", e.Status, e.Count, e.Checks)
		}
		if e.Name == "repeat" && (e.Status != manifest.StatusFresh || e.Count != 1 || !e.Checks.RepeatedPage) {
			t.Errorf("repeat: %s count %d, checks %+v; want fresh with 1 id, the repeated page reported", e.Status, e.Count, e.Checks)
		}
	}
	for _, line := range []string{"CHECKS huggingface/dupes: 1 duplicate across pages\n", "CHECKS huggingface/repeat: a page repeated the previous page\n"} {
		if !strings.Contains(log.String(), line) {
			t.Errorf("summary lacks %q:\n%s", line, log.String())
		}
	}
	if strings.Contains(log.String()+err.Error()+table.String(), "hf_SECRET_TOKEN_123") {
		t.Error("the token leaked into the log or errors")
	}
}

// TestFailedFilterKeepsPreviousAsStale: a whole run in which one filter
// fails after a good run keeps that filter's previous manifest as stale,
// names the filter and reason, and exits with an error; the summary counts it.
func TestFailedFilterKeepsPreviousAsStale(t *testing.T) {
	var broken atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		search := r.URL.Query().Get("search")
		if broken.Load() && search == "flaky" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"error":"upstream timeout"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `[{"_id":"x","id":"org/%s-1","tags":["license:mit"]},{"_id":"y","id":"org/%s-2","tags":[]}]`, search, search)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg, err := config.Parse("stale.yaml", []byte(`
cache: ""
output: `+filepath.Join(dir, "out")+`
sources:
  huggingface:
    endpoint: `+srv.URL+`
    rps: 1000
    retry: {maxAttempts: 2, baseDelay: 1ms, maxDelay: 2ms}
    filters:
      - {name: steady, query: {search: steady}, limit: 2}
      - {name: flaky, query: {search: flaky}, limit: 2}
`))
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if _, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: env()}); err != nil {
		t.Fatalf("first run: %v\n%s", err, log.String())
	}
	first := readTree(t, filepath.Join(dir, "out"))

	broken.Store(true)
	log.Reset()
	sum, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: env()})
	var fe *FailedError
	if !errors.As(err, &fe) || len(fe.Filters) != 1 || fe.Filters[0] != "huggingface/flaky" {
		t.Fatalf("err = %v, want a FailedError naming huggingface/flaky", err)
	}
	if !strings.Contains(log.String(), "FAILED "+strings.TrimPrefix(srv.URL, "http://")+": 503 Service Unavailable (retries exhausted) (1 of 2 huggingface filters: flaky)") ||
		!strings.Contains(flakyError(sum), `giving up after 2 attempts: 503 Service Unavailable: {"error":"upstream timeout"}`) {
		t.Errorf("summary does not name the filter and reason:\n%s", log.String())
	}
	var flaky manifest.FilterEntry
	for _, e := range sum.Index.Filters {
		if e.Name == "flaky" {
			flaky = e
		}
	}
	if flaky.Status != manifest.StatusStale || flaky.Count != 2 || !strings.Contains(flaky.Error, "503") {
		t.Errorf("flaky entry %+v, want stale with its 2 previous ids and the 503 reason", flaky)
	}
	second := readTree(t, filepath.Join(dir, "out"))
	if !bytes.Equal(first["huggingface/filters/flaky.json"], second["huggingface/filters/flaky.json"]) {
		t.Error("the previous manifest was not carried over unchanged")
	}
	if !strings.Contains(string(second["huggingface/models.json"]), "org/flaky-1") {
		t.Error("the stale manifest's models left models.json")
	}
}

// flakyError is the error of the flaky filter in the published index.
func flakyError(sum *Summary) string {
	for _, e := range sum.Index.Filters {
		if e.Name == "flaky" {
			return e.Error
		}
	}
	return ""
}
