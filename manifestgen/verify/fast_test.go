package verify_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/schemas"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
	"github.com/manifestgen/manifestgen/manifestgen/writer"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestFastPathsPinned fails when a schema file changed: the fast parser
// for it is then off (its files take the full path) until fast.go is
// updated to the new schema and fastDigests to its digest.
func TestFastPathsPinned(t *testing.T) {
	index, models, filter := verify.FastPaths()
	if !index || !models || !filter {
		t.Fatalf("fast paths on: index %v, models %v, filter %v; a schema changed: update the parsers in fast.go, then fastDigests",
			index, models, filter)
	}
}

// kindOf is the schema kind of a file of an output dir.
func kindOf(rel string) string {
	switch {
	case rel == verify.IndexFile:
		return "index"
	case strings.HasSuffix(rel, "/models.json"):
		return "models"
	}
	return "filter"
}

// goodFiles returns the files of the good dir by path.
func goodFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(goodSrc), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[rel], err = os.ReadFile(filepath.Join(goodSrc, filepath.FromSlash(rel)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// fastFiles is goodFiles without the change feed and the seen files, which
// have no fast path.
func fastFiles(t testing.TB) map[string][]byte {
	files := goodFiles(t)
	for rel := range files {
		if rel == changes.File || strings.HasSuffix(rel, "/seen.json") {
			delete(files, rel)
		}
	}
	return files
}

// checkBothPaths fails when the fast path accepts data that the full path
// does not accept as it is, or decodes it differently. It reports whether
// the fast path accepted data.
func checkBothPaths(t testing.TB, kind string, data []byte) bool {
	t.Helper()
	fastOK, fast, fullOK, full, bad := verify.BothPaths(kind, data)
	if !fastOK {
		return false
	}
	if !fullOK || len(bad) > 0 {
		t.Fatalf("fast path accepted a %s file the full path rejects (decoded %v, violations %v):\n%s", kind, fullOK, bad, data)
	}
	if !reflect.DeepEqual(fast, full) {
		t.Fatalf("fast path decoded a %s file as\n%+v\nthe full path as\n%+v\n%s", kind, fast, full, data)
	}
	return true
}

// TestFastReadsWriterOutput: the fast path accepts what the writer writes
// (else it would gain nothing) and decodes it as the full path does.
func TestFastReadsWriterOutput(t *testing.T) {
	for rel, data := range fastFiles(t) {
		if !checkBothPaths(t, kindOf(rel), data) {
			t.Errorf("fast path rejects %s:\n%s", rel, data)
		}
	}
}

// TestFastNeverLaxer mutates the good files at random, as bytes and as JSON
// values: whatever the fast path accepts, the full path accepts too and
// decodes the same way.
func TestFastNeverLaxer(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for rel, data := range fastFiles(t) {
		kind := kindOf(rel)
		accepted := 0
		for range n {
			var m []byte
			if rng.IntN(2) == 0 {
				m = mutateBytes(rng, data)
			} else {
				m = mutateValue(rng, data)
			}
			if checkBothPaths(t, kind, m) {
				accepted++
			}
		}
		t.Logf("%s: fast path accepted %d of %d mutants", rel, accepted, n)
	}
}

// tokens are what mutateBytes inserts: JSON punctuation, literals, numbers
// the schemas treat specially, escapes and awkward UTF-8.
var tokens = []string{
	`"`, `\`, `,`, `:`, `{`, `}`, `[`, `]`, ` `, "\n", "\t", "\x00", "\x1f",
	`0`, `1`, `-1`, `-0`, `01`, `1.0`, `1.5`, `1e2`, `1E2`, `99999999999999999999`, `null`, `true`, `false`, `tru`,
	`""`, `"x"`, `"id"`, `"\u0041"`, `\u0000`, `\ud800`, `\n`, `\/`, `\x`, `\u12`, "\xff", "\u2028", "é", "\ufeff",
	`"source"`, `"count"`, `"models"`, `"modelIds"`, `"filter"`, `"status"`, `"file"`, `"error"`, `"fetchedAt"`,
}

// mutateBytes applies one to three random byte-level edits to data.
func mutateBytes(rng *rand.Rand, data []byte) []byte {
	m := slices.Clone(data)
	for range 1 + rng.IntN(3) {
		i := rng.IntN(len(m) + 1)
		switch rng.IntN(5) {
		case 0: // delete a short range
			j := min(len(m), i+1+rng.IntN(8))
			m = slices.Delete(m, min(i, j), j)
		case 1: // insert a token
			m = slices.Insert(m, i, []byte(tokens[rng.IntN(len(tokens))])...)
		case 2: // overwrite a byte
			if i < len(m) {
				m[i] = byte(rng.IntN(256))
			}
		case 3: // duplicate a range (duplicate keys, repeated ids)
			j := min(len(m), i+rng.IntN(64))
			m = slices.Insert(m, j, m[i:j]...)
		case 4: // swap two bytes
			if k := rng.IntN(len(m) + 1); i < len(m) && k < len(m) {
				m[i], m[k] = m[k], m[i]
			}
		}
	}
	return m
}

// values are what mutateValue puts into documents.
var values = []any{
	nil, true, false, 0, 1, -1, 2, 1.5, 1e300, json.Number("1.0"), json.Number("1e0"), json.Number("-0"),
	json.Number("18446744073709551616"), math.MaxInt64,
	"", "x", "a-b_c", "a/b", "a//b", "/a", "a/", ".a", "a.b", "A", "a b", "é", "\u2028", "<&>", "\x00", "a\"b",
	"civitai", "huggingface", "civitai/models.json", "civitai/filters/lora.json", "civitai/filters/.json",
	"fresh", "stale", "missing", "live", "embedded", "org/a", "org/b", "1", strings.Repeat("a", 65), strings.Repeat("a", 201),
	"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123456789Z", "2026-01-02t03:04:05Z", "2026-02-30T03:04:05Z",
	"2026-01-02T03:04:60Z", "2026-01-02T23:59:60Z", "2026-01-02T03:04:05+01:00", "2026-01-02T03:04:05.Z",
	"2026-01-02T03:04:05.1234567890Z", "2026-01-02 03:04:05Z",
	[]any{}, []any{"org/a"}, []any{"org/a", "org/a"}, []any{"x", 1}, []any{""}, map[string]any{},
	map[string]any{"id": "org/a"}, map[string]any{"models": "civitai/models.json", "count": 1},
}

// value returns a fresh copy of a random element of values.
func value(rng *rand.Rand) any {
	return deepCopy(values[rng.IntN(len(values))])
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	}
	return v
}

// keys are what mutateValue adds to objects.
var keys = []string{
	"id", "name", "author", "downloads", "likes", "tags", "type", "nsfw", "url", "license", "baseModel", "library",
	"parameters", "sizeBytes", "preview", "createdAt", "commercialUse", "allowNoCredit", "allowDerivatives",
	"allowDifferentLicense", "versionId", "baseModels", "downloadUrl", "updatedAt", "lastModified", "sha", "width",
	"height", "nsfwLevel", "versions", "source", "filter", "modelIds", "count", "models",
	"schemaVersion", "generatedAt", "generation", "config", "hub", "sources", "filters", "file", "status",
	"fetchedAt", "error", "label", "query", "ID", "Source", "extra", "", "org/a", "civitai",
}

// mutateValue decodes data, makes one to three random edits to its values
// and encodes it again, sometimes compactly, sometimes with HTML escapes.
func mutateValue(rng *rand.Rand, data []byte) []byte {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		panic(err)
	}
	for range 1 + rng.IntN(3) {
		doc = mutateAt(rng, doc, rng.IntN(4))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(rng.IntN(2) == 0)
	if rng.IntN(2) == 0 {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(doc); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// mutateAt edits v at a random place about depth levels down.
func mutateAt(rng *rand.Rand, v any, depth int) any {
	switch v := v.(type) {
	case map[string]any:
		ks := slices.Sorted(func(yield func(string) bool) {
			for k := range v {
				if !yield(k) {
					return
				}
			}
		})
		if depth > 0 && len(ks) > 0 {
			k := ks[rng.IntN(len(ks))]
			v[k] = mutateAt(rng, v[k], depth-1)
			return v
		}
		switch rng.IntN(3) {
		case 0:
			if len(ks) > 0 {
				delete(v, ks[rng.IntN(len(ks))])
			}
		case 1:
			v[keys[rng.IntN(len(keys))]] = value(rng)
		case 2:
			if len(ks) > 0 {
				v[ks[rng.IntN(len(ks))]] = value(rng)
			}
		}
		return v
	case []any:
		if depth > 0 && len(v) > 0 {
			i := rng.IntN(len(v))
			v[i] = mutateAt(rng, v[i], depth-1)
			return v
		}
		switch rng.IntN(3) {
		case 0:
			if len(v) > 0 {
				return slices.Delete(v, 0, 1)
			}
		case 1:
			return append(v, value(rng))
		case 2:
			if len(v) > 0 {
				return append(v, deepCopy(v[rng.IntN(len(v))])) // a repeat
			}
		}
		return v
	}
	return value(rng)
}

// FuzzFastPath: for any bytes, whatever the fast path accepts the full path
// accepts and decodes the same way.
func FuzzFastPath(f *testing.F) {
	kinds := []string{"index", "models", "filter"}
	for rel, data := range fastFiles(f) {
		f.Add(uint8(slices.Index(kinds, kindOf(rel))), data)
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		checkBothPaths(t, kinds[int(kind)%len(kinds)], data)
	})
}

// TestFastPatterns compares the fast path's matchers with the patterns of
// the schema files, on edge cases and random strings.
func TestFastPatterns(t *testing.T) {
	var patterns []string
	for _, name := range schemas.Names {
		data, err := schemas.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		patterns = append(patterns, collectPatterns(doc)...)
	}
	edge := []string{"", "a", "0", "-", "_", ".", "/", "a/b", "a//b", "a/", "/a", "a/.b", "a/-b", "a.b", "a_b-c", "A",
		"a\n", "é", "x/models.json", "x/models.jsonx", "/models.json", "x/filters/y.json", "x/filters/.json",
		"x/filters/y/z.json", "x/filters/y/.json", "x/filters/y.json.json", "x-y/filters/a.b/c_d.json", "x/filters/",
		"x/filters/y", "x/filtersy.json", "x/y/filters/z.json", "X/models.json"}
	const alphabet = "az09_-./AZ\né"
	rng := rand.New(rand.NewPCG(3, 5))
	for _, p := range slices.Compact(slices.Sorted(slices.Values(patterns))) {
		match, ok := verify.Patterns[p]
		if !ok {
			t.Errorf("no matcher for the schemas' pattern %s", p)
			continue
		}
		re := regexp.MustCompile(p)
		check := func(s string) {
			if got, want := match(s), re.MatchString(s); got != want {
				t.Errorf("pattern %s on %q: matcher says %v, regexp %v", p, s, got, want)
			}
		}
		for _, s := range edge {
			check(s)
		}
		for range 20000 {
			var b strings.Builder
			for range rng.IntN(14) {
				b.WriteByte(alphabet[rng.IntN(len(alphabet))])
			}
			for _, affix := range []string{"", "/models.json", "/filters/", ".json"} {
				check(b.String() + affix)
			}
		}
	}
}

func collectPatterns(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "pattern" {
				out = append(out, s)
			}
			out = append(out, collectPatterns(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, collectPatterns(x)...)
		}
	}
	return out
}

// TestFastDateTime: the fast path's date-time check accepts what the writer
// writes and nothing the schema library's date-time format rejects.
func TestFastDateTime(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("dt.json", map[string]any{"type": "string", "format": "date-time"}); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("dt.json")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 9))
	const chars = "0123456789-:.TtZz+ "
	for i := range 50000 {
		ts := time.Unix(rng.Int64N(1<<36)-1<<35, rng.Int64N(1e9)).UTC()
		if i%3 == 0 {
			ts = ts.Truncate(time.Second)
		}
		s := ts.Format(time.RFC3339Nano)
		if ts.Year() >= 0 && ts.Year() <= 9999 && !verify.IsDateTime(s) {
			t.Fatalf("rejects %q, written by Go", s)
		}
		for range rng.IntN(3) { // damage it
			b := []byte(s)
			b[rng.IntN(len(b))] = chars[rng.IntN(len(chars))]
			s = string(b)
		}
		if rng.IntN(4) == 0 {
			s = s[:rng.IntN(len(s)+1)] + s[rng.IntN(len(s)+1):]
		}
		if verify.IsDateTime(s) {
			if err := sch.Validate(s); err != nil {
				t.Fatalf("accepts %q, which the library rejects: %v", s, err)
			}
		}
	}
}

// TestWritten: Written takes the contents of the files it is given from
// them, and everything else from the dir.
func TestWritten(t *testing.T) {
	dir := goodDir(t)
	files := goodFiles(t)
	rep, err := verify.Written(dir, files)
	if err != nil || rep.Err() != nil || rep.Files != len(files) {
		t.Fatalf("good dir: %v, %v", rep, err)
	}

	broken := map[string][]byte{}
	for rel, data := range files {
		broken[rel] = data
	}
	broken["huggingface/models.json"] = []byte(`{"source":"huggingface","count":5,"models":{}}`)
	broken["civitai/filters/gone.json"] = []byte(`{}`)
	if err := os.WriteFile(filepath.Join(dir, "civitai", "stray.json"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = verify.Written(dir, broken)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"huggingface/models.json#/count", // from the bytes given, not the good file on disk
		"civitai/stray.json: not listed", // on disk only
	} {
		if !strings.Contains(rep.String(), want) {
			t.Errorf("no violation %q in:\n%s", want, rep)
		}
	}
	if strings.Contains(rep.String(), "gone.json") {
		t.Errorf("a file given but not on disk and not listed was reported:\n%s", rep)
	}
}

// assertSameReports fails unless Dir, Dir with the fast path off and
// Written with the dir's own contents report alike on dir.
func assertSameReports(t *testing.T, dir string) {
	t.Helper()
	want, err := verify.DirFullPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	contents := map[string][]byte{}
	err = fs.WalkDir(os.DirFS(dir), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		contents[rel], err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, check := range map[string]func() (*verify.Report, error){
		"Dir":     func() (*verify.Report, error) { return verify.Dir(dir) },
		"Written": func() (*verify.Report, error) { return verify.Written(dir, contents) },
	} {
		got, err := check()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(canonical(got), canonical(want)) || got.Files != want.Files {
			t.Errorf("%s reports\n%s\nthe full path\n%s", name, got, want)
		}
	}
}

var quoted = regexp.MustCompile(`'[^']*'`)

// canonical returns r's violations with the quoted names in each message
// sorted: the schema library lists, say, additional properties in map
// order.
func canonical(r *verify.Report) []verify.Violation {
	out := slices.Clone(r.Violations)
	for i, v := range out {
		names := quoted.FindAllString(v.Message, -1)
		slices.Sort(names)
		out[i].Message = quoted.ReplaceAllStringFunc(v.Message, func(string) string {
			n := names[0]
			names = names[1:]
			return n
		})
	}
	slices.SortFunc(out, func(a, b verify.Violation) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// TestSameReportsOnMutants: on output dirs with one file mutated at random,
// Dir and Written report exactly what the full path reports.
func TestSameReportsOnMutants(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	dir := goodDir(t)
	files := goodFiles(t)
	rels := slices.Sorted(func(yield func(string) bool) {
		for rel := range files {
			if !yield(rel) {
				return
			}
		}
	})
	n := 200
	if testing.Short() {
		n = 30
	}
	for i := range n {
		rel := rels[rng.IntN(len(rels))]
		path := filepath.Join(dir, filepath.FromSlash(rel))
		m := mutateValue(rng, files[rel])
		if i%2 == 0 {
			m = mutateBytes(rng, files[rel])
		}
		if err := os.WriteFile(path, m, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { assertSameReports(t, dir) })
		if err := os.WriteFile(path, files[rel], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkDir checks an output dir of 2,000 filters of 100 models each
// (100,050 models) with the fast path and without it.
func BenchmarkDir(b *testing.B) {
	set := &manifest.Set{Hub: manifest.HubLive}
	src := manifest.SourceResult{Source: "civitai", Origin: "https://civitai.com", Models: map[string]manifest.Model{}}
	for f := range 2000 {
		var ids []string
		for i := range 100 {
			id := fmt.Sprint(100000 + f*50 + i)
			ids = append(ids, id)
			src.Models[id] = manifest.Model{ID: id, Name: "Model " + id + " — realistic 写实 v2", Author: "creator",
				Downloads: 12345, Likes: 678, Tags: []string{"base model", "character", "realistic", "style"}, Type: "LORA",
				URL: "https://civitai.com/models/" + id, CommercialUse: []string{"Image"}, VersionID: 176425, BaseModel: "SD 1.5",
				BaseModels: []string{"SD 1.5"}, SizeBytes: 2132625894, DownloadURL: "https://civitai.com/api/download/models/176425",
				Preview: &manifest.Preview{URL: "https://image.civitai.com/xG1nkqKTMzGDvpLrqFT7WA/4fd40408-f963-4d2d-8caa-8d3f176139cf/width=450/" + id + ".jpeg",
					Width: 1024, Height: 1536, Type: "image", NSFWLevel: 1},
				CreatedAt: "2023-10-05T13:31:16.745", UpdatedAt: "2023-11-11T16:15:55.231"}
		}
		src.Filters = append(src.Filters, manifest.FilterResult{Name: fmt.Sprintf("f/%04d", f), ModelIDs: ids, FetchedAt: t0})
	}
	set.Sources = append(set.Sources, src)
	dir := filepath.Join(b.TempDir(), "out")
	if _, err := writer.Write(dir, set, writer.Options{}); err != nil {
		b.Fatal(err)
	}
	for name, check := range map[string]func(string) (*verify.Report, error){"fast": verify.Dir, "full": verify.DirFullPath} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				rep, err := check(dir)
				if err != nil || rep.Err() != nil {
					b.Fatal(err, rep.Err())
				}
			}
		})
	}
}
