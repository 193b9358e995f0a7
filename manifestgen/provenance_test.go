package manifestgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// fastRetries is a config with civitai and huggingface filters that give
// up quickly.
func fastRetries(t *testing.T, dir string, civitaiFilters, hfFilters int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("sources:\n")
	for _, s := range []struct {
		name  string
		n     int
		query string
	}{{"civitai", civitaiFilters, "types: LORA"}, {"huggingface", hfFilters, "pipeline_tag: text-generation"}} {
		if s.n == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s:\n    rps: 1000\n    burst: 10\n    retry: {maxAttempts: 2, baseDelay: 1ms, maxDelay: 2ms}\n    filters:\n", s.name)
		for i := range s.n {
			fmt.Fprintf(&b, "      - {name: f%d, query: {%s, search: q%d}, limit: 3}\n", i, s.query, i)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifestgen.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hfServer serves two models for every Hugging Face listing.
func hfServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("search")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `[{"_id":"a","id":"org/%s-1","tags":[]},{"_id":"b","id":"org/%s-2","tags":[]}]`, q, q)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func readIndex(t *testing.T, out string) manifest.Index {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx manifest.Index
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	return idx
}

// TestEmbeddedThenFailedLive: after an embedded run, a live run that
// cannot reach either host publishes nothing (the embedded generation
// stays, still labelled embedded); a live run in which only one host
// answers publishes that host's data and makes the other's filters
// missing, never stale snapshot data under "hub": "live".
func TestEmbeddedThenFailedLive(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	fastRetries(t, dir, 2, 2)
	run := func(kv ...string) (string, error) {
		var log bytes.Buffer
		kv = append(kv, "MANIFESTGEN_OUT", out, "MANIFESTGEN_CACHE_DIR", "off", "MANIFESTGEN_FORCE", "1")
		_, err := Run(context.Background(), Options{Getenv: env(kv...), Dir: dir, Stderr: &log})
		return log.String(), err
	}
	if log, err := run("MANIFESTGEN_HUB", "embedded"); err != nil {
		t.Fatalf("embedded run: %v\n%s", err, log)
	}
	embedded := readTree(t, out)
	for _, e := range readIndex(t, out).Filters {
		if e.Hub != manifest.HubEmbedded || e.Origin != manifest.OriginEmbedded || e.Status != manifest.StatusFresh {
			t.Errorf("embedded entry %+v", e)
		}
	}

	// Offline: nothing reachable. Nothing is published.
	civ, hf := closedAddr(t), closedAddr(t)
	log, err := run("CIVITAI_ENDPOINT", "http://"+civ, "HF_ENDPOINT", "http://"+hf)
	var fe *FailedError
	if !errors.As(err, &fe) || !fe.NothingPublished || len(fe.Filters) != 4 {
		t.Fatalf("offline run: err = %v, want nothing published\n%s", err, log)
	}
	after := readTree(t, out)
	if len(after) != len(embedded) {
		t.Errorf("offline run changed the output: %d files, had %d", len(after), len(embedded))
	}
	for name, b := range embedded {
		if !bytes.Equal(after[name], b) {
			t.Errorf("offline run changed %s", name)
		}
	}
	mustVerifyOutput(t, out)

	// One host answers: its data is published live; the other source's
	// filters are missing, not carried from the snapshot.
	good := hfServer(t)
	log, err = run("CIVITAI_ENDPOINT", "http://"+civ, "HF_ENDPOINT", good.URL)
	if !errors.As(err, &fe) || fe.NothingPublished || len(fe.Filters) != 2 {
		t.Fatalf("half-live run: err = %v, want 2 failed filters, published\n%s", err, log)
	}
	mustVerifyOutput(t, out)
	idx := readIndex(t, out)
	if idx.Hub != manifest.HubLive {
		t.Fatalf("index hub %q", idx.Hub)
	}
	for _, e := range idx.Filters {
		want := manifest.FilterEntry{Source: "huggingface", Name: e.Name, Status: manifest.StatusFresh, Hub: manifest.HubLive, Origin: good.URL}
		if e.Source == "civitai" {
			want = manifest.FilterEntry{Source: "civitai", Name: e.Name, Status: manifest.StatusMissing, Hub: manifest.HubLive, Origin: "http://" + civ}
		}
		if e.Status != want.Status || e.Hub != want.Hub || e.Origin != want.Origin {
			t.Errorf("%s/%s: status %s hub %s origin %s, want %s %s %s", e.Source, e.Name, e.Status, e.Hub, e.Origin, want.Status, want.Hub, want.Origin)
		}
	}
	if _, ok := readTree(t, out)["civitai/filters/f0.json"]; ok {
		t.Error("snapshot manifest of civitai published in a live generation")
	}
}

// TestNothingPublishedOneLinePerHost: a first live run in which every
// filter fails publishes nothing (no output dir at all) and exits with an
// error, even with MANIFESTGEN_ALLOW_STALE=1; the account of it is one line
// per host, after the hint, not one per filter. At -v every filter's error
// is logged.
func TestNothingPublishedOneLinePerHost(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	fastRetries(t, dir, 6, 4)
	civ, hf := closedAddr(t), closedAddr(t)
	for _, verbose := range []string{"", "1"} {
		var log bytes.Buffer
		_, err := Run(context.Background(), Options{
			Getenv: env("CIVITAI_ENDPOINT", "http://"+civ, "HF_ENDPOINT", "http://"+hf, "MANIFESTGEN_OUT", out,
				"MANIFESTGEN_CACHE_DIR", "off", "MANIFESTGEN_ALLOW_STALE", "1", "MAGEFILE_VERBOSE", verbose),
			Dir:    dir,
			Stderr: &log,
		})
		var fe *FailedError
		if !errors.As(err, &fe) || !fe.NothingPublished {
			t.Fatalf("err = %v, want nothing published\n%s", err, log.String())
		}
		for _, want := range []string{"nothing published: all 10 filters failed", civ, hf, "MANIFESTGEN_HUB=embedded"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q: %v", want, err)
			}
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("output published: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(log.String()), "\n")
		var failed []string
		hint := -1
		for i, l := range lines {
			if strings.HasPrefix(l, "Cannot reach ") {
				hint = i
			}
			if strings.HasPrefix(l, "FAILED ") {
				failed = append(failed, l)
				if hint < 0 {
					t.Errorf("FAILED line before the hint: %q", l)
				}
			}
		}
		want := []string{
			"FAILED " + civ + ": connection refused (all 6 civitai filters)",
			"FAILED " + hf + ": connection refused (all 4 huggingface filters)",
		}
		if strings.Join(failed, "\n") != strings.Join(want, "\n") {
			t.Errorf("verbose %q: failure lines\n%s\nwant\n%s", verbose, strings.Join(failed, "\n"), strings.Join(want, "\n"))
		}
		if debug := strings.Count(log.String(), `msg="filter failed"`); verbose == "" && debug != 0 || verbose == "1" && debug != 10 {
			t.Errorf("verbose %q: %d per-filter records", verbose, debug)
		}
		if verbose == "" && len(lines) > 12 { // 2 progress, 5 summary, hint, 2 hosts, details
			t.Errorf("%d lines of output for one cause per host:\n%s", len(lines), log.String())
		}
		// The report has every filter's own error.
		data, err := os.ReadFile(filepath.Join(dir, "report", "report.json"))
		if err != nil {
			t.Fatal(err)
		}
		var rep struct {
			Meta struct {
				Filters []struct{ Source, Name, Status, Error string }
			}
		}
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Meta.Filters) != 10 {
			t.Errorf("report lists %d filters, want 10", len(rep.Meta.Filters))
		}
		for _, f := range rep.Meta.Filters {
			if f.Status != "failed" || !strings.Contains(f.Error, `filter "`+f.Name+`"`) || !strings.Contains(f.Error, "connection refused") {
				t.Errorf("report entry %+v", f)
			}
		}
		t.Logf("verbose %q: %d lines:\n%s", verbose, len(lines), log.String())
	}
}
