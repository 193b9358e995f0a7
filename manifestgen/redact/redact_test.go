package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

const tok = "civ+SECRET/key=123"

// spellings returns ways a hub or a library may write v.
func spellings(v string) []string {
	j, _ := json.Marshal(v)
	var noHTML bytes.Buffer
	enc := json.NewEncoder(&noHTML)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	all := []string{
		v,
		string(j[1 : len(j)-1]),
		strings.TrimSuffix(noHTML.String(), "\n")[1 : noHTML.Len()-2],
		strings.ReplaceAll(v, "/", `\/`), // PHP's json_encode
		url.QueryEscape(v),
		url.PathEscape(v),
		strings.ToLower(url.QueryEscape(v)), // lower-case hex (and letters: not a spelling of v unless v has none)
		unicodeAll(v),
		percentAll(v),
	}
	return all
}

// unicodeAll writes every character of v as \uXXXX.
func unicodeAll(v string) string {
	var b strings.Builder
	for _, r := range v {
		fmt.Fprintf(&b, `\u%04X`, r)
	}
	return b.String()
}

// percentAll writes every byte of v as %xx.
func percentAll(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		fmt.Fprintf(&b, "%%%02x", v[i])
	}
	return b.String()
}

func TestRemoveSpellings(t *testing.T) {
	s := New(tok, "", "hf_abcdefghijklmnopqrstuvwxyz")
	for _, sp := range spellings(tok) {
		if strings.ToLower(url.QueryEscape(tok)) == sp {
			continue // lower-cases the letters too: another string
		}
		for _, in := range []string{sp, "invalid key " + sp + "!", `{"error":"` + sp + `"}`, "?cursor=" + sp + "&x=1"} {
			out := s.Remove(in)
			if strings.Contains(out, tok) || s.Contains(out) || !strings.Contains(out, Marker) {
				t.Errorf("Remove(%q) = %q", in, out)
			}
		}
	}
	// Percent-encoding with lower-case hex only.
	lower := "civ%2bSECRET%2fkey%3d123"
	if out := s.Remove("x" + lower + "y"); out != "x"+Marker+"y" {
		t.Errorf("Remove(lower-case hex) = %q", out)
	}
	if got := s.Remove("nothing here"); got != "nothing here" {
		t.Errorf("Remove changed clean text: %q", got)
	}
}

func TestRemoveRejoinWithholds(t *testing.T) {
	// The marker joined to its neighbours spells the value again.
	s := New("a[RE")
	in := "aa[RE"
	if out := s.Remove(in); s.Contains(out) {
		t.Fatalf("Remove(%q) = %q spells the value", in, out)
	}
	// A value that is the marker itself gets another marker.
	s = New(Marker)
	if out := s.Remove("x" + Marker); s.Contains(out) || out == "" {
		t.Fatalf("Remove = %q", out)
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text é ✓", "plain text é ✓"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"a\r\nFAILED fake", `a\x0d\x0aFAILED fake`},
		{"tab\there", `tab\x09here`},
		{"c1 \u009b2J", `c1 \u009b2J`},
		{"bidi \u202eevil\u202c \u2066x\u2069", `bidi \u202eevil\u202c \u2066x\u2069`},
		{"bad \xff byte", `bad \xff byte`},
		{"ls \u2028 ps \u2029", `ls \u2028 ps \u2029`},
		{"replacement \ufffd stays", "replacement \ufffd stays"},
	}
	for _, tt := range tests {
		got := Escape(tt.in)
		if got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Escape(got); again != got {
			t.Errorf("Escape not idempotent: %q -> %q", got, again)
		}
	}
}

func TestStringLayers(t *testing.T) {
	s := New(tok)
	in := "GET https://u:p@h/x?token=abc: Bearer xyz \x1b[2J " + url.QueryEscape(tok)
	got := s.String(in)
	want := `GET https://h/x?token=REDACTED Bearer REDACTED \x1b[2J ` + Marker
	if got != want {
		t.Errorf("String = %q\nwant %q", got, want)
	}
	var nilSet *Set
	if got := nilSet.String("hf_abcdefghijklmnopqrstu\x07"); got != `hf_REDACTED\x07` {
		t.Errorf("nil Set String = %q", got)
	}
}

