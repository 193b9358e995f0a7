package config

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseDefault(t *testing.T) {
	c, err := Parse(EmbeddedName, Default())
	if err != nil {
		t.Fatal(err)
	}
	if c.Output != "output" || c.AllowStale || c.File != EmbeddedName {
		t.Errorf("Output, AllowStale, File = %q, %v, %q", c.Output, c.AllowStale, c.File)
	}
	if len(c.Sources) != 2 || c.Sources[0].Name != CivitAI || c.Sources[1].Name != HuggingFace {
		t.Fatalf("sources = %v, want civitai then huggingface", c.Sources)
	}
	wantRetry := Retry{
		MaxAttempts: 5, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second,
		AttemptTimeout: 30 * time.Second, Deadline: 2 * time.Minute, MaxServerWait: time.Minute, MinRPS: 0.5,
	}
	for _, tc := range []struct {
		s        *Source
		endpoint string
		maxBody  int64
		filters  int
	}{
		{c.Sources[0], CivitAIEndpoint, 16 << 20, 16},
		{c.Sources[1], HuggingFaceEndpoint, 8 << 20, 9},
	} {
		s := tc.s
		if s.Endpoint != tc.endpoint || s.Token != "" || s.Profile != DefaultProfile {
			t.Errorf("%s: endpoint, token, profile = %q, %q, %q", s.Name, s.Endpoint, s.Token, s.Profile)
		}
		if s.Concurrency != 3 || s.RPS != 10 || s.Burst != 1 || s.PageSize != 100 || s.MaxPages != 50 || s.MaxBody != tc.maxBody {
			t.Errorf("%s: limits = %d, %v, %d, %d, %d, %d", s.Name, s.Concurrency, s.RPS, s.Burst, s.PageSize, s.MaxPages, s.MaxBody)
		}
		if s.Retry != wantRetry {
			t.Errorf("%s: retry = %+v, want %+v", s.Name, s.Retry, wantRetry)
		}
		if len(s.Filters) != tc.filters {
			t.Errorf("%s: %d filters, want %d", s.Name, len(s.Filters), tc.filters)
		}
		if reflect.DeepEqual(profiles[DefaultProfile], profile{s.Concurrency, s.RPS, s.Burst, s.Retry}) == false {
			t.Errorf("%s: default.yaml's limits differ from the default profile", s.Name)
		}
	}

	civ := c.Sources[0].Filters
	var names []string
	for _, f := range civ {
		names = append(names, f.Name)
		if f.Limit != 40 || !f.Match.IsZero() || f.Line == 0 {
			t.Errorf("%s: limit %d, match %+v, line %d", f.Name, f.Limit, f.Match, f.Line)
		}
	}
	var want []string
	for _, period := range []string{"week", "month"} {
		for _, typ := range []string{"lora", "checkpoint"} {
			for _, base := range []string{"sdxl-1-0", "pony", "illustrious", "flux-1-d"} {
				want = append(want, typ+"/"+base+"/"+period)
			}
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("civitai names:\n got %q\nwant %q", names, want)
	}
	wantQ := url.Values{"sort": {"Most Downloaded"}, "nsfw": {"false"}, "period": {"Week"}, "types": {"LORA"}, "baseModels": {"Flux.1 D"}}
	if got := civ[3].Query; !reflect.DeepEqual(got, wantQ) {
		t.Errorf("%s query = %v, want %v", civ[3].Name, got, wantQ)
	}

	hf := map[string]Filter{}
	for _, f := range c.Sources[1].Filters {
		hf[f.Name] = f
	}
	tg := func(size string, license ...string) Match { return Match{Size: size, License: license} }
	for _, w := range []struct {
		name, task, sort string
		limit            int
		match            Match
	}{
		{"text-generation/small", "text-generation", "downloads", 40, tg("small")},
		{"text-generation/medium", "text-generation", "downloads", 40, tg("medium")},
		{"text-generation/large", "text-generation", "downloads", 40, tg("large")},
		{"text-generation/small-apache", "text-generation", "downloads", 20, tg("small", "apache-2.0")},
		{"text-generation/small-mit", "text-generation", "downloads", 20, tg("small", "mit")},
		{"text-to-image/trending", "text-to-image", "trendingScore", 40, Match{}},
		{"text-to-image/most-liked", "text-to-image", "likes", 40, Match{}},
		{"sentence-similarity/popular", "sentence-similarity", "downloads", 40, Match{}},
		{"speech-recognition/popular", "automatic-speech-recognition", "downloads", 40, Match{}},
	} {
		f, ok := hf[w.name]
		if !ok {
			t.Errorf("huggingface filter %q missing", w.name)
			continue
		}
		q := url.Values{"pipeline_tag": {w.task}, "sort": {w.sort}}
		if !reflect.DeepEqual(f.Query, q) || f.Limit != w.limit || !reflect.DeepEqual(f.Match, w.match) {
			t.Errorf("%s = %v, %d, %+v; want %v, %d, %+v", w.name, f.Query, f.Limit, f.Match, q, w.limit, w.match)
		}
	}
}

// TestDefaultDocumentsEveryKey checks that default.yaml mentions every key
// the parser knows, so the embedded file stays the reference.
func TestDefaultDocumentsEveryKey(t *testing.T) {
	doc := string(Default())
	for _, keys := range [][]string{topKeys, sourceKeys, retryKeys, matrixKeys, matchKeys, dimKeys} {
		for _, k := range keys {
			if !strings.Contains(doc, k) {
				t.Errorf("default.yaml does not mention %q", k)
			}
		}
	}
	for name := range profiles {
		if !strings.Contains(doc, name) {
			t.Errorf("default.yaml does not describe profile %q", name)
		}
	}
}

func TestParseValues(t *testing.T) {
	doc := `
output: out/dir
allowStale: true
sources:
  huggingface:
    endpoint: http://127.0.0.1:8080/hub///
    maxBody: 1536
    rps: 2.5
    filters:
      - name: a
        limit: 7
        query:
          str: text
          int: 10
          float: 1.50
          bool: false
          hex: 0x1F
          quoted: "yes"
          list: [x, 2, true]
        match: {license: [apache-2.0, mit]}
`
	c, err := Parse("t.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c.Output != "out/dir" || !c.AllowStale || c.File != "t.yaml" || len(c.Sources) != 1 {
		t.Fatalf("config = %+v", c)
	}
	s := c.Sources[0]
	if s.Endpoint != "http://127.0.0.1:8080/hub" || s.MaxBody != 1536 || s.RPS != 2.5 {
		t.Errorf("endpoint, maxBody, rps = %q, %d, %v", s.Endpoint, s.MaxBody, s.RPS)
	}
	f := s.Filters[0]
	want := url.Values{
		"str": {"text"}, "int": {"10"}, "float": {"1.50"}, "bool": {"false"}, "hex": {"0x1F"},
		"quoted": {"yes"}, "list": {"x", "2", "true"},
	}
	if !reflect.DeepEqual(f.Query, want) {
		t.Errorf("query = %v, want %v (verbatim)", f.Query, want)
	}
	if f.Line != 10 || f.Limit != 7 || !slices.Equal(f.Match.License, []string{"apache-2.0", "mit"}) {
		t.Errorf("line, limit, license = %d, %d, %q", f.Line, f.Limit, f.Match.License)
	}
}

func TestProfiles(t *testing.T) {
	for _, tc := range []struct {
		name, keys string
		want       func(*Source) bool
	}{
		{"default when unset", "", func(s *Source) bool {
			return s.Profile == DefaultProfile && s.Concurrency == 3 && s.RPS == 10 && s.Retry.MaxAttempts == 5
		}},
		{"conservative", "profile: conservative\n", func(s *Source) bool {
			return s.Profile == "conservative" && s.Concurrency == 2 && s.RPS == 2 && s.Retry == profiles["conservative"].Retry
		}},
		{"aggressive", "profile: aggressive\n", func(s *Source) bool {
			return s.Concurrency == 6 && s.RPS == 20 && s.Retry.MaxServerWait == 30*time.Second
		}},
		{"explicit keys win even before the profile", "concurrency: 1\nretry: {minRPS: 1.5}\nprofile: aggressive\n", func(s *Source) bool {
			return s.Concurrency == 1 && s.RPS == 20 && s.Retry.MinRPS == 1.5 && s.Retry.MaxAttempts == 4
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := "sources:\n  civitai:\n" + indent(tc.keys, "    ") + "    filters: [{name: a, limit: 1}]\n"
			c, err := Parse("t.yaml", []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if s := c.Sources[0]; !tc.want(s) {
				t.Errorf("source = %+v", s)
			}
		})
	}
}

func indent(s, prefix string) string {
	if s == "" {
		return ""
	}
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"8MiB", 8 << 20, true},
		{"8 MiB", 8 << 20, true},
		{"500KB", 500_000, true},
		{"2GiB", 2 << 30, true},
		{"1GB", 1e9, true},
		{"100B", 100, true},
		{"4096", 4096, true},
		{"8mib", 0, false},
		{"1.5MiB", 0, false},
		{"MiB", 0, false},
		{"-1", 0, false},
		{"", 0, false},
		{"99999999999GiB", 0, false},
		{"99999999999999999999", 0, false},
	} {
		got, err := parseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
