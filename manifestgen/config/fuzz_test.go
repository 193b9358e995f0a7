package config

import (
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error names the
// file, and that every config it returns keeps its own invariants.
func FuzzParse(f *testing.F) {
	f.Add(Default())
	f.Add([]byte(fingerprintDoc))
	f.Add([]byte(dirDoc))
	f.Add([]byte(envDoc))
	for _, tc := range parseErrorCases {
		f.Add([]byte(tc.doc))
	}
	f.Add([]byte("sources:\n  huggingface:\n    matrix:\n      - name: \"{size}/{pipeline_tag}\"\n        limit: 3\n        dimensions:\n          - {match: size, values: [small, large]}\n          - {param: pipeline_tag, values: [a, b]}\n"))
	f.Add([]byte("sources:\n  civitai:\n    profile: conservative\n    maxBody: 1KiB\n    retry: {deadline: 0}\n    filters: [&f {name: a, limit: 1}]\n    matrix: [{limit: 2, dimensions: [{param: p, values: [x, *f]}]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			if c != nil {
				t.Fatal("config and error both returned")
			}
			for _, line := range errLines(err) {
				if !strings.HasPrefix(line, "fuzz.yaml") {
					t.Fatalf("error does not name the file: %q", line)
				}
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse returned a config that fails Validate: %v", err)
		}
		if len(c.Sources) == 0 {
			t.Fatal("no sources")
		}
		for _, s := range c.Sources {
			if s.Concurrency < 1 || s.Burst < 1 || !(s.RPS > 0) || s.PageSize < 1 || s.MaxPages < 1 || s.MaxBody < 1 || s.Retry.MaxAttempts < 1 {
				t.Fatalf("%s: limits not positive: %+v", s.Name, s)
			}
			if len(s.Filters) == 0 {
				t.Fatalf("%s: no filters", s.Name)
			}
			seen := map[string]bool{}
			for _, fl := range s.Filters {
				if checkName(fl.Name) != "" || seen[fl.Name] || fl.Limit < 1 {
					t.Fatalf("%s: bad filter %+v", s.Name, fl)
				}
				seen[fl.Name] = true
			}
		}
		if len(c.Fingerprint()) != 64 {
			t.Fatal("fingerprint is not a hex SHA-256")
		}
	})
}
