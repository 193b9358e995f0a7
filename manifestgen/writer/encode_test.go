package writer

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// awkward are strings that exercise every escaping rule of appendString.
var awkward = []string{
	"", "plain", "B <&>", `quote " and backslash \`, "tab\tnewline\ncr\rbs\bff\f", "\x00\x01\x1f\x7f",
	"é 写实 — 🙂", "\u2028\u2029", "bad \xff utf8 \xc3", "\xe2\x80", "12345678\"", "1234567\x01", "𝄞 surrogate",
	strings.Repeat("long plain text ", 20), strings.Repeat("é", 9) + "\"",
}

// randomString draws a string of awkward pieces and random bytes.
func randomString(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(4) {
		if rng.IntN(3) == 0 {
			b.WriteByte(byte(rng.IntN(256)))
		} else {
			b.WriteString(awkward[rng.IntN(len(awkward))])
		}
	}
	return b.String()
}

func randomModel(rng *rand.Rand, id string) manifest.Model {
	num := func() int64 {
		switch rng.IntN(4) {
		case 0:
			return 0
		case 1:
			return math.MinInt64
		case 2:
			return math.MaxInt64
		}
		return rng.Int64N(1e9) - 1e8
	}
	str := func() string {
		if rng.IntN(3) == 0 {
			return ""
		}
		return randomString(rng)
	}
	var tags []string
	switch rng.IntN(3) {
	case 0: // nil
	case 1:
		tags = []string{}
	case 2:
		for range 1 + rng.IntN(4) {
			tags = append(tags, str())
		}
	}
	strs := func() []string {
		switch rng.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		return []string{str(), str()}
	}
	flag := func() *bool {
		if rng.IntN(3) == 0 {
			return nil
		}
		v := rng.IntN(2) == 0
		return &v
	}
	var preview *manifest.Preview
	if rng.IntN(3) > 0 {
		preview = &manifest.Preview{URL: str(), Width: int(num()), Height: int(num()), Type: str(), NSFWLevel: int(num())}
	}
	return manifest.Model{
		ID: id, Name: str(), Author: str(), Downloads: num(), Likes: num(), Tags: tags, Type: str(),
		NSFW: rng.IntN(2) == 0, URL: str(), License: str(), CommercialUse: strs(), AllowNoCredit: flag(),
		AllowDerivatives: flag(), AllowDifferentLicense: flag(), VersionID: num(), BaseModel: str(), BaseModels: strs(),
		Library: str(), Parameters: num(), SizeBytes: num(), DownloadURL: str(), Preview: preview, CreatedAt: str(),
		UpdatedAt: str(), LastModified: str(), SHA: str(),
		PreviewCandidates: []manifest.Preview{{URL: str()}}, // never written
	}
}

// TestEncodeFileMatchesEncode: the hand-written encoders produce exactly
// what encoding/json does, for filter and models files of every shape.
func TestEncodeFileMatchesEncode(t *testing.T) {
	if !handShaped() {
		t.Fatal("the manifest types changed: update the hand-written encoders in encode.go and the field lists they check")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	values := []any{
		manifest.FilterFile{},
		manifest.FilterFile{Source: "s", Filter: "f", ModelIDs: []string{}},
		manifest.FilterFile{Source: "s", Filter: "a/b", ModelIDs: []string{"x"}},
		manifest.ModelsFile{},
		manifest.ModelsFile{Source: "s", Models: map[string]manifest.Model{}},
		manifest.ModelsFile{Source: "s", Count: 7, Models: map[string]manifest.Model{"x": {}}},
	}
	for range 500 {
		ff := manifest.FilterFile{Source: randomString(rng), Filter: randomString(rng)}
		for range rng.IntN(5) {
			ff.ModelIDs = append(ff.ModelIDs, randomString(rng))
		}
		switch rng.IntN(3) {
		case 0: // nil
		case 1:
			ff.Versions = []manifest.SelectedVersion{}
		case 2:
			for range 1 + rng.IntN(4) {
				ff.Versions = append(ff.Versions, manifest.SelectedVersion{ID: rng.Int64N(3) * rng.Int64(), BaseModel: randomString(rng),
					SizeBytes: rng.Int64N(2) * rng.Int64(), DownloadURL: randomString(rng)})
			}
		}
		mf := manifest.ModelsFile{Source: randomString(rng), Count: rng.IntN(1000) - 10, Models: map[string]manifest.Model{}}
		for range rng.IntN(2 * sizeSample) {
			id := randomString(rng)
			mf.Models[id] = randomModel(rng, id)
		}
		values = append(values, ff, mf)
	}
	// Enough models to size the buffer from a sample.
	big := manifest.ModelsFile{Source: "civitai", Models: map[string]manifest.Model{}}
	for i := range 5 * sizeSample {
		id := strings.Repeat("9", i%7) + randomString(rng)
		big.Models[id] = randomModel(rng, id)
	}
	values = append(values, big)
	for _, v := range values {
		want, err := encode(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeFile(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("encodeFile(%#v) =\n%s\nwant\n%s", v, got, want)
		}
	}
}

// FuzzAppendString: appendString quotes as encoding/json does with HTML
// escaping off.
func FuzzAppendString(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := encode(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := append(appendString(nil, s), '\n'); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

// TestPlainRun compares the word-at-a-time scan with a byte loop, with a
// special byte at every position of strings up to 40 bytes.
func TestPlainRun(t *testing.T) {
	slow := func(s string) int {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
				return i
			}
		}
		return len(s)
	}
	base := strings.Repeat("abcdefgh ~!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}", 1)[:40]
	for n := range len(base) + 1 {
		s := base[:n]
		if got := plainRun(s); got != len(s) {
			t.Fatalf("plainRun(%q) = %d", s, got)
		}
		for i := range n {
			for _, c := range []byte{0, 0x1f, '"', '\\', 0x80, 0xff, 0x20, 0x7f, 0x21, 0x5b, 0x5d} {
				b := []byte(s)
				b[i] = c
				if got, want := plainRun(string(b)), slow(string(b)); got != want {
					t.Fatalf("plainRun(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

// TestShapedAs: a type that does not look exactly as expected is encoded
// by encoding/json.
func TestShapedAs(t *testing.T) {
	type ok struct {
		A string `json:"a"`
	}
	type tagged struct {
		A string `json:"a,omitempty"`
	}
	type more struct {
		A string `json:"a"`
		B int    `json:"b"`
	}
	type typed struct {
		A int `json:"a"`
	}
	want := []field{{"A", "string", "a"}}
	tests := []struct {
		typ  reflect.Type
		want bool
	}{
		{reflect.TypeFor[ok](), true},
		{reflect.TypeFor[tagged](), false},
		{reflect.TypeFor[more](), false},
		{reflect.TypeFor[typed](), false},
		{reflect.TypeFor[marshals](), false},
		{reflect.TypeFor[string](), false},
	}
	for _, tt := range tests {
		if got := shapedAs(tt.typ, want); got != tt.want {
			t.Errorf("shapedAs(%v) = %v, want %v", tt.typ, got, tt.want)
		}
	}
}

type marshals struct {
	A string `json:"a"`
}

func (marshals) MarshalText() ([]byte, error) { return nil, nil }

// TestModelsOut: the models file assembled from fresh and carried models is
// the models file of the referenced models, fresh ones winning, normalised.
func TestModelsOut(t *testing.T) {
	set := map[string]manifest.Model{
		"a": {ID: "a", Name: "fresh a"}, // nil tags: normalised
		"b": {ID: "b", Name: "fresh b", Tags: []string{"x"}},
		"u": {ID: "u", Name: "unreferenced"}, // in the set, listed by no fresh filter
	}
	mo := newModelsOut("s", set)
	if got := mo.fresh(0, []string{"b", "a", "b"}); !reflect.DeepEqual(got, []string{"b", "a"}) {
		t.Errorf("fresh filter 0 ids %v", got)
	}
	if got := mo.fresh(1, []string{"a", "a"}); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("fresh filter 1 ids %v", got)
	}
	if got := mo.fresh(2, nil); got == nil || len(got) != 0 {
		t.Errorf("fresh filter 2 ids %#v, want empty", got)
	}
	mo.carry(map[string]manifest.Model{"a": {ID: "a", Name: "carried a", Tags: []string{}}, "u": {ID: "u", Name: "carried u", Tags: []string{}}})
	mo.carry(map[string]manifest.Model{"c": {ID: "c", Name: "carried c", Tags: []string{}}})
	got, err := mo.encode()
	if err != nil {
		t.Fatal(err)
	}
	want, err := encode(manifest.ModelsFile{Source: "s", Count: 4, Models: map[string]manifest.Model{
		"a": {ID: "a", Name: "fresh a", Tags: []string{}},
		"b": {ID: "b", Name: "fresh b", Tags: []string{"x"}},
		"c": {ID: "c", Name: "carried c", Tags: []string{}},
		"u": {ID: "u", Name: "carried u", Tags: []string{}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || mo.len() != 4 {
		t.Errorf("models file (%d models)\n%s\nwant\n%s", mo.len(), got, want)
	}
}

// TestWriteMatchesEncoding writes sets full of awkward strings and checks
// every filter and models file against encoding/json's rendering of what
// it must hold.
func TestWriteMatchesEncoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir() + "/out"
	for round := range 3 {
		set := &manifest.Set{Hub: manifest.HubLive}
		want := map[string][]byte{}
		for s := range 2 {
			src := manifest.SourceResult{Source: []string{"civitai", "huggingface"}[s], Models: map[string]manifest.Model{}}
			src.Origin = origin(set.Hub, src.Source)
			referenced := map[string]manifest.Model{}
			for f := range 1 + rng.IntN(4) {
				var ids []string
				unique := []string{} // as the writer dedupes: never nil
				seen := map[string]bool{}
				for range rng.IntN(6) {
					id := strings.ToValidUTF8(randomString(rng), "") + "x" // distinct once encoded, never empty
					if rng.IntN(4) == 0 && len(ids) > 0 {
						id = ids[rng.IntN(len(ids))] // a repeat
					}
					ids = append(ids, id)
					if !seen[id] {
						seen[id] = true
						unique = append(unique, id)
					}
					m := schemaValid(randomModel(rng, id))
					src.Models[id] = m
					if m.Tags == nil {
						m.Tags = []string{}
					}
					referenced[id] = m
				}
				name := []string{"a", "b/c", "d.e", "f_g-h"}[f]
				src.Filters = append(src.Filters, manifest.FilterResult{Name: name, ModelIDs: ids, FetchedAt: t0})
				want[manifest.FilterPath(src.Source, name)] = mustEncode(t, manifest.FilterFile{Source: src.Source, Filter: name, ModelIDs: unique})
			}
			src.Models["unreferenced"] = schemaValid(randomModel(rng, "unreferenced"))
			want[manifest.ModelsPath(src.Source)] = mustEncode(t, manifest.ModelsFile{Source: src.Source, Count: len(referenced), Models: referenced})
			set.Sources = append(set.Sources, src)
		}
		if _, err := Write(dir, set, Options{Now: fixedNow(t0.Add(time.Duration(round) * time.Hour))}); err != nil {
			t.Fatal(err)
		}
		files := readTree(t, dir)
		for path, w := range want {
			if got := files[path]; got != string(w) {
				t.Fatalf("round %d: %s =\n%s\nwant\n%s", round, path, got, w)
			}
		}
		if len(files) != len(want)+2+len(set.Sources) {
			t.Errorf("round %d: %d files, want %d, index.json, changes.json and a seen file per source", round, len(files), len(want))
		}
	}
}

// schemaValid makes a random model one models.schema.json accepts.
func schemaValid(m manifest.Model) manifest.Model {
	distinct := func(ss []string, nonEmpty bool) []string {
		var out []string
		for _, s := range ss {
			if !slices.Contains(out, s) && (s != "" || !nonEmpty) {
				out = append(out, s)
			}
		}
		return out
	}
	m.CommercialUse = distinct(m.CommercialUse, true)
	m.BaseModels = distinct(m.BaseModels, false)
	m.VersionID = max(m.VersionID, 0)
	if p := m.Preview; p != nil {
		q := *p
		q.Width, q.Height, q.Type = max(q.Width, 0), max(q.Height, 0), "image"
		q.NSFWLevel = 1 << (uint(q.NSFWLevel) % 5)
		m.Preview = &q
	}
	return m
}

func mustEncode(t *testing.T, v any) []byte {
	t.Helper()
	data, err := encode(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// BenchmarkEncodeModels encodes a models file of 100,000 civitai-like
// models by hand and with encoding/json.
func BenchmarkEncodeModels(b *testing.B) {
	mf := manifest.ModelsFile{Source: "civitai", Models: map[string]manifest.Model{}}
	mk := civitaiModel(0)
	for i := range 100000 {
		m := mk("civitai", i)
		mf.Models[m.ID] = m
	}
	mf.Count = len(mf.Models)
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			if _, err := encodeFile(mf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			if _, err := encode(mf); err != nil {
				b.Fatal(err)
			}
		}
	})
}
