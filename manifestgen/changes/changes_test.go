package changes

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func TestRankChanges(t *testing.T) {
	for _, tt := range []struct {
		before, after []string
		want          string
	}{
		{nil, nil, "[] [] []"},
		{[]string{"a", "b"}, []string{"a", "b"}, "[] [] []"},
		{[]string{"a", "b", "c"}, []string{"x", "a", "b", "c"}, "[{x 1}] [] []"},
		{[]string{"a", "b", "c"}, []string{"b", "c"}, "[] [{a 1}] []"},
		{[]string{"a", "b", "c", "d"}, []string{"b", "c", "d", "a"}, "[] [] [{a 1 4}]"},
		{[]string{"a", "b", "c", "d"}, []string{"d", "a", "b", "c"}, "[] [] [{d 4 1}]"},
		{[]string{"a", "b"}, []string{"b", "a"}, "[] [] [{b 2 1}]"},
		{[]string{"a", "b", "c"}, []string{"c", "b", "a"}, "[] [] [{c 3 1} {b 2 2}]"},
		{[]string{"a", "a", "b"}, []string{"b", "b"}, "[] [{a 1}] []"}, // repeats count once
	} {
		e, l, m := rankChanges(tt.before, tt.after)
		got := fmt.Sprint(orEmpty(e), " ", orEmpty(l), " ", orEmptyM(m))
		if got != tt.want {
			t.Errorf("%v -> %v: %s, want %s", tt.before, tt.after, got, tt.want)
		}
	}
}

func orEmpty(r []Ranked) []Ranked {
	if r == nil {
		return []Ranked{}
	}
	return r
}

func orEmptyM(m []Move) []Move {
	if m == nil {
		return []Move{}
	}
	return m
}

func TestLongestIncreasing(t *testing.T) {
	for _, tt := range []struct {
		seq  []int
		want int
	}{{nil, 0}, {[]int{0}, 1}, {[]int{3, 2, 1}, 1}, {[]int{0, 5, 1, 2, 3}, 4}, {[]int{2, 0, 1, 3}, 3}} {
		keep := longestIncreasing(tt.seq)
		n, last := 0, -1
		for i, k := range keep {
			if k {
				if tt.seq[i] <= last {
					t.Errorf("%v: kept %v, not increasing", tt.seq, keep)
				}
				last = tt.seq[i]
				n++
			}
		}
		if n != tt.want {
			t.Errorf("%v: kept %d, want %d", tt.seq, n, tt.want)
		}
	}
}

