package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// walk reads one value of any kind, recursively, and writes it in compact
// form to out: objects and arrays through Object and Array, everything
// else through Value checked with json.Valid.
func walk(r *Reader, out *bytes.Buffer) error {
	c, err := r.Peek()
	if err != nil {
		return err
	}
	switch c {
	case '{':
		out.WriteByte('{')
		n := 0
		err := r.Object(func(name string) error {
			if n > 0 {
				out.WriteByte(',')
			}
			n++
			k, _ := json.Marshal(name)
			out.Write(k)
			out.WriteByte(':')
			return walk(r, out)
		})
		out.WriteByte('}')
		return err
	case '[':
		out.WriteByte('[')
		err := r.Array(func(i int) error {
			if i > 0 {
				out.WriteByte(',')
			}
			return walk(r, out)
		})
		out.WriteByte(']')
		return err
	}
	raw, err := r.Value()
	if err != nil {
		return err
	}
	if !json.Valid(raw) {
		return fmt.Errorf("%w: bad value %.40q", ErrSyntax, raw)
	}
	return json.Compact(out, raw)
}

// read walks the whole text from src and checks the end.
func read(src io.Reader) (string, error) {
	r := NewReader(src)
	var out bytes.Buffer
	if err := walk(r, &out); err != nil {
		return "", err
	}
	if err := r.End(); err != nil {
		return "", err
	}
	return out.String(), nil
}

// chunkReader reads at most n bytes at a time from r, so that values and
// names cross the Reader's buffer refills everywhere.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	return c.r.Read(p[:min(len(p), c.n)])
}

func TestReader(t *testing.T) {
	long := strings.Repeat(`x\"y\\`, 20000)
	tests := []struct {
		name, in string
		want     string // compact form; "" with err
		err      string
	}{
		{"object", ` {"a": 1, "b" : [true, false, null, "s"], "c": {}} `, `{"a":1,"b":[true,false,null,"s"],"c":{}}`, ""},
		{"nested", `[[[]],[{"x":[{"y":{}}]}]]`, `[[[]],[{"x":[{"y":{}}]}]]`, ""},
		{"scalar", `  -12.5e3  `, `-12.5e3`, ""},
		{"scalar at end", `42`, `42`, ""},
		{"string", `"a\"b"`, `"a\"b"`, ""},
		{"long escaped string", `{"k":"` + long + `"}`, `{"k":"` + long + `"}`, ""},
		{"escaped name", `{"\u0069d":1,"a\\b":2}`, `{"id":1,"a\\b":2}`, ""},
		{"names kept across refills", `{"alpha":{"beta":[1,2,{"gamma":"x"}]},"delta":"` + strings.Repeat("y", 40) + `"}`,
			`{"alpha":{"beta":[1,2,{"gamma":"x"}]},"delta":"` + strings.Repeat("y", 40) + `"}`, ""},
		{"brackets in strings", `{"a":"}]{[","b":"\\"}`, `{"a":"}]{[","b":"\\"}`, ""},
		{"empty", ``, "", "unexpected end"},
		{"space only", "  \n", "", "unexpected end"},
		{"unterminated object", `{"a":1`, "", "unexpected end"},
		{"unterminated string", `{"a":"xyz`, "", "unexpected end"},
		{"trailing comma object", `{"a":1,}`, "", "want a member name after ','"},
		{"trailing comma array", `[1,]`, "", "want a value after ','"},
		{"missing colon", `{"a" 1}`, "", "want ':'"},
		{"missing comma", `{"a":1 "b":2}`, "", "want ',' or '}'"},
		{"number name", `{1:2}`, "", "want a member name, got a number"},
		{"data after", `{} {}`, "", "data after the top-level value"},
		{"bad scalar", `[tru]`, "", "bad value"},
		{"control char in name", "{\"a\x01\":1}", "", "control character"},
		{"bad escape in name", `{"\x":1}`, "", "bad member name"},
		{"close first", `]`, "", "want a value"},
	}
	for _, tc := range tests {
		for _, mode := range []int{0, 1, 2, 3, 5} {
			t.Run(fmt.Sprintf("%s/chunk%d", tc.name, mode), func(t *testing.T) {
				var src io.Reader = strings.NewReader(tc.in)
				if mode > 0 {
					src = &chunkReader{r: src, n: mode}
				}
				got, err := read(src)
				if tc.err != "" {
					if err == nil || !strings.Contains(err.Error(), tc.err) {
						t.Fatalf("err = %v, want %q", err, tc.err)
					}
					if !errors.Is(err, ErrSyntax) {
						t.Errorf("err %v is not ErrSyntax", err)
					}
					return
				}
				if err != nil || got != tc.want {
					t.Fatalf("got %.80q, %v; want %.80q", got, err, tc.want)
				}
			})
		}
	}
}

func TestReaderNull(t *testing.T) {
	r := NewReader(strings.NewReader(`[null, null]`))
	calls := 0
	err := r.Array(func(i int) error {
		if i == 0 {
			return r.Object(func(string) error { calls++; return nil })
		}
		return r.Array(func(int) error { calls++; return nil })
	})
	if err != nil || calls != 0 {
		t.Fatalf("err %v, %d calls", err, calls)
	}
	if err := NewReader(strings.NewReader(`nul`)).Object(func(string) error { return nil }); err == nil {
		t.Fatal("nul accepted as null")
	}
}

