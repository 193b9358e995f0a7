package huggingface

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// Real Link headers from headers.md.
const (
	hfDevLink = `<http://localhost:5564/api/models?limit=10&sort=likes&direction=-1&cursor=eyIkb3IiOlt7Imxpa2VzIjoyOTQsIl9pZCI6eyIkZ3QiOiI2MjFmZmRjMTM2NDY4ZDcwOWYxNzlhMTIifX0seyJsaWtlcyI6eyIkbHQiOjI5NH19XX0%3D>; rel="next"`
	hfCutLink = `<https://huggingface.co/api/models?apps=ollama&sort=trendingScore&cursor=eyIkb3IiOlt7InRyZW5kaW5nU2NvcmUiOjAuMiwiX2lkIjp7IiRndCI6IjY4YjRmZTdlMWZlMzgwZTc2MDExMTc4ZSJ9fSx7InRyZW5kaW5nU2NvcmUiOnsiJGx0IjowL`
	hfJSLink  = `<https://huggingface.co/api/datasets/bigscience/P3/tree/main?recursive=1&cursor=ZXlKbWFXeGxYMjVoYldVaU9pSmtZWFJoTDJGa2RtVnljMkZ5YVdGc1gzRmhYMlJpWlhKMFgyRnVjM2RsY2lJc0ltOW1abk5sZENJNk1UQXdNSDA9>; rel="next"`
)

