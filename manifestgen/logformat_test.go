package manifestgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// With MANIFESTGEN_LOG=json every line on stderr is a JSON record:
// notices, progress, log records and the summary, in a run and in a run
// that is up to date.
func TestLogJSONEveryLine(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	run := func(kv ...string) {
		t.Helper()
		kv = append(kv, "MANIFESTGEN_HUB", "embedded", "MANIFESTGEN_OUT", filepath.Join(dir, "output"),
			"MANIFESTGEN_CACHE_DIR", "off", "MANIFESTGEN_LOG", "json", "MAGEFILE_VERBOSE", "1", "MANIFESTGEN_ALLOW_STALE", "1")
		if _, err := Run(context.Background(), Options{Getenv: env(kv...), Dir: dir, Stderr: &stderr}); err != nil {
			t.Fatalf("run: %v\n%s", err, stderr.String())
		}
	}
	run()
	run() // up to date
	msgs := map[string]int{}
	for i, line := range strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n") {
		var rec struct {
			Msg string `json:"msg"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.Msg == "" {
			t.Fatalf("line %d is not a JSON record: %q", i+1, line)
		}
		msgs[rec.Msg]++
	}
	for _, m := range []string{"using the embedded hub (snapshot data, not live)", "progress", "request", "summary", "up to date"} {
		if msgs[m] == 0 {
			t.Errorf("no %q record; got %v", m, msgs)
		}
	}
}

// Unknown MANIFESTGEN_LOG values are errors naming the variable, before
// anything runs.
func TestLogUnknownFormat(t *testing.T) {
	for _, v := range []string{"xml", "JSON", "json "} {
		var stderr bytes.Buffer
		_, err := Run(context.Background(), Options{Getenv: env("MANIFESTGEN_LOG", v, "MANIFESTGEN_HUB", "embedded"), Dir: t.TempDir(), Stderr: &stderr})
		if err == nil || !strings.Contains(err.Error(), `MANIFESTGEN_LOG="`+v+`": want "json" or "text"`) || stderr.Len() != 0 {
			t.Errorf("%q: err %v, stderr %q", v, err, stderr.String())
		}
	}
}

// The JSON summary carries each source's counts and one Warn record per
// failed filter.
func TestLogSummary(t *testing.T) {
	var b bytes.Buffer
	sum := &Summary{Hub: "live", Output: "out", Sources: []SourceSummary{{Name: "civitai", Filters: 2, Requests: 5, Throttled: 1,
		Failed: []FilterFail{{Name: "x", Err: errors.New("429 after 5 attempts")}}}}}
	logSummary(NewLogger(&b, env("MANIFESTGEN_LOG", "json")), sum)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d records; want 2:\n%s", len(lines), b.String())
	}
	var rec struct {
		Msg     string
		CivitAI map[string]any `json:"civitai"`
		Filter  string
		Err     string
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil || rec.Msg != "summary" || rec.CivitAI["requests"] != 5.0 || rec.CivitAI["throttled"] != 1.0 || rec.CivitAI["failed"] != 1.0 {
		t.Errorf("summary record %s (%v)", lines[0], err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil || rec.Msg != "filter failed" || rec.Filter != "civitai/x" || rec.Err != "429 after 5 attempts" {
		t.Errorf("failure record %s (%v)", lines[1], err)
	}
}
