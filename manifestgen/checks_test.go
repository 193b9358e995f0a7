package manifestgen

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/resultcheck"
)

// checksConfig has one filter per thing the result checks look at, with
// pages of 10 so that listings span several pages.
const checksConfig = `
sources:
  civitai:
    pageSize: 10
    rps: 200
    burst: 20
    filters:
      - {name: lora-week, query: {types: LORA, baseModels: SDXL 1.0, period: Week, sort: Most Downloaded, nsfw: "false"}, limit: 25}
      - {name: user, query: {username: happyraven, sort: Newest}, limit: 5}
      - {name: few, query: {types: Checkpoint, baseModels: Flux.1 D, period: Week, sort: Newest}, limit: 100}
  huggingface:
    pageSize: 10
    rps: 200
    burst: 20
    filters:
      - {name: pipeline, query: {pipeline_tag: text-generation, sort: downloads}, limit: 25}
      - {name: library, query: {library: diffusers, sort: downloads}, limit: 15}
      - {name: author, query: {author: Qwen, sort: downloads}, limit: 15}
      - {name: search, query: {search: llama, sort: downloads}, limit: 15}
      - {name: filter, query: {filter: conversational, sort: downloads}, limit: 15}
      - {name: few, query: {author: zai-org, sort: downloads}, limit: 100}
`

// faultRun is what runWithFaults returns.
type faultRun struct {
	out    string // output dir
	idx    *manifest.Index
	models map[string]manifest.ModelsFile // by source
	log    string
}

// runWithFaults runs the whole embedded job with MANIFESTGEN_HUB_FAULTS set.
func runWithFaults(t *testing.T, faults string, extra ...string) faultRun {
	t.Helper()
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "checks.yaml")
	if err := os.WriteFile(cfgFile, []byte(checksConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	var log bytes.Buffer
	kv := append([]string{"MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_CONFIG", cfgFile, "MANIFESTGEN_OUT", out,
		"MANIFESTGEN_CACHE_DIR", "off", HubFaultsEnv, faults}, extra...)
	sum, err := Run(context.Background(), Options{Getenv: env(kv...), Dir: dir, Stderr: &log})
	if err != nil {
		t.Fatalf("run with %q: %v\n%s", faults, err, log.String())
	}
	models := map[string]manifest.ModelsFile{}
	for _, src := range []string{config.CivitAI, config.HuggingFace} {
		b, err := os.ReadFile(filepath.Join(out, manifest.ModelsPath(src)))
		if err != nil {
			t.Fatal(err)
		}
		var mf manifest.ModelsFile
		if err := json.Unmarshal(b, &mf); err != nil {
			t.Fatal(err)
		}
		models[src] = mf
	}
	return faultRun{out: out, idx: sum.Index, models: models, log: log.String()}
}

// ids reads the ids of an index entry's filter manifest.
func (r faultRun) ids(t *testing.T, e manifest.FilterEntry) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.out, e.File))
	if err != nil {
		t.Fatal(err)
	}
	var ff manifest.FilterFile
	if err := json.Unmarshal(b, &ff); err != nil {
		t.Fatal(err)
	}
	return ff.ModelIDs
}

