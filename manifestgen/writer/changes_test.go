package writer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func readFeed(t *testing.T, dir string) *changes.Feed {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, changes.File))
	if err != nil {
		t.Fatal(err)
	}
	var f changes.Feed
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

func readSeen(t *testing.T, dir, source string) map[string]changes.Seen {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(changes.SeenPath(source))))
	if err != nil {
		t.Fatal(err)
	}
	var sf changes.SeenFile
	if err := json.Unmarshal(data, &sf); err != nil {
		t.Fatal(err)
	}
	return sf.Models
}

// TestChangeFeed follows one dir through generations: first, a change,
// a removal, a model seen again, a filter that fails and recovers, and a
// switch of hub mode.
func TestChangeFeed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	t1, t2, t3, t4, t5 := t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(3*time.Hour), t0.Add(4*time.Hour), t0.Add(5*time.Hour)

	mustWrite(t, dir, sampleSet(), t0)
	if f := readFeed(t, dir); f.Previous != nil || f.Reason != "first generation" || !f.Empty() {
		t.Fatalf("first generation's feed: %+v", f)
	}
	first := readSeen(t, dir, "huggingface")
	if s := first["org/a"]; s.FirstSeenAt != changes.Stamp(t0) || s.ChangedAt != changes.Stamp(t0) || s.RemovedAt != "" {
		t.Fatalf("first seen: %+v", s)
	}

	// org/c leaves image (and the catalog), org/d enters at the top, org/a
	// changes its licence and gains 3 downloads (below the threshold);
	// civitai's model gains 200 downloads (above it).
	set := sampleSet()
	hf := &set.Sources[0]
	hf.Models["org/d"] = model("org/d", "D")
	a := hf.Models["org/a"]
	a.License, a.Downloads = "mit", 3
	hf.Models["org/a"] = a
	hf.Filters[1].ModelIDs = []string{"org/d", "org/a"}
	cv := set.Sources[1].Models["1"]
	cv.Downloads = 205
	set.Sources[1].Models["1"] = cv
	idx := mustWrite(t, dir, set, t1)
	f := readFeed(t, dir)
	if f.Previous == nil || f.Generation != idx.Generation || !f.Previous.GeneratedAt.Equal(t0) {
		t.Fatalf("feed refs: %+v", f)
	}
	got := f.Sources["huggingface"]
	if got == nil || len(got.Added) != 1 || got.Added[0].ID != "org/d" || len(got.Removed) != 1 || got.Removed[0].ID != "org/c" ||
		len(got.Updated) != 1 || got.Updated[0].ID != "org/a" {
		t.Fatalf("huggingface changes: %+v", got)
	}
	if fields := got.Updated[0].Fields; len(fields) != 1 || string(fields["license"].From) != "null" || string(fields["license"].To) != `"mit"` {
		t.Errorf("org/a fields: %v (downloads +3 is below the threshold)", fields)
	}
	if cvc := f.Sources["civitai"]; cvc == nil || len(cvc.Updated) != 1 || string(cvc.Updated[0].Fields["downloads"].To) != "205" {
		t.Errorf("civitai changes: %+v", cvc)
	}
	if len(f.Filters) != 1 || f.Filters[0].Name != "image" || len(f.Filters[0].Entered) != 1 || f.Filters[0].Entered[0] != (changes.Ranked{ID: "org/d", Rank: 1}) ||
		len(f.Filters[0].Left) != 1 || f.Filters[0].Left[0] != (changes.Ranked{ID: "org/c", Rank: 1}) || len(f.Filters[0].Moved) != 0 {
		t.Errorf("filter changes: %+v", f.Filters)
	}
	if f.Totals != (changes.Totals{Added: 1, Removed: 1, Updated: 2, Filters: 1}) {
		t.Errorf("totals %+v", f.Totals)
	}
	seen := readSeen(t, dir, "huggingface")
	if s := seen["org/c"]; s.RemovedAt != changes.Stamp(t1) || s.FirstSeenAt != changes.Stamp(t0) {
		t.Errorf("org/c removed: %+v", s)
	}
	if s := seen["org/a"]; s.ChangedAt != changes.Stamp(t1) || s.FirstSeenAt != changes.Stamp(t0) {
		t.Errorf("org/a updated: %+v", s)
	}
	if s := seen["org/b"]; s.ChangedAt != changes.Stamp(t0) {
		t.Errorf("org/b unchanged: %+v", s)
	}
	if s := seen["org/d"]; s.FirstSeenAt != changes.Stamp(t1) {
		t.Errorf("org/d new: %+v", s)
	}

	// The same data again: an empty feed, and the seen files untouched.
	before, _ := os.ReadFile(filepath.Join(dir, "huggingface", "seen.json"))
	mustWrite(t, dir, set, t2)
	if f := readFeed(t, dir); !f.Empty() || f.Previous == nil || f.Totals != (changes.Totals{}) {
		t.Errorf("unchanged rerun's feed: %+v", f)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "huggingface", "seen.json")); string(after) != string(before) {
		t.Error("seen.json changed on an unchanged rerun")
	}

	// org/c comes back (keeping its first-seen date); image fails (stale).
	set.Sources[0].Filters[0].ModelIDs = []string{"org/b", "org/c", "org/a"}
	if _, err := Write(dir, failing(set, "503", "huggingface/image"), Options{Now: fixedNow(t3), AllowStale: true}); err != nil {
		t.Fatal(err)
	}
	f = readFeed(t, dir)
	if f.Totals.TurnedStale != 1 || f.Totals.Added != 1 {
		t.Errorf("totals %+v", f.Totals)
	}
	seen = readSeen(t, dir, "huggingface")
	if s := seen["org/c"]; s.FirstSeenAt != changes.Stamp(t0) || s.ChangedAt != changes.Stamp(t3) || s.RemovedAt != "" {
		t.Errorf("org/c seen again: %+v", s)
	}
	var stale *changes.FilterChange
	for i := range f.Filters {
		if f.Filters[i].Name == "image" {
			stale = &f.Filters[i]
		}
	}
	if stale == nil || stale.Status == nil || *stale.Status != (changes.StatusChange{From: "fresh", To: "stale", Error: "503"}) {
		t.Errorf("stale filter: %+v", stale)
	}
	mustWrite(t, dir, set, t4)
	if f := readFeed(t, dir); f.Totals.Recovered != 1 {
		t.Errorf("recovered: %+v", f.Totals)
	}

	// Another hub mode: no comparison, dates start over.
	emb := *set
	emb.Hub = manifest.HubEmbedded
	emb.Sources = append([]manifest.SourceResult(nil), set.Sources...)
	for i := range emb.Sources {
		emb.Sources[i].Origin = manifest.OriginEmbedded
	}
	mustWrite(t, dir, &emb, t5)
	if f := readFeed(t, dir); f.Previous != nil || !strings.Contains(f.Reason, "live hub") || !f.Empty() {
		t.Errorf("feed across hub modes: %+v", f)
	}
	if s := readSeen(t, dir, "huggingface")["org/a"]; s.FirstSeenAt != changes.Stamp(t5) {
		t.Errorf("seen across hub modes: %+v", s)
	}
}

