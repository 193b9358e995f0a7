package resultcheck

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

var now = time.Date(2026, time.November, 20, 0, 0, 0, 0, time.UTC)

func TestCivitAI(t *testing.T) {
	lora := manifest.Model{ID: "1", Type: "LORA", UpdatedAt: "2026-11-18T10:00:00.000Z"}
	for _, tc := range []struct {
		name string
		q    url.Values
		m    manifest.Model
		want []string
	}{
		{"no query", url.Values{}, lora, nil},
		{"type matches any case", url.Values{"types": {"lora"}}, lora, nil},
		{"type one of several", url.Values{"types": {"Checkpoint", "LORA"}}, lora, nil},
		{"type ignored by the hub", url.Values{"types": {"Checkpoint"}}, lora, []string{"types"}},
		{"type not listed: not visible", url.Values{"types": {"Checkpoint"}}, manifest.Model{ID: "1"}, nil},
		{"nsfw=false and an nsfw model", url.Values{"nsfw": {"false"}}, manifest.Model{ID: "1", NSFW: true}, []string{"nsfw"}},
		{"nsfw=true allows it", url.Values{"nsfw": {"true"}}, manifest.Model{ID: "1", NSFW: true}, nil},
		{"username any case", url.Values{"username": {"KoiForge1"}}, manifest.Model{Author: "koiforge1"}, nil},
		{"username ignored by the hub", url.Values{"username": {"KoiForge1"}}, manifest.Model{Author: "happyraven"}, []string{"username"}},
		{"nsfw not asked", url.Values{}, manifest.Model{ID: "1", NSFW: true}, nil},
		{"week: 2 days old", url.Values{"period": {"Week"}}, lora, nil},
		{"week: 9 days old", url.Values{"period": {"Week"}}, manifest.Model{UpdatedAt: "2026-11-11T00:00:00Z"}, []string{"period"}},
		{"week: 7.5 days old is within the slack", url.Values{"period": {"Week"}}, manifest.Model{UpdatedAt: "2026-11-12T12:00:00Z"}, nil},
		{"week: no time zone", url.Values{"period": {"Week"}}, manifest.Model{UpdatedAt: "2026-10-05T13:31:16.745"}, []string{"period"}},
		{"week: unreadable date is not visible", url.Values{"period": {"Week"}}, manifest.Model{UpdatedAt: "last tuesday"}, nil},
		{"month: 20 days", url.Values{"period": {"Month"}}, manifest.Model{UpdatedAt: "2026-10-31T00:00:00Z"}, nil},
		{"day: 3 days", url.Values{"period": {"Day"}}, manifest.Model{UpdatedAt: "2026-11-17"}, []string{"period"}},
		{"year: 2 years", url.Values{"period": {"Year"}}, manifest.Model{UpdatedAt: "2024-11-17T00:00:00Z"}, []string{"period"}},
		{"all time", url.Values{"period": {"AllTime"}}, manifest.Model{UpdatedAt: "2001-01-01T00:00:00Z"}, nil},
		{"base model of an older version", url.Values{"baseModels": {"SDXL 1.0"}}, manifest.Model{BaseModels: []string{"Flux.1 D", "SDXL 1.0"}}, nil},
		{"base model any case, one of several", url.Values{"baseModels": {"Pony", "sdxl 1.0"}}, manifest.Model{BaseModels: []string{"SDXL 1.0"}}, nil},
		{"base model ignored by the hub", url.Values{"baseModels": {"SDXL 1.0"}}, manifest.Model{BaseModels: []string{"Flux.1 D", "Pony"}}, []string{"baseModels"}},
		{"no versions listed: not visible", url.Values{"baseModels": {"SDXL 1.0"}}, manifest.Model{}, nil},
		{"creation date does not count, the newest version does", url.Values{"period": {"Week"}},
			manifest.Model{CreatedAt: "2020-01-01T00:00:00Z", UpdatedAt: "2026-11-19T00:00:00Z"}, nil},
		{"several at once, fixed order", url.Values{"period": {"Day"}, "nsfw": {"false"}, "types": {"VAE"}},
			manifest.Model{Type: "LORA", NSFW: true, UpdatedAt: "2020-01-01T00:00:00Z", BaseModels: []string{"Pony"}},
			[]string{"types", "nsfw", "period"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CivitAI(tc.q, tc.m, now); !slices.Equal(got, tc.want) {
				t.Errorf("CivitAI = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHuggingFace(t *testing.T) {
	m := manifest.Model{ID: "Org/Llama-3-8B", Author: "Org", Type: "text-generation", Library: "transformers",
		Tags: []string{"transformers", "safetensors", "license:mit"}}
	for _, tc := range []struct {
		name string
		q    url.Values
		m    manifest.Model
		want []string
	}{
		{"matches", url.Values{"pipeline_tag": {"text-generation"}, "library": {"transformers"}, "author": {"org"},
			"search": {"llama"}, "filter": {"safetensors,license:mit"}, "sort": {"downloads"}}, m, nil},
		{"pipeline ignored", url.Values{"pipeline_tag": {"text-to-image"}}, m, []string{"pipeline_tag"}},
		{"no pipeline tag", url.Values{"pipeline_tag": {"text-generation"}}, manifest.Model{ID: "a/b"}, []string{"pipeline_tag"}},
		{"library", url.Values{"library": {"diffusers"}}, m, []string{"library"}},
		{"author", url.Values{"author": {"someone"}}, m, []string{"author"}},
		{"author from the id", url.Values{"author": {"org"}}, manifest.Model{ID: "org/x"}, nil},
		{"search", url.Values{"search": {"mistral"}}, m, []string{"search"}},
		{"filter tag missing", url.Values{"filter": {"gguf"}}, m, []string{"filter"}},
		{"filter, one of a comma list missing", url.Values{"filter": {"transformers,gguf"}}, m, []string{"filter"}},
		{"everything wrong", url.Values{"pipeline_tag": {"x"}, "library": {"x"}, "author": {"x"}, "search": {"x"}, "filter": {"x"}},
			m, []string{"pipeline_tag", "library", "author", "search", "filter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HuggingFace(tc.q, tc.m); !slices.Equal(got, tc.want) {
				t.Errorf("HuggingFace = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFor(t *testing.T) {
	q := url.Values{"period": {"Week"}}
	m := manifest.Model{UpdatedAt: "2026-11-18T00:00:00Z"}
	if got := For(config.CivitAI)(q, m, now); got != nil {
		t.Errorf("at the hub's now: %q", got)
	}
	if got := For(config.CivitAI)(q, m, now.AddDate(0, 1, 0)); !slices.Equal(got, []string{"period"}) {
		t.Errorf("a month later: %q", got)
	}
	if got := For(config.HuggingFace)(url.Values{"author": {"x"}}, manifest.Model{ID: "y/z"}, now); !slices.Equal(got, []string{"author"}) {
		t.Errorf("huggingface: %q", got)
	}
	if got := For("other")(url.Values{"types": {"x"}}, manifest.Model{Type: "y"}, now); got != nil {
		t.Errorf("unknown source: %q", got)
	}
}

// FuzzCheck: whatever a hub sends as a model's dates, type, base models or
// flags, and whatever the query, the checks do not panic, answer the same
// twice, and name only parameters the query has.
func FuzzCheck(f *testing.F) {
	f.Add("Week", "2026-11-18T10:00:00.000Z", "LORA", "SDXL 1.0", true, "org/x")
	f.Add("Day", "2023-10-05T13:31:16.745", "", "", false, "")
	f.Add("Year", "\x00\xff9999-99-99", "Checkpoint", "Flux.1 D", true, "/")
	f.Add("Month", "-0001-01-01T00:00:00Z", "lora", "sdxl 1.0", false, "a/b/c")
	f.Fuzz(func(t *testing.T, period, date, typ, base string, nsfw bool, id string) {
		q := url.Values{"period": {period}, "types": {"LORA"}, "baseModels": {"SDXL 1.0"}, "nsfw": {"false"},
			"username": {"u"}, "pipeline_tag": {typ}, "library": {base}, "author": {id}, "search": {id}, "filter": {base + "," + typ}}
		m := manifest.Model{ID: id, Author: id, Type: typ, Library: base, NSFW: nsfw, UpdatedAt: date, CreatedAt: date,
			BaseModels: []string{base}, Tags: []string{typ, base}}
		for _, source := range []string{config.CivitAI, config.HuggingFace} {
			check := For(source)
			a, b := check(q, m, now), check(q, m, now)
			if !slices.Equal(a, b) {
				t.Fatalf("%s: %q then %q", source, a, b)
			}
			for _, p := range a {
				if !q.Has(p) {
					t.Fatalf("%s: reason %q is not a query parameter", source, p)
				}
			}
		}
	})
}