// TestResultChecksEndToEnd runs the embedded job once per hub misbehaviour
// and checks that each is found, counted where the index, the summary and
// the report say, and that no mismatch reaches a manifest.
func TestResultChecksEndToEnd(t *testing.T) {
	type want struct {
		filter   string // source/name
		reason   string // a reasons key with a count > 0; "" for page findings
		dups     bool
		empty    bool
		repeated bool
	}
	for _, tc := range []struct {
		faults string
		want   []want
	}{
		{"ignore-nsfw", []want{{filter: "civitai/lora-week", reason: "nsfw"}}},
		{"ignore-basemodel", []want{{filter: "civitai/lora-week", reason: "baseModels"}}},
		{"ignore-types", []want{{filter: "civitai/lora-week", reason: "types"}}},
		{"ignore-period", []want{{filter: "civitai/lora-week", reason: "period"}}},
		{"ignore-username", []want{{filter: "civitai/user", reason: "username"}}},
		{"ignore-pipeline", []want{{filter: "huggingface/pipeline", reason: "pipeline_tag"}}},
		{"ignore-library", []want{{filter: "huggingface/library", reason: "library"}}},
		{"ignore-author", []want{{filter: "huggingface/author", reason: "author"}}},
		{"ignore-search", []want{{filter: "huggingface/search", reason: "search"}}},
		{"ignore-filter", []want{{filter: "huggingface/filter", reason: "filter"}}},
		{"dup-pages", []want{{filter: "civitai/lora-week", dups: true}, {filter: "huggingface/pipeline", dups: true}}},
		{"empty-cursor", []want{{filter: "civitai/few", empty: true}, {filter: "huggingface/few", empty: true}}},
		{"repeat-page", []want{{filter: "civitai/lora-week", repeated: true}, {filter: "huggingface/pipeline", repeated: true}}},
	} {
		t.Run(tc.faults, func(t *testing.T) {
			r := runWithFaults(t, tc.faults, "MANIFESTGEN_ALLOW_STALE", "1")
			entries := map[string]manifest.FilterEntry{}
			for _, e := range r.idx.Filters {
				entries[e.Source+"/"+e.Name] = e
				if e.Status == manifest.StatusMissing && strings.Contains(e.Error, "the hub does not apply the query") {
					continue // a narrow filter whose parameter the hub ignores
				}
				if e.Status != manifest.StatusFresh || e.Checks == nil {
					t.Fatalf("%s/%s: status %s, checks %v", e.Source, e.Name, e.Status, e.Checks)
				}
				// Nothing that mismatches its filter is in a manifest (drop mode).
				check := resultcheck.For(e.Source)
				ids := r.ids(t, e)
				for _, id := range ids {
					if why := check(url.Values(e.Query), r.models[e.Source].Models[id], hub.ReferenceDate); why != nil {
						t.Errorf("%s/%s: %s kept although it breaks %v", e.Source, e.Name, id, why)
					}
				}
				if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
					t.Errorf("%s/%s: duplicate ids %v", e.Source, e.Name, ids)
				}
			}
			for _, w := range tc.want {
				e, ok := entries[w.filter]
				if !ok {
					t.Fatalf("no entry %s", w.filter)
				}
				if e.Status == manifest.StatusMissing {
					// Nothing but mismatches, page after page: the filter fails
					// rather than page on to the cap.
					if w.reason == "" || !strings.Contains(e.Error, "the hub does not apply the query: 3 pages in a row listed only models that break it") ||
						!strings.Contains(e.Error, "("+w.reason+" ") {
						t.Errorf("%s: status %s, error %q", w.filter, e.Status, e.Error)
					}
					t.Logf("%s: failed: %s", w.filter, e.Error)
					continue
				}
				c := e.Checks
				t.Logf("%s: %s (%d models)", w.filter, c, e.Count)
				if w.reason != "" && (c.Reasons[w.reason] == 0 || c.Mismatches == 0 || c.Mode != manifest.MismatchesDropped) {
					t.Errorf("%s: checks %+v, want %s mismatches dropped", w.filter, *c, w.reason)
				}
				if w.dups != (c.Duplicates > 0) || w.empty != c.EmptyPageWithNext || w.repeated != c.RepeatedPage {
					t.Errorf("%s: checks %+v, want duplicates %v, empty page %v, repeated page %v", w.filter, *c, w.dups, w.empty, w.repeated)
				}
				if !strings.Contains(r.log, "CHECKS "+w.filter+": "+c.String()+"\n") {
					t.Errorf("summary has no CHECKS line for %s (%s):\n%s", w.filter, c, r.log)
				}
			}
		})
	}
}

// TestResultChecksFlag: with MANIFESTGEN_MISMATCHES=flag mismatches stay in
// the manifest and are listed, and the output still verifies.
func TestResultChecksFlag(t *testing.T) {
	r := runWithFaults(t, "ignore-nsfw,ignore-pipeline", config.EnvMismatches, config.MismatchesFlag)
	found := 0
	for _, e := range r.idx.Filters {
		c := e.Checks
		if c.Mode != manifest.MismatchesFlagged {
			t.Errorf("%s/%s: mode %q", e.Source, e.Name, c.Mode)
		}
		ids := r.ids(t, e)
		for _, id := range c.Flagged {
			if !slices.Contains(ids, id) {
				t.Errorf("%s/%s: flagged %s is not in the manifest", e.Source, e.Name, id)
			}
		}
		found += len(c.Flagged)
	}
	if found == 0 {
		t.Error("nothing flagged")
	}
}
