package tstypes

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the committed manifests.d.ts")

// committed is the generated file kept in the repository.
var committed = filepath.Join("..", "schemas", File)

// TestCommittedUpToDate regenerates manifests.d.ts from the schemas and
// compares it with the committed copy, so that the types cannot drift from
// the schemas.
func TestCommittedUpToDate(t *testing.T) {
	if *update {
		if _, err := Write(committed); err != nil {
			t.Fatal(err)
		}
	}
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the schemas; regenerate it with\n\tgo test ./manifestgen/tstypes -update", committed)
	}
}

// TestGenerateShapes checks how schema constructs map to TypeScript.
func TestGenerateShapes(t *testing.T) {
	out, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"export interface Index {",
		"  schemaVersion: ", // const
		`  hub: "live" | "embedded";`,
		"  sources: Record<string, Source>;",
		"  config?: string;", // not required
		"  previous: null | Ref;",
		"  tags: Array<string>;",
		"  from: unknown;",
		"  status?: {\n    /** Previous status. */\n",
		"export interface SeenFile {",
		"/** Display name. */\n  name: string;",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in:\n%s", want, s)
		}
	}
	if strings.Count(s, "/**") != strings.Count(s, "*/") {
		t.Error("unbalanced comments")
	}
}

func TestComment(t *testing.T) {
	var b bytes.Buffer
	comment(&b, "  ", "ends */ early")
	if got := b.String(); got != "  /** ends *\\/ early */\n" {
		t.Errorf("%q", got)
	}
	for _, tt := range []struct{ in, want string }{{"id", "id"}, {"a-b", `"a-b"`}, {"$x1", "$x1"}, {"1a", `"1a"`}, {"", `""`}} {
		if got := propName(tt.in); got != tt.want {
			t.Errorf("propName(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), File)
	for i, want := range []bool{true, false} {
		wrote, err := Write(path)
		if err != nil || wrote != want {
			t.Errorf("write %d: wrote %v, err %v", i, wrote, err)
		}
	}
	if _, err := Write(filepath.Join(t.TempDir(), "missing", File)); err == nil {
		t.Error("no error for a missing dir")
	}
}
