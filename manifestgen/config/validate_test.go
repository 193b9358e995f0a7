package config

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// errLines splits a joined error into its lines.
func errLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

// Each case is a whole document and every error line it must produce, in
// order: no more, no fewer.
var parseErrorCases = []struct {
	name string
	doc  string
	want []string
}{
	{"bad yaml", "sources:\n  civitai: [\n", []string{
		"c.yaml:2: did not find expected node content",
	}},
	{"tab indentation", "sources:\n\tcivitai: {}\n", []string{
		"c.yaml:2: found character that cannot start any token",
	}},
	{"empty", "# nothing\n", []string{"c.yaml: empty document"}},
	{"two documents", "output: a\n---\noutput: b\n", []string{"c.yaml:2: more than one document (remove the ---)"}},
	{"not a mapping", "- a\n", []string{
		"c.yaml:1: config: want a mapping with output, allowStale and sources, got a list",
	}},
	{"no sources", "output: out\n", []string{"c.yaml: sources: no sources configured (known: civitai, huggingface)"}},
	{"unknown keys everywhere", `
outptu: x
sources:
  civitai:
    endpiont: x
    retry: {maxAttempt: 3}
    filters:
      - {name: a, limit: 1, lmit: 2}
    matrix:
      - limit: 1
        dimension: []
        dimensions:
          - {param: a, values: [b], value: c}
  huggingface:
    filters:
      - {name: a, limit: 1, match: {sise: small}}
`, []string{
		"c.yaml:2: outptu: unknown key (known: output, allowStale, maxAge, cache, cacheMaxAge, cacheMaxSize, lock, mismatches, redis, sources)",
		"c.yaml:5: sources.civitai.endpiont: unknown key (known: endpoint, allowOrigins, profile, concurrency, rps, burst, pageSize, maxBody, maxPages, retry, filters, matrix, previewNSFW)",
		"c.yaml:6: sources.civitai.retry.maxAttempt: unknown key (known: maxAttempts, baseDelay, maxDelay, attemptTimeout, deadline, maxServerWait, minRPS)",
		"c.yaml:8: sources.civitai.filters[0].lmit: unknown key (known: name, label, query, limit, match, previewNSFW)",
		"c.yaml:11: sources.civitai.matrix[0].dimension: unknown key (known: name, label, query, limit, match, dimensions, previewNSFW)",
		"c.yaml:13: sources.civitai.matrix[0].dimensions[0].value: unknown key (known: param, match, values)",
		"c.yaml:16: sources.huggingface.filters[0].match.sise: unknown key (known: size, license)",
	}},
	{"tokens are not read from the file", `
sources:
  civitai:
    token: abc123
    filters: [{name: a, limit: 1}]
  huggingface:
    hf_token: abc123
    filters: [{name: a, limit: 1, query: {q: x}}]
apiKey: abc123
`, []string{
		"c.yaml:4: sources.civitai.token: unknown key: tokens are read only from the environment; set CIVITAI_API_KEY",
		"c.yaml:7: sources.huggingface.hf_token: unknown key: tokens are read only from the environment; set HF_TOKEN",
		"c.yaml:9: apiKey: unknown key: tokens are read only from the environment; set CIVITAI_API_KEY or HF_TOKEN",
	}},
	{"duplicate keys", `
sources:
  civitai:
    rps: 1
    rps: 2
    filters: [{name: a, limit: 1, limit: 2}]
`, []string{
		"c.yaml:5: sources.civitai.rps: duplicate key \"rps\" (first at line 4)",
		"c.yaml:6: sources.civitai.filters[0].limit: duplicate key \"limit\" (first at line 6)",
	}},
	{"unknown source and empty source", `
sources:
  github:
    filters: [{name: a, limit: 1}]
  civitai: {}
  huggingface:
    filters: []
`, []string{
		"c.yaml:3: sources.github: unknown source (known: civitai, huggingface)",
		"c.yaml:5: sources.civitai: no filters: add filters or a matrix, or leave the source out",
		"c.yaml:7: sources.huggingface: no filters: add filters or a matrix, or leave the source out",
	}},
	{"wrong types", `
output: [a]
allowStale: yes
sources:
  civitai:
    concurrency: three
    rps: fast
    burst: 1.5
    maxBody: 8 MB!
    maxPages: .inf
    retry: {baseDelay: 5, maxDelay: soon, deadline: [1m]}
    filters: {name: a}
  huggingface:
    filters:
      - name: [a]
        limit: 1
        query: {q: {a: b}, r: [], s: ~}
`, []string{
		"c.yaml:2: output: want a string, got a list",
		"c.yaml:3: allowStale: want true or false, got \"yes\"",
		"c.yaml:6: sources.civitai.concurrency: want an integer, got \"three\"",
		"c.yaml:7: sources.civitai.rps: want a number, got \"fast\"",
		"c.yaml:8: sources.civitai.burst: want an integer, got a number",
		"c.yaml:9: sources.civitai.maxBody: want a size like 8MiB or a number of bytes, got \"8 MB!\"",
		"c.yaml:10: sources.civitai.maxPages: want an integer, got a number",
		"c.yaml:11: sources.civitai.retry.baseDelay: want a duration like 500ms, 30s or 2m, got \"5\"",
		"c.yaml:11: sources.civitai.retry.maxDelay: want a duration like 500ms, 30s or 2m, got \"soon\"",
		"c.yaml:11: sources.civitai.retry.deadline: want a duration like 30s, got a list",
		"c.yaml:12: sources.civitai.filters: want a list, got a mapping",
		"c.yaml:15: sources.huggingface.filters[0].name: want a string, got a list",
		"c.yaml:17: sources.huggingface.filters[0].query.q: want a string, got a mapping",
		"c.yaml:17: sources.huggingface.filters[0].query.r: empty list",
		"c.yaml:17: sources.huggingface.filters[0].query.s: want a string, got nothing",
	}},
	{"zero and negative limits", `
sources:
  civitai:
    concurrency: 0
    rps: -1
    burst: 0
    pageSize: 0
    maxPages: -2
    maxBody: 0
    retry: {maxAttempts: 0, baseDelay: 0s, attemptTimeout: 0, deadline: -1s, maxServerWait: -1s, minRPS: 0}
    filters:
      - {name: a, limit: 0}
      - {name: b, limit: -5}
`, []string{
		"c.yaml:4: sources.civitai.concurrency: must be at least 1 (got 0)",
		"c.yaml:5: sources.civitai.rps: must be a number above 0 (got -1)",
		"c.yaml:6: sources.civitai.burst: must be at least 1 (got 0)",
		"c.yaml:7: sources.civitai.pageSize: must be at least 1 (got 0)",
		"c.yaml:8: sources.civitai.maxPages: must be at least 1 (got -2)",
		"c.yaml:9: sources.civitai.maxBody: must be at least 1 byte (got 0)",
		"c.yaml:10: sources.civitai.retry.maxAttempts: must be at least 1 (got 0)",
		"c.yaml:10: sources.civitai.retry.baseDelay: must be above 0 (got 0s)",
		"c.yaml:10: sources.civitai.retry.attemptTimeout: must be above 0 (got 0s)",
		"c.yaml:10: sources.civitai.retry.deadline: must be 0 (none) or above (got -1s)",
		"c.yaml:10: sources.civitai.retry.maxServerWait: must be 0 or above (got -1s)",
		"c.yaml:10: sources.civitai.retry.minRPS: must be a number above 0 (got 0)",
		"c.yaml:12: sources.civitai.filters[0] \"a\": limit must be at least 1 (got 0)",
		"c.yaml:13: sources.civitai.filters[1] \"b\": limit must be at least 1 (got -5)",
	}},
	{"limits that contradict each other", `
sources:
  huggingface:
    profile: conservative
    rps: 0.1
    pageSize: 1001
    maxPages: 2
    retry:
      baseDelay: 2s
      maxDelay: 1s
      deadline: 1m
    filters:
      - {name: a, limit: 3000}
`, []string{
		"c.yaml:4: sources.huggingface.retry.maxServerWait: 5m10s exceeds deadline 1m0s, so such waits could never be honoured",
		"c.yaml:4: sources.huggingface.retry.minRPS: 0.2 exceeds rps 0.1",
		"c.yaml:6: sources.huggingface.pageSize: must be at most 1000 for huggingface (got 1001)",
		"c.yaml:10: sources.huggingface.retry.maxDelay: must be at least baseDelay 2s (got 1s)",
		"c.yaml:13: sources.huggingface.filters[0] \"a\": limit 3000 exceeds pageSize*maxPages = 2002",
	}},
	{"unknown profile", `
sources:
  civitai:
    profile: turbo
    filters: [{name: a, limit: 1}]
`, []string{
		"c.yaml:4: sources.civitai.profile: unknown profile \"turbo\" (known: aggressive, conservative, default)",
	}},
	{"missing name, limit and dimensions", `
sources:
  huggingface:
    filters:
      - {query: {q: x}}
    matrix:
      - {name: x, limit: 1}
`, []string{
		"c.yaml:5: sources.huggingface.filters[0].name: missing: every filter needs a name",
		"c.yaml:5: sources.huggingface.filters[0].limit: missing: how many models to collect",
		"c.yaml:7: sources.huggingface.matrix[0].dimensions: missing: a matrix needs at least one dimension",
	}},
	{"invalid names", `
sources:
  huggingface:
    filters:
      - {name: "", limit: 1}
      - {name: Upper, limit: 1}
      - {name: /abs, limit: 1}
      - {name: trailing/, limit: 1}
      - {name: a//b, limit: 1}
      - {name: a/./b, limit: 1}
      - {name: ../up, limit: 1}
      - {name: 'a\b', limit: 1}
      - {name: a b, limit: 1}
      - {name: a_b, limit: 1}
      - {name: a.json, limit: 1}
      - {name: ` + strings.Repeat("x", 201) + `, limit: 1}
      - {name: ok/fine-1, limit: 1}
`, []string{
		`c.yaml:5: sources.huggingface.filters[0]: name "": empty`,
		`c.yaml:6: sources.huggingface.filters[1] "Upper": name "Upper": character 'U' is not allowed (use a-z, 0-9, - and /)`,
		`c.yaml:7: sources.huggingface.filters[2] "/abs": name "/abs": must be relative: no leading /`,
		`c.yaml:8: sources.huggingface.filters[3] "trailing/": name "trailing/": must not end with /`,
		`c.yaml:9: sources.huggingface.filters[4] "a//b": name "a//b": has an empty segment (//)`,
		`c.yaml:10: sources.huggingface.filters[5] "a/./b": name "a/./b": has a "." segment`,
		`c.yaml:11: sources.huggingface.filters[6] "../up": name "../up": has a ".." segment`,
		`c.yaml:12: sources.huggingface.filters[7] "a\\b": name "a\\b": contains a backslash; use "/"`,
		`c.yaml:13: sources.huggingface.filters[8] "a b": name "a b": character ' ' is not allowed (use a-z, 0-9, - and /)`,
		`c.yaml:14: sources.huggingface.filters[9] "a_b": name "a_b": character '_' is not allowed (use a-z, 0-9, - and /)`,
		`c.yaml:15: sources.huggingface.filters[10] "a.json": name "a.json": character '.' is not allowed (use a-z, 0-9, - and /)`,
		`c.yaml:16: sources.huggingface.filters[11] "` + strings.Repeat("x", 201) + `": name "` + strings.Repeat("x", 201) + `": longer than 200 bytes`,
	}},
	{"duplicate names name both lines", `
sources:
  civitai:
    filters:
      - {name: lora/pony/week, limit: 1}
      - {name: b, limit: 1}
    matrix:
      - name: "{types}/{baseModels}/{period}"
        limit: 1
        dimensions:
          - {param: types, values: [LORA]}
          - {param: baseModels, values: [Pony]}
          - {param: period, values: [Week]}
      - limit: 1
        dimensions:
          - {param: baseModels, values: [SDXL 1.0, sdxl-1.0]}
  huggingface:
    filters:
      - {name: b, limit: 1}
`, []string{
		`c.yaml:8: sources.civitai.matrix[0] "{types}/{baseModels}/{period}": duplicate filter name "lora/pony/week" (first at c.yaml:5)`,
		`c.yaml:14: sources.civitai.matrix[1]: expands to filter name "sdxl-1-0" more than once`,
	}},
	{"matrix problems", `
sources:
  civitai:
    matrix:
      - limit: 1
        dimensions: []
      - limit: 1
        dimensions:
          - {param: types, values: []}
          - {values: [a]}
          - {param: a, match: size, values: [small]}
          - {param: b}
          - {param: "", values: [x]}
          - {param: c, values: x}
      - limit: 1
        query: {types: LORA}
        dimensions:
          - {param: types, values: [Checkpoint]}
          - {param: period, values: [Week, "!?"]}
          - {param: period, values: [Month]}
      - name: "{types}/{period"
        limit: 1
        dimensions: [{param: types, values: [a]}, {param: period, values: [b]}]
      - name: "{types}/x"
        limit: 1
        dimensions: [{param: types, values: [a]}, {param: period, values: [b]}]
      - name: "{types}/{sort}"
        limit: 1
        dimensions: [{param: types, values: [a]}]
      - name: "}{types}"
        limit: 1
        dimensions: [{param: types, values: [a]}]
`, []string{
		"c.yaml:6: sources.civitai.matrix[0].dimensions: empty list: a matrix needs at least one dimension",
		"c.yaml:9: sources.civitai.matrix[1].dimensions[0].values: empty list",
		"c.yaml:10: sources.civitai.matrix[1].dimensions[1]: missing param (a query parameter) or match (a predicate)",
		"c.yaml:11: sources.civitai.matrix[1].dimensions[2]: set either param or match, not both",
		"c.yaml:12: sources.civitai.matrix[1].dimensions[3].values: missing: a dimension needs at least one value",
		"c.yaml:13: sources.civitai.matrix[1].dimensions[4].param: empty parameter name",
		"c.yaml:14: sources.civitai.matrix[1].dimensions[5].values: want a list, got \"x\"",
		"c.yaml:18: sources.civitai.matrix[2].dimensions[0]: parameter \"types\" is also set in query; set it in one place",
		"c.yaml:19: sources.civitai.matrix[2].dimensions[1].values: value \"!?\" has no letters or digits to name its filters by",
		"c.yaml:20: sources.civitai.matrix[2].dimensions[2]: dimension \"period\" repeats the one at line 19",
		"c.yaml:21: sources.civitai.matrix[3].name: unmatched brace in name template \"{types}/{period\"",
		"c.yaml:24: sources.civitai.matrix[4].name: name template \"{types}/x\" does not use dimension {period}; its filters would share names",
		"c.yaml:27: sources.civitai.matrix[5].name: name template \"{types}/{sort}\" uses {sort}, which is not a dimension",
		"c.yaml:30: sources.civitai.matrix[6].name: unmatched brace in name template \"}{types}\"",
	}},
	{"reserved query keys", `
sources:
  civitai:
    filters:
      - name: a
        limit: 1
        query: {limit: 5, cursor: x, page: 2, token: abc123, types: LORA}
    matrix:
      - limit: 1
        dimensions: [{param: page, values: ["1", "2"]}]
  huggingface:
    filters:
      - name: a
        limit: 1
        query: {expand: [safetensors], "expand[]": x, full: "true", filter: [a, b]}
`, []string{
		`c.yaml:7: sources.civitai.filters[0] "a": query parameter "cursor" is reserved: the client sets it while paging`,
		`c.yaml:7: sources.civitai.filters[0] "a": query parameter "limit" is reserved: the client sets it from pageSize`,
		`c.yaml:7: sources.civitai.filters[0] "a": query parameter "page" is reserved: the client pages with cursors`,
		`c.yaml:7: sources.civitai.filters[0] "a": query parameter "token" is reserved: tokens are read only from the environment; set CIVITAI_API_KEY`,
		`c.yaml:10: sources.civitai.matrix[0]: query parameter "page" is reserved: the client pages with cursors`,
		`c.yaml:15: sources.huggingface.filters[0] "a": query parameter "expand" is reserved: the client selects the fields it needs`,
		`c.yaml:15: sources.huggingface.filters[0] "a": query parameter "expand[]" is reserved: the client selects the fields it needs`,
		`c.yaml:15: sources.huggingface.filters[0] "a": query parameter "full" is reserved: the client selects the fields it needs`,
	}},
	{"match is huggingface only", `
sources:
  civitai:
    filters:
      - {name: a, limit: 1, match: {size: small}}
      - {name: b, limit: 1, match: {license: mit}}
    matrix:
      - limit: 1
        dimensions: [{match: license, values: [mit, apache-2.0]}]
`, []string{
		`c.yaml:5: sources.civitai.filters[0] "a": match predicates are supported for huggingface only, not civitai`,
		`c.yaml:6: sources.civitai.filters[1] "b": match predicates are supported for huggingface only, not civitai`,
		`c.yaml:9: sources.civitai.matrix[0]: match predicates are supported for huggingface only, not civitai`,
	}},
	{"bad match values", `
sources:
  huggingface:
    filters:
      - {name: a, limit: 1, match: {size: tiny}}
      - {name: b, limit: 1, match: {license: [mit, ""]}}
    matrix:
      - limit: 1
        match: {size: small}
        dimensions:
          - {match: size, values: [large]}
      - limit: 1
        dimensions:
          - {match: size, values: [small, huge, giant]}
          - {match: colour, values: [red]}
      - limit: 1
        dimensions:
          - {match: size, values: [small, huge, giant]}
`, []string{
		`c.yaml:5: sources.huggingface.filters[0] "a": size "tiny" is not small, medium or large`,
		`c.yaml:6: sources.huggingface.filters[1] "b": empty license value`,
		`c.yaml:11: sources.huggingface.matrix[0].dimensions[0]: predicate size is also set in match; set it in one place`,
		`c.yaml:15: sources.huggingface.matrix[1].dimensions[1].match: unknown predicate "colour" (known: size, license)`,
		`c.yaml:18: sources.huggingface.matrix[2]: size "huge" is not small, medium or large`,
		`c.yaml:18: sources.huggingface.matrix[2]: size "giant" is not small, medium or large`,
	}},
	{"bad endpoints in the file", `
sources:
  civitai:
    endpoint: civitai.com
    filters: [{name: a, limit: 1}]
  huggingface:
    endpoint: "https://user:hunter2@huggingface.co"
    filters: [{name: a, limit: 1}]
`, []string{
		`c.yaml:4: sources.civitai.endpoint: "civitai.com": want an absolute http or https URL`,
		`c.yaml:7: sources.huggingface.endpoint: must not contain credentials (user info); tokens come from the environment`,
	}},
	{"matrix larger than a source may have", `
sources:
  huggingface:
    matrix:
      - limit: 1
        dimensions:
          - {param: a, values: &v [a, b, c, d, e, f, g, h, i, j]}
          - {param: b, values: *v}
          - {param: c, values: *v}
          - {param: d, values: *v}
          - {param: e, values: *v}
`, []string{
		"c.yaml:5: sources.huggingface.matrix[0]: expands to too many filters: a source may have at most 10000",
	}},
}

