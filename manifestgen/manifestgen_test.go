package manifestgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childRun())
	}
	if os.Getenv(pairChildEnv) != "" {
		os.Exit(pairChild())
	}
	goleak.VerifyTestMain(m)
}

// env returns a Getenv over a fixed map, so tests never read the machine's
// environment (tokens, endpoints) by accident.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// readTree returns every file under dir by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestRunEmbeddedEndToEnd(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "output")
	var log bytes.Buffer
	opts := Options{
		Getenv: env("MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_OUT", out, "MANIFESTGEN_FORCE", "1",
			"MANIFESTGEN_CACHE_DIR", filepath.Join(dir, "cache"),
			"HF_TOKEN", "hf_SECRETsecretSECRET", "CIVITAI_API_KEY", "civ-SECRET-key-123"),
		Dir:    dir,
		Stderr: &log,
	}
	sum, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	if sum.Hub != manifest.HubEmbedded {
		t.Errorf("hub %q", sum.Hub)
	}
	first := readTree(t, out)

	var idx manifest.Index
	if err := json.Unmarshal(first["index.json"], &idx); err != nil {
		t.Fatal(err)
	}
	if idx.Hub != manifest.HubEmbedded || idx.SchemaVersion != manifest.SchemaVersion {
		t.Errorf("index hub %q schema %d", idx.Hub, idx.SchemaVersion)
	}
	perSource := map[string]int{}
	seen := map[string]string{}
	for _, f := range idx.Filters {
		perSource[f.Source]++
		if f.Status != manifest.StatusFresh || f.Count == 0 {
			t.Errorf("%s/%s: status %s count %d", f.Source, f.Name, f.Status, f.Count)
		}
		body, ok := first[f.File]
		if !ok {
			t.Errorf("%s/%s: file %s not written", f.Source, f.Name, f.File)
			continue
		}
		var ff manifest.FilterFile
		if err := json.Unmarshal(body, &ff); err != nil {
			t.Fatal(err)
		}
		key := strings.Join(ff.ModelIDs, ",")
		if other, dup := seen[key]; dup {
			t.Errorf("%s/%s has the same models as %s", f.Source, f.Name, other)
		}
		seen[key] = f.Source + "/" + f.Name
	}
	labels := map[string]string{}
	for _, f := range idx.Filters {
		labels[f.Source+"/"+f.Name] = f.Label
		if f.Label == "" || f.Query == nil {
			t.Errorf("%s/%s: label %q, query %v", f.Source, f.Name, f.Label, f.Query)
		}
		for _, k := range []string{"limit", "cursor", "expand", "token"} {
			if _, ok := f.Query[k]; ok {
				t.Errorf("%s/%s: query records client-set key %q", f.Source, f.Name, k)
			}
		}
	}
	for name, want := range map[string]string{
		"civitai/lora/sdxl-1-0/week":           "LORA · SDXL 1.0 · Week",
		"civitai/checkpoint/flux-1-d/month":    "Checkpoint · Flux.1 D · Month",
		"huggingface/text-generation/small":    "Text generation · small (< 7B parameters)",
		"huggingface/text-to-image/most-liked": "text-to-image · most-liked",
	} {
		if labels[name] != want {
			t.Errorf("%s: label %q, want %q", name, labels[name], want)
		}
	}
	for _, f := range idx.Filters {
		if f.Source+"/"+f.Name == "civitai/lora/sdxl-1-0/week" {
			want := map[string][]string{"types": {"LORA"}, "baseModels": {"SDXL 1.0"}, "period": {"Week"},
				"sort": {"Most Downloaded"}, "nsfw": {"false"}}
			if !reflect.DeepEqual(f.Query, want) {
				t.Errorf("%s/%s: query %v, want %v", f.Source, f.Name, f.Query, want)
			}
		}
	}
	if perSource["civitai"] != 16 || perSource["huggingface"] != 9 {
		t.Errorf("filters per source %v, want civitai 16, huggingface 9", perSource)
	}
	for _, src := range []string{"civitai", "huggingface"} {
		var mf manifest.ModelsFile
		if err := json.Unmarshal(first[manifest.ModelsPath(src)], &mf); err != nil {
			t.Fatalf("%s models: %v", src, err)
		}
		if mf.Count == 0 || mf.Count != len(mf.Models) {
			t.Errorf("%s models count %d, len %d", src, mf.Count, len(mf.Models))
		}
	}
	if !strings.Contains(log.String(), "Progress: civitai 16/16 (100%)") ||
		!strings.Contains(log.String(), "Progress: huggingface 9/9 (100%)") {
		t.Errorf("progress lines missing:\n%s", log.String())
	}

	// Same upstream data, same bytes: only index.json (timestamps) and
	// changes.json (which names the generations) may differ, and the change
	// feed is empty.
	if _, err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	second := readTree(t, out)
	if len(first) != len(second) {
		t.Fatalf("second run wrote %d files, first %d", len(second), len(first))
	}
	for name, b := range first {
		if name != "index.json" && name != changes.File && !bytes.Equal(b, second[name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
	var feed changes.Feed
	if err := json.Unmarshal(second[changes.File], &feed); err != nil || feed.Previous == nil || !feed.Empty() {
		t.Errorf("change feed of an unchanged rerun (%v):\n%s", err, second[changes.File])
	}

	// Secrets appear nowhere: not in the log, not in any file the run
	// wrote (manifests, report, HTTP cache).
	everything := readTree(t, dir)
	if len(everything) <= len(second)+2 {
		t.Fatalf("expected report and cache files beside the output, got %d files", len(everything))
	}
	for _, secret := range []string{"hf_SECRETsecretSECRET", "civ-SECRET-key-123"} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("log contains a token")
		}
		for name, b := range everything {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s contains a token", name)
			}
		}
	}
}