func TestParseLinks(t *testing.T) {
	devURL := strings.TrimSuffix(strings.TrimPrefix(hfDevLink, "<"), `>; rel="next"`)
	tests := []struct {
		name string
		in   string
		want []link
	}{
		{"hf dev example", hfDevLink, []link{{devURL, []string{"next"}}}},
		{"truncated capture", hfCutLink, nil},
		{"truncated capture closed", hfCutLink + `>; rel="next"`, []link{{hfCutLink[1:], []string{"next"}}}},
		{"hf js example", hfJSLink, []link{{hfJSLink[1:strings.IndexByte(hfJSLink, '>')], []string{"next"}}}},
		{"two entries", `<https://a/1>; rel="prev", <https://a/3>; rel="next"`, []link{{"https://a/1", []string{"prev"}}, {"https://a/3", []string{"next"}}}},
		{"unquoted rel", `<b>; rel=next`, []link{{"b", []string{"next"}}}},
		{"several rels", `<c>; rel="next last"`, []link{{"c", []string{"next", "last"}}}},
		{"case kept", `<c>; REL="Next"`, []link{{"c", []string{"Next"}}}},
		{"comma in url", `<http://x/?a=1,2>; rel="next"`, []link{{"http://x/?a=1,2", []string{"next"}}}},
		{"comma and semicolon in quoted param", `<a>; title="x, y; z", <b>; rel=next`, []link{{"a", nil}, {"b", []string{"next"}}}},
		{"other params first", `<a>; type="text/html"; rel=next; anchor="#x"`, []link{{"a", []string{"next"}}}},
		{"escaped quote", `<a>; rel="next \"x\""`, []link{{"a", []string{"next", `"x"`}}}},
		{"second rel ignored", `<a>; rel=prev; rel=next`, []link{{"a", []string{"prev"}}}},
		{"malformed entry skipped", `garbage; rel=next, <b>; rel=next`, []link{{"b", []string{"next"}}}},
		{"junk after url skipped", `<a> junk; rel=next, <b>; rel=next`, []link{{"b", []string{"next"}}}},
		{"whitespace", " \t<a> ;  rel = \"next\" ,, ", []link{{"a", []string{"next"}}}},
		{"no params", `<a>`, []link{{"a", nil}}},
		{"empty", ``, nil},
		{"unterminated quote", `<a>; rel="next`, []link{{"a", []string{"next"}}}},
	}
	for _, tt := range tests {
		if got := parseLinks(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: parseLinks(%q)\n got %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestNextLink(t *testing.T) {
	const base = "http://127.0.0.1:5/api/models?limit=2&expand=author"
	rule, err := origin.NewRule("http://127.0.0.1:5", "http://localhost:5564", "http://127.0.0.2:6")
	if err != nil {
		t.Fatal(err)
	}
	devURL := strings.TrimSuffix(strings.TrimPrefix(hfDevLink, "<"), `>; rel="next"`)
	tests := []struct {
		name    string
		values  []string
		want    string
		wantErr string // "" or a part of the error
	}{
		{"absolute on a mirror kept verbatim", []string{hfDevLink}, devURL, ""},
		{"relative path", []string{`</api/models?cursor=x%3D>; rel="next"`}, "http://127.0.0.1:5/api/models?cursor=x%3D", ""},
		{"relative query", []string{`<?cursor=y>; rel=next`}, "http://127.0.0.1:5/api/models?cursor=y", ""},
		{"scheme-relative to a mirror", []string{`<//127.0.0.2:6/api/models?cursor=z>; rel=next`}, "http://127.0.0.2:6/api/models?cursor=z", ""},
		{"same origin spelled otherwise", []string{`<HTTP://127.0.0.1:05/api/models?c=1>; rel=next`}, "http://127.0.0.1:05/api/models?c=1", ""},
		{"none", nil, "", ""},
		{"prev only", []string{`<https://a/1>; rel="prev"`}, "", ""},
		{"next in second header line", []string{`<https://a/1>; rel="prev"`, `</3>; rel="next"`}, "http://127.0.0.1:5/3", ""},
		{"next among several rels", []string{`<https://a/1>; rel="prev", </3>; rel="last NEXT"`}, "http://127.0.0.1:5/3", ""},
		{"truncated capture", []string{hfCutLink}, "", ""},
		{"not http", []string{`<javascript:alert(1)>; rel=next`}, "", origin.WhyNotHTTP},
		{"bad url", []string{`<http://[::1>; rel=next`}, "", "not a URL"},
		{"scheme change same host", []string{`<https://127.0.0.1:5/api/models?c=1>; rel=next`}, "", origin.WhyScheme},
		{"scheme change default ports", []string{`<https://127.0.0.1/api/models?c=1>; rel=next`}, "", origin.WhyScheme},
		{"another host", []string{`<http://127.0.0.3:5/api/models?c=1>; rel=next`}, "", origin.WhyNotListed},
		{"another port", []string{`<http://127.0.0.1:6/api/models?c=1>; rel=next`}, "", origin.WhyNotListed},
		{"user info", []string{`<http://u:p@127.0.0.1:5/api/models?c=1>; rel=next`}, "", origin.WhyUserInfo},
		{"unicode host", []string{`<http://127.0.0.1:5/x>; rel=prev, <http://lоcalhost:5564/x>; rel=next`}, "", "not ASCII"},
	}
	for _, tt := range tests {
		got, err := nextLink(tt.values, base, rule)
		if got != tt.want || (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: nextLink = %q, %v; want %q (err %q)", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

// formatLinks writes links back as a Link header value.
func formatLinks(ls []link) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<" + l.URL + ">")
		if l.Rels != nil {
			r := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(strings.Join(l.Rels, " "))
			b.WriteString(`; rel="` + r + `"`)
		}
	}
	return b.String()
}

// FuzzParseLinks checks that parsing never panics, that URLs hold no '>',
// and that formatting the parsed links and parsing again gives the same
// links.
func FuzzParseLinks(f *testing.F) {
	for _, s := range []string{hfDevLink, hfCutLink, hfJSLink, `<https://a/1>; rel="prev", <https://a/3>; rel=next`,
		`<a>; title="x, y; z", <b>; rel="next last"`, `<a>; rel="next \"x\""`, `garbage; rel=next, <b>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ls := parseLinks(s)
		for _, l := range ls {
			if strings.ContainsRune(l.URL, '>') {
				t.Fatalf("URL %q holds '>'", l.URL)
			}
		}
		again := parseLinks(formatLinks(ls))
		if len(ls) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(again, ls) {
			t.Fatalf("round trip of %q:\n got %q\nwant %q", s, again, ls)
		}
	})
}

// FuzzNextLink checks that a next URL, when found, is an absolute http
// URL on the page's own origin (the zero Rule's only trusted origin).
func FuzzNextLink(f *testing.F) {
	for _, s := range []string{hfDevLink, hfCutLink, hfJSLink, `</api/models?cursor=x>; rel="next"`, `<?c=1>; rel=next`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := nextLink([]string{s}, "http://127.0.0.1:5/api/models?limit=2", origin.Rule{})
		if err != nil || got == "" {
			return
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "http" || u.Host == "" || u.User != nil {
			t.Fatalf("nextLink(%q) = %q (%v)", s, got, err)
		}
		if o, err := origin.Of(u); err != nil || o.String() != "http://127.0.0.1:5" {
			t.Fatalf("nextLink(%q) = %q left the page's origin (%v)", s, got, err)
		}
	})
}