func TestReaderReadError(t *testing.T) {
	boom := errors.New("connection reset")
	r := NewReader(io.MultiReader(strings.NewReader(`{"a":[1,2,`), iotest.ErrReader(boom)))
	err := r.Object(func(string) error { return r.Skip() })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the read error", err)
	}
}

// TestReaderOffset checks Offset and that memory is bounded by the largest
// value, not the text: 2,000 items of 1 KiB read through a buffer that
// never grows past a few times the read size.
func TestReaderBounded(t *testing.T) {
	item := `{"s":"` + strings.Repeat("a", 1000) + `"}`
	text := "[" + strings.Repeat(item+",", 1999) + item + "]"
	r := NewReader(strings.NewReader(text))
	n := 0
	err := r.Array(func(int) error {
		n++
		raw, err := r.Value()
		if err == nil && string(raw) != item {
			err = fmt.Errorf("item %d = %.40q", n, raw)
		}
		return err
	})
	if err != nil || n != 2000 {
		t.Fatalf("%d items, %v", n, err)
	}
	if r.Offset() != int64(len(text)) {
		t.Errorf("Offset = %d, want %d", r.Offset(), len(text))
	}
	if c := cap(r.buf); c > 4*minRead {
		t.Errorf("buffer grew to %d bytes for a %d-byte text of 1 KiB items", c, len(text))
	}
}

// FuzzReader checks that the Reader accepts exactly the valid JSON texts
// (with json.Valid checking the values it hands out) and that reading one
// byte at a time changes nothing.
func FuzzReader(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":"c\"}"}],"d":null}`, `[]`, `"x"`, `1`, `{"a":1,}`, `[1 2]`, `{"\u00e9":true}`, ` {} `, `{"a":"\\"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := read(bytes.NewReader(in))
		if valid := json.Valid(in); valid != (err == nil) {
			t.Fatalf("json.Valid = %v but Reader err = %v for %q", valid, err, in)
		}
		for n := 1; n <= 3; n++ {
			got1, err1 := read(&chunkReader{r: bytes.NewReader(in), n: n})
			if got1 != got || (err1 == nil) != (err == nil) {
				t.Fatalf("%d bytes at a time: %q, %v; whole: %q, %v", n, got1, err1, got, err)
			}
		}
		if err != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Compact(&want, in); err != nil || want.String() != got {
			// names are re-encoded by walk, so compare decoded forms
			var a, b any
			if json.Unmarshal([]byte(got), &a) != nil || json.Unmarshal(in, &b) != nil || fmt.Sprint(a) != fmt.Sprint(b) {
				t.Fatalf("walked %q, want %q", got, want.String())
			}
		}
	})
}

// TestReleaseReusesBuffer checks that a released Reader's buffer serves
// the next one (no read buffer allocated per text) and that a released
// Reader fails rather than reads.
func TestReleaseReusesBuffer(t *testing.T) {
	text := []byte(`{"a":[1,2,3],"b":"x"}`)
	br := bytes.NewReader(text)
	allocs := testing.AllocsPerRun(100, func() {
		br.Reset(text)
		r := NewReader(br)
		if err := r.Skip(); err != nil {
			t.Fatal(err)
		}
		r.Release()
	})
	if allocs > 1 { // the Reader itself
		t.Errorf("%.1f allocations per text; want the Reader only", allocs)
	}
	r := NewReader(bytes.NewReader(text))
	r.Release()
	if err := r.Skip(); err == nil {
		t.Error("a released Reader read on")
	}
}

// TestMembers checks that Members reports the listed names by index, skips
// the others (whatever they hold) and reads escaped names and null.
func TestMembers(t *testing.T) {
	keys := NewKeys("id", "url")
	text := `[{"x":{"id":9},"id":1,"big":[1,{"url":"no"}],"\u0075rl":"u"}, null, {}]`
	for _, n := range []int{0, 1, 2, 3} {
		var src io.Reader = strings.NewReader(text)
		if n > 0 {
			src = &chunkReader{r: src, n: n}
		}
		r := NewReader(src)
		var got []string
		err := r.Array(func(int) error {
			return r.Members(keys, func(k int) error {
				raw, err := r.Value()
				got = append(got, keys.Name(k)+"="+string(raw))
				return err
			})
		})
		if err == nil {
			err = r.End()
		}
		if want := []string{"id=1", `url="u"`}; err != nil || !slices.Equal(got, want) {
			t.Errorf("chunk %d: %q, %v; want %q", n, got, err, want)
		}
	}
}

// A long value trickled one byte per read grows the buffer in doubling
// steps: a few allocations, not one per read (which made reading 100 KB
// this way take seconds). The Reader starts with a fresh buffer of
// minRead, as from an empty pool.
func TestTrickledValueGrowsGeometrically(t *testing.T) {
	in := `["` + strings.Repeat("a", 100_000) + `"]`
	allocs := testing.AllocsPerRun(1, func() {
		r := &Reader{r: &chunkReader{r: strings.NewReader(in), n: 1}, buf: make([]byte, 0, minRead)}
		if err := r.Array(func(int) error { return r.Skip() }); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 30 {
		t.Errorf("%v allocations to read a 100 KB value one byte at a time; want a few (doubling)", allocs)
	}
}