func TestRunLiveUnreachableNamesHostAndSuggestsEmbedded(t *testing.T) {
	// A port on loopback that nothing listens on: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	cfg := `
sources:
  huggingface:
    concurrency: 1
    rps: 100
    retry: {maxAttempts: 2, baseDelay: 1ms, maxDelay: 2ms}
    filters:
      - {name: one, query: {pipeline_tag: text-generation}, limit: 5}
`
	if err := os.WriteFile(filepath.Join(dir, "manifestgen.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	_, err = Run(context.Background(), Options{
		Getenv: env("HF_ENDPOINT", "http://"+addr, "MANIFESTGEN_OUT", filepath.Join(dir, "out"), "MANIFESTGEN_CACHE_DIR", "off"),
		Dir:    dir,
		Stderr: &log,
	})
	var fe *FailedError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want *FailedError", err)
	}
	if !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "MANIFESTGEN_HUB=embedded") {
		t.Errorf("error does not name the host and the offline hint: %v", err)
	}
}

// TestRunSkipsWhenFresh: a second run within maxAge from the same config
// does nothing (no hub, no request); MANIFESTGEN_FORCE=1 or a changed
// config regenerates.
func TestRunSkipsWhenFresh(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "output")
	cfg := `
sources:
  huggingface:
    filters:
      - {name: tti, query: {pipeline_tag: text-to-image, sort: likes}, limit: 5}
`
	if err := os.WriteFile(filepath.Join(dir, "manifestgen.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(kv ...string) *Summary {
		t.Helper()
		kv = append(kv, "MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_OUT", out, "MANIFESTGEN_CACHE_DIR", "off")
		var log bytes.Buffer
		sum, err := Run(context.Background(), Options{Getenv: env(kv...), Dir: dir, Stderr: &log})
		if err != nil {
			t.Fatalf("%v\n%s", err, log.String())
		}
		return sum
	}
	if s := run(); s.UpToDate || s.Sources[0].Requests == 0 {
		t.Fatalf("first run: up to date %v, requests %v", s.UpToDate, s.Sources)
	}
	if s := run(); !s.UpToDate || len(s.Sources) != 0 {
		t.Fatalf("second run within maxAge: up to date %v, sources %v", s.UpToDate, s.Sources)
	}
	if s := run("MANIFESTGEN_FORCE", "1"); s.UpToDate {
		t.Fatal("MANIFESTGEN_FORCE=1 did not regenerate")
	}
	if s := run("MANIFESTGEN_MAX_AGE", "0"); s.UpToDate {
		t.Fatal("maxAge 0 did not regenerate")
	}
	if s := run("HF_ENDPOINT", "https://mirror.example"); s.UpToDate {
		t.Fatal("a changed endpoint did not regenerate")
	}
}

// TestGenerateRevalidates: a second run against unchanged upstream data,
// past maxAge, downloads nothing again: every page is answered 304 from the
// HTTP cache.
func TestGenerateRevalidates(t *testing.T) {
	srv, err := hub.Start(hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cfg, err := config.Parse("test.yaml", []byte(`
cache: `+filepath.Join(dir, "cache")+`
output: `+filepath.Join(dir, "out")+`
sources:
  civitai:
    endpoint: `+srv.URL()+`
    pageSize: 10
    filters:
      - {name: lora, query: {types: LORA, sort: Most Downloaded}, limit: 30}
  huggingface:
    endpoint: `+srv.URL()+`
    pageSize: 10
    filters:
      - {name: small, query: {pipeline_tag: text-generation, sort: downloads}, limit: 10, match: {size: small}}
`))
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	first, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	second, err := Generate(context.Background(), cfg, GenerateOptions{Stderr: &log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for i, s := range second.Sources {
		if s.Pages == 0 || s.Revalidated != s.Pages || first.Sources[i].Revalidated != 0 {
			t.Errorf("%s: first run 304s %d; second run pages %d, 304s %d (want all)", s.Name,
				first.Sources[i].Revalidated, s.Pages, s.Revalidated)
		}
	}
}

func TestHubOptions(t *testing.T) {
	tests := []struct {
		v       string
		want    time.Duration
		wantErr bool
	}{{"", 0, false}, {"50ms", 50 * time.Millisecond, false}, {"soon", 0, true}, {"-1s", 0, true}}
	for _, tt := range tests {
		o, err := HubOptions(env(HubLatencyEnv, tt.v))
		if (err != nil) != tt.wantErr || o.Latency != tt.want {
			t.Errorf("%q: latency %v err %v", tt.v, o.Latency, err)
		}
	}
	o, err := HubOptions(env(HubFaultsEnv, "ignore-nsfw,ignore-author,repeat-page"))
	if err != nil || !slices.Equal(o.CivitAI.Listing.Ignore, []string{"nsfw"}) || !slices.Equal(o.HuggingFace.Listing.Ignore, []string{"author"}) ||
		!o.CivitAI.Listing.RepeatPage || !o.HuggingFace.Listing.RepeatPage {
		t.Errorf("faults: %+v, %+v, %v", o.CivitAI.Listing, o.HuggingFace.Listing, err)
	}
	if _, err := HubOptions(env(HubFaultsEnv, "ignore-everything")); err == nil || !strings.Contains(err.Error(), HubFaultsEnv) {
		t.Errorf("bad faults: %v", err)
	}
}

func TestHubEpochOption(t *testing.T) {
	for _, tt := range []struct {
		v       string
		want    int
		wantErr bool
	}{{"", 0, false}, {"0", 0, false}, {"3", 3, false}, {"-1", 0, true}, {"1001", 0, true}, {"x", 0, true}, {"1.5", 0, true}} {
		o, err := HubOptions(env(HubEpochEnv, tt.v))
		if (err != nil) != tt.wantErr || o.Epoch != tt.want {
			t.Errorf("%q: epoch %d err %v", tt.v, o.Epoch, err)
		}
		if err != nil && !strings.Contains(err.Error(), HubEpochEnv) {
			t.Errorf("%q: error does not name the variable: %v", tt.v, err)
		}
	}
}