// TestChangeFeedHostilePrevious: a previous generation whose seen file or
// filter file is broken gives a feed that says so and lists nothing, never
// a failed Write; the new seen file starts over where it must.
func TestChangeFeedHostilePrevious(t *testing.T) {
	for _, tt := range []struct {
		name, file, data string
		reason           string
	}{
		{"seen not JSON", "huggingface/seen.json", "{", "huggingface/seen.json"},
		{"seen of another source", "huggingface/seen.json", `{"source":"civitai","models":{}}`, "holds source"},
		{"filter not JSON", "huggingface/filters/image.json", "[", "image.json"},
		{"models not JSON", "huggingface/models.json", "nope", "models.json"},
		{"seen date not RFC 3339", "huggingface/seen.json", `{"source":"huggingface","models":{"org/a":{"firstSeenAt":"yesterday","changedAt":"2026-01-02T03:04:05Z"}}}`, "not RFC 3339"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustWrite(t, dir, sampleSet(), t0)
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(tt.file)), []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			set := sampleSet()
			set.Sources[0].Filters[1].ModelIDs = []string{"org/a", "org/c"}
			mustWrite(t, dir, set, t0.Add(time.Hour))
			f := readFeed(t, dir)
			if f.Previous != nil || !strings.Contains(f.Reason, tt.reason) || !f.Empty() {
				t.Errorf("feed: %+v", f)
			}
			mustVerify(t, dir)
		})
	}
}