func TestParseErrors(t *testing.T) {
	for _, tc := range parseErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(tc.doc))
			if c != nil {
				t.Errorf("Parse returned a config with an error")
			}
			if got := errLines(err); !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestParseErrorsAreTyped(t *testing.T) {
	_, err := Parse("c.yaml", []byte("sources:\n  civitai:\n    rps: 0\n    filters: [{name: a, limit: 1}]\n"))
	var e *Error
	if !errorsAs(err, &e) || e.Where != "c.yaml:3" || e.Line != 3 || e.Msg != "sources.civitai.rps: must be a number above 0 (got 0)" {
		t.Fatalf("error = %#v", e)
	}
}

func TestParseTooLarge(t *testing.T) {
	doc := "output: out\n" + strings.Repeat("# padding\n", maxFileSize/10+1)
	if got := errLines(func() error { _, err := Parse("big.yaml", []byte(doc)); return err }()); !slices.Equal(got, []string{"big.yaml: file is larger than 1048576 bytes"}) {
		t.Errorf("errors = %q", got)
	}
}

func TestParseAliasBomb(t *testing.T) {
	// 10,000 dimensions, each an alias of one with 10,000 values: a small
	// document that would make the walk visit 10^8 values.
	doc := "sources:\n  huggingface:\n    matrix:\n      - limit: 1\n        dimensions: [" +
		"&d {param: a, values: [" + strings.Repeat("x, ", 9999) + "x]}, " +
		strings.Repeat("*d, ", 9999) + "*d]\n"
	_, err := Parse("bomb.yaml", []byte(doc))
	want := []string{"bomb.yaml:5: config: more than 262144 nodes to walk (aliases expand too far)"}
	if got := errLines(err); !slices.Equal(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
}

func TestValidate(t *testing.T) {
	valid := func() *Config {
		c, err := Parse(EmbeddedName, Default())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if err := valid().Validate(); err != nil {
		t.Fatalf("default: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(c *Config)
		want   []string
	}{
		{"nothing", func(c *Config) { *c = Config{} }, []string{
			"config: output: must not be empty",
			"config: sources: no sources configured (known: civitai, huggingface)",
		}},
		{"nil, unknown and repeated sources", func(c *Config) {
			c.Sources = append(c.Sources, nil, &Source{Name: "x"}, c.Sources[0])
		}, []string{
			"config: sources[2]: is nil",
			`config: sources[3]: unknown source "x" (known: civitai, huggingface)`,
			"config: sources.civitai: listed twice",
		}},
		{"source fields", func(c *Config) {
			s := c.Sources[1]
			s.Endpoint = "https://huggingface.co/?x=1"
			s.Token = "hf_secret value"
			s.Profile = "x"
			s.RPS = math.NaN()
			s.Retry.MinRPS = math.Inf(1)
			s.Retry.MaxServerWait = 3 * time.Minute
		}, []string{
			`config: sources.huggingface.endpoint: "https://huggingface.co/?…": must not have a query`,
			"config: sources.huggingface.token: contains whitespace or control characters",
			`config: sources.huggingface.profile: unknown profile "x" (known: aggressive, conservative, default)`,
			"config: sources.huggingface.rps: must be a number above 0 (got NaN)",
			"config: sources.huggingface.retry.maxServerWait: 3m0s exceeds deadline 2m0s, so such waits could never be honoured",
			"config: sources.huggingface.retry.minRPS: must be a number above 0 (got +Inf)",
		}},
		{"filters", func(c *Config) {
			fs := c.Sources[1].Filters
			fs[0].Name = "Bad"
			fs[1].Limit = 0
			fs[2].Query.Set("expand", "x")
			fs[3].Query["empty"] = nil
			fs[4].Name = fs[5].Name
			c.Sources[0].Filters[0].Match.Size = "small"
		}, []string{
			`config: sources.civitai.filters[0] "lora/sdxl-1-0/week": match predicates are supported for huggingface only, not civitai`,
			`config: sources.huggingface.filters[0] "Bad": name "Bad": character 'B' is not allowed (use a-z, 0-9, - and /)`,
			`config: sources.huggingface.filters[1] "text-generation/medium": limit must be at least 1 (got 0)`,
			`config: sources.huggingface.filters[2] "text-generation/large": query parameter "expand" is reserved: the client selects the fields it needs`,
			`config: sources.huggingface.filters[3] "text-generation/small-apache": query parameter "empty" has no values`,
			`config: sources.huggingface.filters[5] "text-to-image/trending": duplicate filter name "text-to-image/trending" (first at config)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.change(c)
			if got := errLines(c.Validate()); !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestCheckEndpoint(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://civitai.com", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://localhost/prefix/path", ""},
		{"HTTPS://Example.com", ""},
		{"", "empty; want an absolute http(s) URL"},
		{"/relative", `"/relative": want an absolute http or https URL`},
		{"ftp://host", `"ftp://host": want an absolute http or https URL`},
		{"https://", `"https://": want an absolute URL with a host`},
		{"http:opaque", `"http:opaque": want an absolute URL with a host`},
		{"https://host/?", `"https://host/?": must not have a query`},
		{"https://host/#", `"https://host/#": must not have a fragment`},
		{"https://host#frag", `"https://host#…": must not have a fragment`},
		{"https://host/", `"https://host/": must not end with /`},
		{"https://tok@host", "must not contain credentials (user info); tokens come from the environment"},
		{"http://host:port", `not a URL: invalid port after host`},
		{"https://host/api?token=KEY-4711", `"https://host/api?…": must not have a query`},
		{"https://host/?key=KEY-4711#KEY-4711", `"https://host/?…#…": must not have a query`},
		{"https://host:KEY-4711", `not a URL: invalid port after host`},
		{"https://user:KEY-4711@host?token=KEY-4711", "must not contain credentials (user info); tokens come from the environment"},
		{"ftp://host/?token=KEY-4711", `"ftp://host/?…": want an absolute http or https URL`},
		{"https://bücher.de", `"https://bücher.de": host is not ASCII: write an internationalised name in its xn-- (punycode) form`},
	} {
		if got := checkEndpoint(tc.in); got != tc.want {
			t.Errorf("checkEndpoint(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func errorsAs(err error, target **Error) bool { return errors.As(err, target) }