func TestCompareModelsThresholds(t *testing.T) {
	base := manifest.Model{ID: "1", Name: "one", Downloads: 1000, Likes: 50, Tags: []string{"a"}}
	for _, tt := range []struct {
		name string
		edit func(*manifest.Model)
		want string // changed fields as JSON, "" for no update
	}{
		{"same", func(*manifest.Model) {}, ""},
		{"nil tags vs empty", func(m *manifest.Model) { m.Tags = nil }, `{"tags":{"from":["a"],"to":[]}}`},
		{"downloads +99", func(m *manifest.Model) { m.Downloads += 99 }, ""},
		{"downloads +100 (10%)", func(m *manifest.Model) { m.Downloads += 100 }, `{"downloads":{"from":1000,"to":1100}}`},
		{"downloads -100", func(m *manifest.Model) { m.Downloads -= 100 }, `{"downloads":{"from":1000,"to":900}}`},
		{"likes +9", func(m *manifest.Model) { m.Likes += 9 }, ""},
		{"likes +10 (20%)", func(m *manifest.Model) { m.Likes += 10 }, `{"likes":{"from":50,"to":60}}`},
		{"omitted field set", func(m *manifest.Model) { m.BaseModel = "SDXL 1.0" }, `{"baseModel":{"from":null,"to":"SDXL 1.0"}}`},
		{"omitted field cleared", func(m *manifest.Model) { m.Name = "uno"; m.NSFW = true }, `{"name":{"from":"one","to":"uno"},"nsfw":{"from":false,"to":true}}`},
	} {
		after := base
		after.Tags = append([]string(nil), base.Tags...)
		tt.edit(&after)
		sc, any := CompareModels(map[string]manifest.Model{"1": base}, map[string]manifest.Model{"1": after})
		got := ""
		if any {
			data, _ := json.Marshal(sc.Updated[0].Fields)
			got = string(data)
		}
		if got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	big := base
	big.Downloads = 100000
	after := big
	after.Downloads += 5000 // 5%: drift
	if _, any := CompareModels(map[string]manifest.Model{"1": big}, map[string]manifest.Model{"1": after}); any {
		t.Error("a 5% downloads move was reported")
	}
}

func TestNextSeen(t *testing.T) {
	t0, t1, t2 := "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"
	models := func(ids ...string) map[string]manifest.Model {
		out := map[string]manifest.Model{}
		for _, id := range ids {
			out[id] = manifest.Model{ID: id}
		}
		return out
	}
	s0 := NextSeen(nil, models("a", "b"), SourceChanges{}, t0)
	s1 := NextSeen(s0, models("a", "c"), SourceChanges{Added: []ModelRef{{ID: "c"}}, Removed: []ModelRef{{ID: "b"}}}, t1)
	s2 := NextSeen(s1, models("a", "b", "c"), SourceChanges{Added: []ModelRef{{ID: "b"}}, Updated: []Update{{ID: "a"}}}, t2)
	for _, tt := range []struct {
		got  Seen
		want Seen
	}{
		{s0["a"], Seen{FirstSeenAt: t0, ChangedAt: t0}},
		{s1["a"], Seen{FirstSeenAt: t0, ChangedAt: t0}},
		{s1["b"], Seen{FirstSeenAt: t0, ChangedAt: t1, RemovedAt: t1}},
		{s1["c"], Seen{FirstSeenAt: t1, ChangedAt: t1}},
		{s2["a"], Seen{FirstSeenAt: t0, ChangedAt: t2}},
		{s2["b"], Seen{FirstSeenAt: t0, ChangedAt: t2}},
		{s2["c"], Seen{FirstSeenAt: t1, ChangedAt: t1}},
	} {
		if tt.got != tt.want {
			t.Errorf("got %+v, want %+v", tt.got, tt.want)
		}
	}
}

// TestAssembleDeterministic: the same changes in any order give the same
// bytes, and an empty feed is small.
func TestAssembleDeterministic(t *testing.T) {
	gen, prev := Ref{Generation: "g2", GeneratedAt: time.Unix(2, 0)}, &Ref{Generation: "g1", GeneratedAt: time.Unix(1, 0)}
	fa := FilterChange{Source: "s", Name: "a", Entered: []Ranked{{"1", 1}}}
	fb := FilterChange{Source: "r", Name: "b", Status: &StatusChange{From: "fresh", To: "stale", Error: "x"}}
	one, _ := json.Marshal(Assemble(gen, prev, "", nil, []FilterChange{fa, fb}))
	two, _ := json.Marshal(Assemble(gen, prev, "", nil, []FilterChange{fb, fa}))
	if string(one) != string(two) {
		t.Errorf("order matters:\n%s\n%s", one, two)
	}
	empty := Assemble(gen, prev, "", map[string]SourceChanges{"s": {}}, nil)
	if !empty.Empty() {
		t.Errorf("not empty: %+v", empty)
	}
}

func TestCompareNotesOrigins(t *testing.T) {
	gen := func(origin string, ids ...string) *Generation {
		g := &Generation{Models: map[string]map[string]manifest.Model{"hf": {}}, IDs: map[[2]string][]string{{"hf", "top"}: ids}}
		g.Index.Hub = manifest.HubLive
		g.Index.Filters = []manifest.FilterEntry{{Source: "hf", Name: "top", Status: manifest.StatusFresh, Origin: origin, File: "hf/filters/top.json"}}
		for _, id := range ids {
			g.Models["hf"][id] = manifest.Model{ID: id}
		}
		return g
	}
	f, warn := Compare(gen("https://a.test", "x"), gen("https://b.test", "x", "y"))
	if len(warn) != 1 || warn[0] != "hf's data came from https://a.test, now from https://b.test" {
		t.Errorf("warnings %q", warn)
	}
	if f.Totals.Added != 1 || f.Totals.Filters != 1 {
		t.Errorf("totals %+v", f.Totals)
	}
	if _, warn := Compare(gen("https://a.test", "x"), gen("https://a.test", "x")); len(warn) != 0 {
		t.Errorf("same origin: %q", warn)
	}
}
