package verify

import (
	"bytes"
	"encoding/json"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestFastSeenPinned fails when seen.schema.json changed: parseSeen is
// then off until it is updated to the new schema and seenDigest with it.
func TestFastSeenPinned(t *testing.T) {
	if !fastSeen() {
		t.Fatal("seen.schema.json changed: update parseSeen, then seenDigest")
	}
}

// fullSeen decodes data as the full path does; ok is false when the full
// path reports a violation or cannot decode it.
func fullSeen(t *testing.T, data []byte) (*seenDoc, bool) {
	sch, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil || len(schemaViolations("seen.json", sch.seen, doc)) > 0 {
		return nil, false
	}
	var sf changes.SeenFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return nil, false
	}
	d := &seenDoc{source: sf.Source, removed: map[string]bool{}}
	for id, s := range sf.Models {
		d.removed[id] = s.RemovedAt != ""
	}
	return d, true
}

// TestFastSeenNeverLaxer mutates a good seen file at random: whatever
// parseSeen accepts, the full path accepts and decodes the same way; and
// parseSeen accepts the good file.
func TestFastSeenNeverLaxer(t *testing.T) {
	good := []byte(`{
  "source": "civitai",
  "models": {
    "1": {
      "firstSeenAt": "2026-01-02T03:04:05.123456789Z",
      "changedAt": "2026-01-02T03:04:05Z"
    },
    "org/\u00e9\"x": {
      "firstSeenAt": "2026-01-02T03:04:05Z",
      "changedAt": "2026-01-03T03:04:05Z",
      "removedAt": "2026-01-03T03:04:05Z"
    }
  }
}
`)
	if d, ok := parseSeen(good); !ok || d.source != "civitai" || len(d.removed) != 2 || !d.removed["org/é\"x"] || d.removed["1"] {
		t.Fatalf("good file: %+v %v", d, ok)
	}
	edits := []string{"", "x", "{", "}", `"`, ",", ":", "1", "\\", "\x00", "\xff", "Z", "T", "-", " ", `"removedAt": "2026-01-01T00:00:00Z",`, `"extra": 1,`, `"1": {},`}
	rng := rand.New(rand.NewPCG(3, 4))
	accepted := 0
	for range 4000 {
		b := []byte(string(good))
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(b) + 1)
			j := min(len(b), i+rng.IntN(4))
			b = append(b[:i:i], append([]byte(edits[rng.IntN(len(edits))]), b[j:]...)...)
		}
		fast, ok := parseSeen(b)
		if !ok {
			continue
		}
		accepted++
		full, fok := fullSeen(t, b)
		if !fok {
			t.Fatalf("fast path accepts what the full path rejects:\n%s", b)
		}
		if fast.source != full.source || !maps.Equal(fast.removed, full.removed) {
			t.Fatalf("paths decode differently (%+v, %+v):\n%s", fast, full, b)
		}
	}
	if accepted == 0 {
		t.Error("no mutant accepted; the test tests nothing")
	}
	for _, bad := range []string{
		`{"source":"civitai","models":{"1":{"firstSeenAt":"2026-01-02T03:04:05Z","changedAt":"2026-01-02T03:04:05Z"},"1":{"firstSeenAt":"2026-01-02T03:04:05Z","changedAt":"2026-01-02T03:04:05Z"}}}`,
		`{"source":"civitai","models":{"1":{"firstSeenAt":"yesterday","changedAt":"2026-01-02T03:04:05Z"}}}`,
		`{"source":"Civitai","models":{}}`,
		`{"source":"civitai","models":{"":{"firstSeenAt":"2026-01-02T03:04:05Z","changedAt":"2026-01-02T03:04:05Z"}}}`,
		`{"source":"civitai"}`,
		`{"source":"civitai","models":{}} x`,
	} {
		if _, ok := parseSeen([]byte(bad)); ok {
			t.Errorf("fast path accepts %s", bad)
		}
	}
}
