package config

import (
	"net/url"
	"reflect"
	"testing"
)

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"SDXL 1.0":          "sdxl-1-0",
		"Flux.1 D":          "flux-1-d",
		"Most Downloaded":   "most-downloaded",
		"  --Pony--  ":      "pony",
		"a__b..c":           "a-b-c",
		"Illustrious":       "illustrious",
		"Ünïcode Ç":         "n-code",
		"!!!":               "",
		"text-generation/x": "text-generation-x",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatrix(t *testing.T) {
	type want struct {
		name  string
		query url.Values
		match Match
	}
	for _, tc := range []struct {
		name   string
		source string
		matrix string
		want   []want
	}{
		{
			name:   "default names join slugs in dimension order",
			source: CivitAI,
			matrix: `
      - query: {sort: Newest}
        limit: 5
        dimensions:
          - {param: types, values: [LORA, Checkpoint]}
          - {param: baseModels, values: [SDXL 1.0, Flux.1 D]}`,
			want: []want{
				{"lora/sdxl-1-0", url.Values{"sort": {"Newest"}, "types": {"LORA"}, "baseModels": {"SDXL 1.0"}}, Match{}},
				{"lora/flux-1-d", url.Values{"sort": {"Newest"}, "types": {"LORA"}, "baseModels": {"Flux.1 D"}}, Match{}},
				{"checkpoint/sdxl-1-0", url.Values{"sort": {"Newest"}, "types": {"Checkpoint"}, "baseModels": {"SDXL 1.0"}}, Match{}},
				{"checkpoint/flux-1-d", url.Values{"sort": {"Newest"}, "types": {"Checkpoint"}, "baseModels": {"Flux.1 D"}}, Match{}},
			},
		},
		{
			name:   "template reorders and adds literals",
			source: CivitAI,
			matrix: `
      - name: "top-{period}/x-{types}"
        limit: 5
        dimensions:
          - {param: types, values: [LORA]}
          - {param: period, values: [Week, AllTime]}`,
			want: []want{
				{"top-week/x-lora", url.Values{"types": {"LORA"}, "period": {"Week"}}, Match{}},
				{"top-alltime/x-lora", url.Values{"types": {"LORA"}, "period": {"AllTime"}}, Match{}},
			},
		},
		{
			name:   "match dimensions set predicates and keep common ones",
			source: HuggingFace,
			matrix: `
      - name: "{pipeline_tag}/{size}-{license}"
        query: {sort: downloads}
        match: {}
        limit: 5
        dimensions:
          - {param: pipeline_tag, values: [text-generation]}
          - {match: size, values: [small, large]}
          - {match: license, values: [mit]}`,
			want: []want{
				{"text-generation/small-mit", url.Values{"sort": {"downloads"}, "pipeline_tag": {"text-generation"}}, Match{Size: "small", License: []string{"mit"}}},
				{"text-generation/large-mit", url.Values{"sort": {"downloads"}, "pipeline_tag": {"text-generation"}}, Match{Size: "large", License: []string{"mit"}}},
			},
		},
		{
			name:   "common match with a size dimension",
			source: HuggingFace,
			matrix: `
      - match: {license: [apache-2.0, mit]}
        limit: 5
        dimensions:
          - {match: size, values: [medium]}`,
			want: []want{
				{"medium", url.Values{}, Match{Size: "medium", License: []string{"apache-2.0", "mit"}}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := "sources:\n  " + tc.source + ":\n    matrix:" + tc.matrix + "\n"
			c, err := Parse("m.yaml", []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			fs := c.Sources[0].Filters
			if len(fs) != len(tc.want) {
				t.Fatalf("%d filters, want %d: %+v", len(fs), len(tc.want), fs)
			}
			for i, w := range tc.want {
				f := fs[i]
				if f.Name != w.name || !reflect.DeepEqual(f.Query, w.query) || !reflect.DeepEqual(f.Match, w.match) || f.Limit != 5 || f.Line != 4 {
					t.Errorf("filter %d = %+v, want %+v (limit 5, line 4)", i, f, w)
				}
			}
			// Filters of one matrix share nothing mutable.
			fs[0].Query.Set("x", "1")
			if len(fs) > 1 && fs[1].Query.Has("x") {
				t.Error("filters of a matrix share their query")
			}
		})
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		want []string // labels of the filters, in order
	}{
		{"plain filter default: name segments", `
    filters:
      - {name: text-generation/small, limit: 1}`, []string{"text-generation · small"}},
		{"plain filter label as written", `
    filters:
      - {name: a, label: "Text generation, small <7B>", limit: 1}`, []string{"Text generation, small <7B>"}},
		{"matrix default follows the name template's order, values as written", `
    matrix:
      - name: "{types}/{baseModels}/{period}"
        limit: 1
        dimensions:
          - {param: period, values: [Week]}
          - {param: types, values: [LORA]}
          - {param: baseModels, values: [SDXL 1.0, Flux.1 D]}`, []string{"LORA · SDXL 1.0 · Week", "LORA · Flux.1 D · Week"}},
		{"matrix default without a name template: dimension order", `
    matrix:
      - limit: 1
        dimensions:
          - {param: period, values: [Month]}
          - {param: types, values: [Checkpoint]}`, []string{"Month · Checkpoint"}},
		{"matrix label template may use some dimensions and repeat one", `
    matrix:
      - label: "Top {types} ({period}, {types})"
        limit: 1
        dimensions:
          - {param: period, values: [Week, Month]}
          - {param: types, values: [LORA]}
          - {param: baseModels, values: [Pony]}`, []string{"Top LORA (Week, LORA)", "Top LORA (Month, LORA)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := "sources:\n  civitai:" + tc.doc + "\n"
			c, err := Parse("l.yaml", []byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range c.Sources[0].Filters {
				got = append(got, f.Label)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("labels %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLabelProblems(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`
    filters:
      - {name: a, label: "", limit: 1}`, `l.yaml:4: sources.civitai.filters[0].label: label "": empty`},
		{`
    filters:
      - {name: a, label: "a\u0007b", limit: 1}`, `l.yaml:4: sources.civitai.filters[0].label: label "a\ab": control character '\a' is not allowed`},
		{`
    matrix:
      - label: "{types} {sort}"
        limit: 1
        dimensions:
          - {param: types, values: [LORA]}`, `l.yaml:4: sources.civitai.matrix[0].label: label template "{types} {sort}" uses {sort}, which is not a dimension`},
		{`
    matrix:
      - label: "{types"
        limit: 1
        dimensions:
          - {param: types, values: [LORA]}`, `l.yaml:4: sources.civitai.matrix[0].label: unmatched brace in label template "{types"`},
	} {
		_, err := Parse("l.yaml", []byte("sources:\n  civitai:"+tc.doc+"\n"))
		if err == nil || err.Error() != tc.want {
			t.Errorf("error %v\nwant      %s", err, tc.want)
		}
	}
}
