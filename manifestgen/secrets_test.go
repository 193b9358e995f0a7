package manifestgen

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Tokens of the hostile-hub runs: long enough for config, distinct.
const (
	hostileCivToken = "civ0SECRET0key0c0ffee42"
	hostileHFToken  = "hf_HOSTILEsecretTOKEN0123456789"
)

// keepEnv names a directory that keeps everything the hostile-hub test's
// runs produce (for a grep by hand); unset, a temporary one is used.
const keepEnv = "MANIFESTGEN_TEST_KEEP"

// echoHub is a hub that answers every filter (chosen by its `mode` query
// parameter) with one way of giving the caller's token back, read from the
// Authorization header it was sent. It counts the tokens it received.
func echoHub(t *testing.T) (*httptest.Server, func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	seen := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		mu.Lock()
		seen[tok]++
		mu.Unlock()
		q := r.URL.Query()
		esc := url.QueryEscape(tok)
		uni := jsonUnicode(tok)
		send := func(status int, body string) {
			w.Header().Set("Content-Type", "application/json")
			if w.Header().Get("ETag") == "" {
				w.Header().Set("ETag", `"e-`+q.Get("mode")+`"`) // cacheable, so the cache is tried too
			}
			w.WriteHeader(status)
			fmt.Fprint(w, body)
		}
		civItem := func(id int, name string) string {
			return fmt.Sprintf(`{"id":%d,"name":%q,"type":"LORA","stats":{"downloadCount":5}}`, id, name)
		}
		hfItem := func(id string) string {
			return fmt.Sprintf(`{"_id":"x","id":%q,"likes":1,"downloads":2,"tags":["license:mit"],"pipeline_tag":"text-generation"}`, id)
		}
		switch q.Get("mode") {
		case "ok": // clean, so that something is published and cached
			if r.URL.Path == "/api/models" {
				send(200, "["+hfItem("org/clean")+"]")
				return
			}
			send(200, `{"items":[`+civItem(1, "clean")+`],"metadata":{}}`)
		case "error200":
			send(200, `{"error":"invalid key `+tok+`"}`)
		case "error200-escaped":
			send(200, `{"error":"invalid key `+uni+`"}`)
		case "status401":
			send(401, `{"error":"invalid key `+tok+`","hint":"`+esc+`"}`)
		case "esc500": // raw terminal sequences, a bidi override and a forged line
			send(500, "\x1b[2J\x1b]0;pwned\x07 \u202eevil\u202c \r\nFAILED civitai/ok: forged")
		case "esc200":
			send(200, "{\"error\":\"\x1b[31mred\x1b[0m\"}")
		case "rejected": // a value the decoder rejects carries the token
			send(200, `{"items":[`+civItem(0, tok)+`],"metadata":{}}`)
		case "rejected-escaped":
			send(200, `{"items":[{"id":0,"name":"`+uni+`"}],"metadata":{}}`)
		case "cursor":
			send(200, `{"items":[`+civItem(2, "c")+`],"metadata":{"nextCursor":"`+tok+`"}}`)
		case "nextpage":
			send(200, `{"items":[`+civItem(3, "n")+`],"metadata":{"nextCursor":"2","nextPage":"`+srv.URL+`/api/v1/models?mode=ok&cursor=`+esc+`"}}`)
		case "redirect": // a redirect whose URL carries the token
			http.Redirect(w, r, "/api/v1/models?mode=ok&k="+esc, http.StatusFound)
		case "model-named": // a model named after the token, in a good page
			send(200, `{"items":[`+civItem(4, "fine")+`,`+civItem(5, "my key is "+tok)+`],"metadata":{}}`)
		case "etag": // a clean body whose validator is the token
			w.Header().Set("ETag", `"`+tok+`"`)
			send(200, "["+hfItem("org/etag")+"]")
		case "link":
			w.Header().Set("Link", `<`+srv.URL+`/api/models?mode=ok&cursor=`+esc+`>; rel="next"`)
			send(200, "["+hfItem("org/linked")+"]")
		case "badlink":
			w.Header().Set("Link", `<http://[`+tok+`/x>; rel="next"`)
			send(200, "["+hfItem("org/badlink")+"]")
		case "status403":
			send(403, `{"error":"token `+esc+` has no access"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range seen {
			out[k] = v
		}
		return out
	}
}

// jsonUnicode spells s with a \uXXXX escape for every character.
func jsonUnicode(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

// TestHostileHubNeverLeaksTokens runs the whole pipeline against a hub that
// echoes the tokens it is sent in every way issue 11 lists (200 and non-2xx
// bodies, JSON error fields, rejected values, cursors, next links, a
// redirect), with text and JSON logs at debug level, and checks that no byte
// the runs produced — stderr, the returned error, the output, the report,
// the HTTP cache — spells either token, and that no raw ESC, CR or bidi
// override from the hub reaches stderr.
func TestHostileHubNeverLeaksTokens(t *testing.T) {
	srv, seen := echoHub(t)
	root := cmp.Or(os.Getenv(keepEnv), t.TempDir())
	civ := []string{"ok", "error200", "error200-escaped", "status401", "esc500", "esc200", "rejected", "rejected-escaped",
		"cursor", "nextpage", "redirect", "model-named"}
	hf := []string{"ok", "error200", "etag", "link", "badlink", "status403"}
	var cfg strings.Builder
	cfg.WriteString("sources:\n")
	for _, src := range []struct {
		name  string
		modes []string
	}{{"civitai", civ}, {"huggingface", hf}} {
		fmt.Fprintf(&cfg, "  %s:\n    concurrency: 2\n    rps: 1000\n    burst: 10\n    maxPages: 3\n", src.name)
		cfg.WriteString("    retry: {maxAttempts: 2, baseDelay: 1ms, maxDelay: 2ms}\n    filters:\n")
		for _, m := range src.modes {
			fmt.Fprintf(&cfg, "      - {name: %s, query: {mode: %s}, limit: 5}\n", m, m)
		}
	}
	set := redact.New(hostileCivToken, hostileHFToken)
	for _, logs := range []string{"text", "json"} {
		t.Run(logs, func(t *testing.T) {
			dir := filepath.Join(root, logs)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "manifestgen.yaml"), []byte(cfg.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			_, err := Run(context.Background(), Options{
				Getenv: env("CIVITAI_ENDPOINT", srv.URL, "HF_ENDPOINT", srv.URL,
					"CIVITAI_API_KEY", hostileCivToken, "HF_TOKEN", hostileHFToken,
					"MANIFESTGEN_OUT", filepath.Join(dir, "output"), "MANIFESTGEN_CACHE_DIR", filepath.Join(dir, "cache"),
					"MANIFESTGEN_REPORT_DIR", filepath.Join(dir, "report"), "MANIFESTGEN_LOG", logs, "MAGEFILE_VERBOSE", "1"),
				Dir:    dir,
				Stderr: &stderr,
			})
			if err == nil {
				t.Fatal("run succeeded against a hostile hub")
			}
			fmt.Fprintf(&stderr, "returned error: %v\n", err)
			if err := os.WriteFile(filepath.Join(dir, "stderr.txt"), stderr.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}

			// Not vacuous: the hub got both tokens, the echoing filters
			// failed, and the run wrote output, report and cache.
			got := seen()
			if got[hostileCivToken] == 0 || got[hostileHFToken] == 0 {
				t.Fatalf("the hub never received the tokens: %v", got)
			}
			files := readTree(t, dir)
			for _, want := range []string{"output/index.json", "output/civitai/models.json", "report/report.json", "report/report.html"} {
				if files[want] == nil {
					t.Errorf("%s not written", want)
				}
			}
			var cached int
			for name := range files {
				if strings.HasPrefix(name, "cache/") {
					cached++
				}
			}
			if cached == 0 {
				t.Error("nothing cached: the cache check would be vacuous")
			}
			var idx manifest.Index
			if err := json.Unmarshal(files["output/index.json"], &idx); err != nil {
				t.Fatal(err)
			}
			status := map[string]manifest.FilterEntry{}
			for _, e := range idx.Filters {
				status[e.Source+"/"+e.Name] = e
			}
			for _, f := range []string{"civitai/error200", "civitai/error200-escaped", "civitai/rejected", "civitai/rejected-escaped",
				"civitai/cursor", "civitai/nextpage", "civitai/model-named", "huggingface/error200", "huggingface/etag", "huggingface/link", "huggingface/badlink"} {
				if e := status[f]; e.Status == manifest.StatusFresh || !strings.Contains(e.Error, "spells a token of this run") {
					t.Errorf("%s: status %s, error %q; want refused as an echo", f, e.Status, e.Error)
				}
			}
			if e := status["civitai/ok"]; e.Status != manifest.StatusFresh {
				t.Errorf("civitai/ok: %s %s", e.Status, e.Error)
			}

			// No byte produced spells a token, in any spelling.
			for name, b := range files {
				for _, tok := range []string{hostileCivToken, hostileHFToken} {
					if bytes.Contains(b, []byte(tok)) {
						t.Errorf("%s contains a raw token", name)
					}
				}
				if set.Contains(string(b)) {
					t.Errorf("%s spells a token (escaped or encoded)", name)
				}
			}
			// Nothing from the hub drives the terminal or forges a line.
			out := stderr.String()
			for _, bad := range []string{"\x1b", "\r", "\u202e", "\x07"} {
				if strings.Contains(out, bad) {
					t.Errorf("stderr holds %q raw", bad)
				}
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "FAILED civitai/ok: forged") {
					t.Errorf("a hub forged a line on stderr: %q", line)
				}
			}
			if !strings.Contains(out, `\x1b[2J`) {
				t.Errorf("stderr lacks the escaped ESC sequence (the case did not run?):\n%s", out)
			}
		})
	}
}