// TestAppendSeenFile: the hand-written encoder writes what encode writes.
func TestAppendSeenFile(t *testing.T) {
	for _, models := range []map[string]changes.Seen{
		nil,
		{"1": {FirstSeenAt: "2026-01-02T03:04:05Z", ChangedAt: "2026-01-02T03:04:05.5Z"}},
		{
			"org/<&>\"é\u2028\x01": {FirstSeenAt: "a", ChangedAt: "b", RemovedAt: "c"},
			"2":                    {FirstSeenAt: "2026-01-02T03:04:05Z", ChangedAt: "2026-01-02T03:04:05Z"},
		},
	} {
		want, err := encode(changes.SeenFile{Source: "civitai", Models: orEmptySeen(models)})
		if err != nil {
			t.Fatal(err)
		}
		if got := appendSeenFile(nil, "civitai", models); string(got) != string(want) {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	}
}

func orEmptySeen(m map[string]changes.Seen) map[string]changes.Seen {
	if m == nil {
		return map[string]changes.Seen{}
	}
	return m
}

// TestChangeFeedOrigins: a source whose data now comes from another origin
// is not compared (the feed says why) and its seen dates start over, while
// the other source keeps its own; a changed config alone is compared (a new
// filter enters with all its ids).
func TestChangeFeedOrigins(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	t1, t2 := t0.Add(time.Hour), t0.Add(2*time.Hour)
	mustWrite(t, dir, sampleSet(), t0)

	mirror := sampleSet()
	mirror.Sources[0].Origin = "https://mirror.test"
	mustWrite(t, dir, mirror, t1)
	f := readFeed(t, dir)
	if f.Previous != nil || !strings.Contains(f.Reason, "huggingface's data came from https://huggingface.test, now from https://mirror.test") {
		t.Errorf("feed across origins: %+v", f)
	}
	if s := readSeen(t, dir, "huggingface")["org/a"]; s.FirstSeenAt != changes.Stamp(t1) {
		t.Errorf("seen across origins: %+v", s)
	}
	if s := readSeen(t, dir, "civitai")["1"]; s.FirstSeenAt != changes.Stamp(t0) {
		t.Errorf("seen of the source whose origin stayed: %+v", s)
	}

	more := sampleSet()
	more.Sources[0].Origin = "https://mirror.test"
	more.Config = "edited config"
	more.Sources[1].Filters = append(more.Sources[1].Filters, manifest.FilterResult{Name: "new", ModelIDs: []string{"1"}, FetchedAt: t0})
	mustWrite(t, dir, more, t2)
	f = readFeed(t, dir)
	if f.Previous == nil || len(f.Filters) != 1 || f.Filters[0].Name != "new" || f.Filters[0].Status == nil ||
		*f.Filters[0].Status != (changes.StatusChange{From: changes.StatusAbsent, To: manifest.StatusFresh}) ||
		len(f.Filters[0].Entered) != 1 {
		t.Errorf("feed after a config change: %+v", f)
	}
}
