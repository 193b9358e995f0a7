package report

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// realURLs are URLs from the hubs' real responses (next-page links).
var realURLs = []string{
	"https://api.civitai.com/api/v1/models?limit=10&page=1&sort=Highest%20Rated&types=Checkpoint&cursor=22138%7C364671%7C25494",
	"http://localhost:5564/api/models?limit=10&sort=likes&direction=-1&cursor=eyIkb3IiOlt7Imxpa2VzIjoyOTQsIl9pZCI6eyIkZ3QiOiI2MjFmZmRjMTM2NDY4ZDcwOWYxNzlhMTIifX0seyJsaWtlcyI6eyIkbHQiOjI5NH19XX0%3D",
	"https://huggingface.co/api/models?apps=ollama&sort=trendingScore&cursor=eyIkb3IiOlt7InRyZW5kaW5nU2NvcmUiOjAuMiwiX2lkIjp7IiRndCI6IjY4YjRmZTdlMWZlMzgwZTc2MDExMTc4ZSJ9fSx7InRyZW5kaW5nU2NvcmUiOnsiJGx0IjowL",
	"https://huggingface.co/api/models?pipeline_tag=text-generation&library=gguf&limit=100&full=true",
}

// FuzzScrubURL checks that a token added to any URL as a query parameter or
// as userinfo never survives scrubURL, and that the result is clean text.
func FuzzScrubURL(f *testing.F) {
	for _, u := range realURLs {
		f.Add(u, "SECRETabc123")
	}
	f.Add("http://[::1:bad/x", "hfSECRET0000")
	f.Add("://h", "tok3n3xampl3")
	f.Add("/x?y=https://h/p#f", "ABCDEFGH")
	f.Fuzz(func(t *testing.T, raw, secret string) {
		if len(secret) < 6 || strings.IndexFunc(secret, func(r rune) bool {
			return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
		}) >= 0 || strings.Contains(raw, secret) {
			t.Skip()
		}
		sep := "?"
		if strings.Contains(raw, "?") {
			sep = "&"
		}
		inputs := []string{raw, raw + sep + "token=" + secret, raw + sep + "api_key=" + secret + "&x=1"}
		if i := strings.Index(raw, "://"); i >= 0 {
			inputs = append(inputs, raw[:i+3]+"user:"+secret+"@"+raw[i+3:])
		}
		for _, in := range inputs {
			out := scrubURL(in)
			if strings.Contains(out, secret) {
				t.Fatalf("scrubURL(%q) = %q keeps the secret", in, out)
			}
			if !utf8.ValidString(out) || strings.ContainsFunc(out, badRune) {
				t.Fatalf("scrubURL(%q) = %q is not clean text", in, out)
			}
		}
	})
}

// FuzzReport records one attempt made of arbitrary data and checks that
// report.json round-trips and report.html stays well-formed, with the data
// escaped.
func FuzzReport(f *testing.F) {
	for i, u := range realURLs {
		f.Add("huggingface.co", "text-gen/small", u, "", 200, 1, int64(i*250), int64(80e6))
	}
	f.Add("civitai.com", "checkpoints", realURLs[0], `Get "https://u:p@civitai.com/x": context deadline exceeded`, 0, 3, int64(-5), int64(-1))
	f.Add("<h>", "</title><script>", "javascript:alert(1)", "\x00\xff]]>&lt;", 429, 2, int64(1<<40), int64(1<<62))
	f.Fuzz(func(t *testing.T, host, label, rawURL, errText string, status, attempt int, startMs, durNs int64) {
		var rec Recorder
		var err error
		if errText != "" {
			err = errors.New(errText)
		}
		rec.Rate(host, at(0), 1)
		rec.Attempt(fetch.Attempt{
			Host: host, Label: label, URL: rawURL, Start: t0.Add(time.Duration(startMs) * time.Millisecond),
			Duration: time.Duration(durNs), Status: status, Attempt: attempt, Err: err,
		})
		rep := rec.Report(Meta{Started: t0, Hub: label, Filters: []FilterStatus{{Source: host, Name: label, Status: StatusFailed, Error: errText}}})
		j, h := render(t, rep)
		var back Report
		if err := json.Unmarshal(j, &back); err != nil {
			t.Fatalf("report.json does not parse: %v", err)
		}
		if !reflect.DeepEqual(&back, rep) {
			t.Fatalf("report.json round trip differs\n got %+v\nwant %+v", back, *rep)
		}
		elems, _ := parseXML(t, h)
		for _, e := range elems {
			if e.name == "script" || e.attrs["href"] != "" || e.attrs["src"] != "" {
				t.Fatalf("data produced <%s %v>", e.name, e.attrs)
			}
		}
	})
}