func TestError(t *testing.T) {
	s := New(tok)
	cause := &fs.PathError{Op: "open", Path: tok, Err: fs.ErrNotExist}
	err := s.Error(fmt.Errorf("decode: %w", cause))
	if strings.Contains(err.Error(), tok) || !IsScrubbed(err) {
		t.Fatalf("Error() = %q", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("the cause is lost")
	}
	clean := errors.New("fine")
	if s.Error(clean) != clean || s.Error(nil) != nil {
		t.Error("a clean error is wrapped")
	}
}

func TestScannerAcrossWrites(t *testing.T) {
	s := New(tok)
	for _, sp := range spellings(tok) {
		body := []byte(`{"items":[],"metadata":{"nextPage":"http://h/?cursor=` + sp + `"}}`)
		for size := 1; size <= len(body); size++ {
			sc := s.Scanner()
			for i := 0; i < len(body); i += size {
				_, _ = sc.Write(body[i:min(i+size, len(body))])
			}
			if want := s.Contains(string(body)); sc.Found() != want {
				t.Fatalf("spelling %q, writes of %d: Found %v, Contains %v", sp, size, sc.Found(), want)
			}
		}
	}
	sc := s.Scanner()
	_, _ = sc.Write([]byte(strings.Repeat("civ+SECRET/key=12 ", 1000)))
	if sc.Found() {
		t.Error("found a near miss")
	}
	var none *Set
	sc = none.Scanner()
	_, _ = sc.Write([]byte(tok))
	if sc.Found() {
		t.Error("an empty Set found something")
	}
}

type stringer struct{ s string }

func (x stringer) String() string { return x.s }

func TestHandler(t *testing.T) {
	s := New(tok)
	for _, json := range []bool{false, true} {
		var buf bytes.Buffer
		var h slog.Handler = slog.NewTextHandler(&buf, nil)
		if json {
			h = slog.NewJSONHandler(&buf, nil)
		}
		log := slog.New(s.Handler(h)).With("pre", "with "+tok).WithGroup("g")
		log.Info("msg "+tok+"\x1b[1m", "err", errors.New("invalid key "+tok), "url", "http://h/?c="+url.QueryEscape(tok),
			"str", stringer{"\u202e" + tok}, "any", []string{tok}, "n", 3, slog.Group("sub", "k", tok))
		out := buf.String()
		if strings.Contains(out, "SECRET") || strings.Contains(out, "\x1b") || strings.Contains(out, "\u202e") {
			t.Errorf("json=%v: record keeps a secret or a control character:\n%s", json, out)
		}
		if !strings.Contains(out, "REDACTED") || !strings.Contains(out, "n=3") && !strings.Contains(out, `"n":3`) {
			t.Errorf("json=%v: record lost its shape:\n%s", json, out)
		}
	}
}

func TestWriter(t *testing.T) {
	s := New(tok)
	var buf bytes.Buffer
	w := s.Writer(&buf)
	n, err := fmt.Fprintf(w, "FAILED x: %s\n", tok)
	if err != nil || n != len("FAILED x: \n")+len(tok) {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if got := buf.String(); got != "FAILED x: "+Marker+"\n" {
		t.Errorf("wrote %q", got)
	}
	if New().Writer(&buf) != &buf {
		t.Error("an empty Set wraps the writer")
	}
}

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://civitai.com/api/v1/models?limit=100&token=abc&cursor=1%7C2", "https://civitai.com/api/v1/models?limit=100&cursor=1%7C2"},
		{"https://u:p@huggingface.co/api/models?search=x#frag", "https://huggingface.co/api/models?search=x"},
		{"http://h/p?TOKEN=a&api_key=b&apikey=c&access_token=d&key=e&x=1&Secret=f&password=g&auth=h", "http://h/p?x=1"},
		{"http://h/p?%74oken=a&y=2", "http://h/p?y=2"}, // %74 = t
		{"http://h/p?tokens=1&k=token", "http://h/p?tokens=1&k=token"},
		{"http://h/p", "http://h/p"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := URL(u); got != tt.want {
			t.Errorf("URL(%s) = %s; want %s", tt.in, got, tt.want)
		}
	}
}
