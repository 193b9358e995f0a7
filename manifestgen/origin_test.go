package manifestgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/internal/dualport"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestOriginsEndToEnd runs Generate against an https Hugging Face endpoint
// whose filters are led elsewhere: a Link to an allowed mirror (followed,
// without the token), a Link to plain http on the same host and port, a
// Link to another port, and a redirect to plain http. The refused filters
// fail with errors naming both origins and are published as missing, not
// fresh; nothing ever arrives over plain http; only the endpoint's origin
// sees the token; the token is in no error, log line or output file.
func TestOriginsEndToEnd(t *testing.T) {
	const token = "hf_ORIGINe2eSECRET"
	var (
		mu                  sync.Mutex
		auth                = map[string][]string{} // r.Host -> Authorization of each request
		home, mirror, other *dualport.Server
	)
	hub := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth[r.Host] = append(auth[r.Host], r.Header.Get("Authorization"))
		mu.Unlock()
		q := r.URL.Query()
		search, cursor := q.Get("search"), q.Get("cursor")
		next := func(base string) string {
			v := url.Values{"search": {search}, "cursor": {"2"}}
			return "<" + base + "/api/models?" + v.Encode() + `>; rel="next"`
		}
		if cursor == "" {
			switch search {
			case "mirror":
				w.Header().Set("Link", next(mirror.HTTPS))
			case "downgrade":
				w.Header().Set("Link", next(home.HTTP))
			case "port":
				w.Header().Set("Link", next(other.HTTPS))
			case "redirect":
				http.Redirect(w, r, home.HTTP+r.URL.RequestURI(), http.StatusTemporaryRedirect)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `[{"_id":"x","id":"org/%s-%s","tags":[]}]`, search, cursor+"1")
	})
	home = dualport.New(t, "127.0.0.1:0", hub)
	mirror = dualport.New(t, "[::1]:0", hub)
	other = dualport.New(t, "127.0.0.1:0", hub)

	dir := t.TempDir()
	cfg, err := config.Parse("origins.yaml", []byte(`
cache: ""
output: `+filepath.Join(dir, "out")+`
allowStale: true
sources:
  huggingface:
    endpoint: `+home.HTTPS+`
    allowOrigins: ["`+mirror.HTTPS+`"]
    rps: 1000
    burst: 10
    pageSize: 1
    retry: {maxAttempts: 2, baseDelay: 1ms, maxDelay: 2ms}
    filters:
      - {name: ok, query: {search: ok}, limit: 1}
      - {name: mirror, query: {search: mirror}, limit: 2}
      - {name: downgrade, query: {search: downgrade}, limit: 2}
      - {name: port, query: {search: port}, limit: 2}
      - {name: redirect, query: {search: redirect}, limit: 2}
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Sources[0].Token = token
	var log bytes.Buffer
	sum, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log, Getenv: env(), Transport: home.Client().Transport})
	var fe *FailedError
	if !errors.As(err, &fe) && err != nil {
		t.Fatalf("Generate: %v\n%s", err, log.String())
	}
	want := map[string][]string{ // failed filter -> parts of its error
		"downgrade": {`Link rel="next"`, "refused " + home.HTTP + " after " + home.HTTPS, "the scheme changes"},
		"port":      {`Link rel="next"`, "refused " + other.HTTPS + " after " + home.HTTPS, "allowOrigins"},
		"redirect":  {"redirect refused " + home.HTTP + " after " + home.HTTPS, "the scheme changes"},
	}
	failed := map[string]string{}
	for _, f := range sum.Sources[0].Failed {
		failed[f.Name] = f.Err.Error()
	}
	for name, parts := range want {
		for _, p := range parts {
			if !strings.Contains(failed[name], p) {
				t.Errorf("%s: error lacks %q: %q", name, p, failed[name])
			}
		}
	}
	t.Logf("refused filters and their errors: %q", failed)
	if len(failed) != len(want) {
		t.Errorf("failed filters %q; want %d", failed, len(want))
	}
	for _, e := range sum.Index.Filters {
		_, bad := want[e.Name]
		switch {
		case bad && (e.Status != manifest.StatusMissing || e.File != ""):
			t.Errorf("%s: %s with file %q; a refused filter must be missing", e.Name, e.Status, e.File)
		case !bad && e.Status != manifest.StatusFresh:
			t.Errorf("%s: %s, want fresh", e.Name, e.Status)
		case e.Name == "mirror" && e.Count != 2:
			t.Errorf("mirror: %d models, want 2 (one from the mirror)", e.Count)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	hostOf := func(s string) string { return s[strings.Index(s, "://")+3:] }
	for h, as := range auth {
		for _, a := range as {
			if (a != "") != (h == hostOf(home.HTTPS)) {
				t.Errorf("%s got Authorization %q", h, a)
			}
		}
	}
	if len(auth[hostOf(mirror.HTTPS)]) != 1 || len(auth[hostOf(other.HTTPS)]) != 0 {
		t.Errorf("requests per host: %q", auth)
	}
	for _, s := range []*dualport.Server{home, mirror, other} {
		if p := s.Plain(); len(p) != 0 {
			t.Errorf("%s received plain http requests: %+v", s.HTTP, p)
		}
	}
	all := log.String() + fmt.Sprint(err, failed)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			all += string(b)
		}
		return nil
	})
	if strings.Contains(all, token) {
		t.Error("the token reached the log, an error or the output")
	}
}
