package report

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

func TestScrubURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://civitai.com/api/v1/models?limit=100&cursor=a%7Cb", "https://civitai.com/api/v1/models?limit=100&cursor=a%7Cb"},
		{"https://u:SECRET@h/x?a=1&token=SECRET&b=2", "https://h/x?a=1&b=2"},
		{"https://h/x?Token=SECRET", "https://h/x"},
		{"https://h/x?api_key=SECRET&apikey=SECRET&key=SECRET&access_token=SECRET&X-Amz-Signature=SECRET&q=1", "https://h/x?q=1"},
		{"https://h/x?%74oken=SECRET&q=1", "https://h/x?q=1"},
		{"https://h/x?q=1;token=SECRET", "https://h/x?q=1"},
		{"https://h/x#token=SECRET", "https://h/x"},
		{"https://h/x?q=a=token=SECRET", "https://h/x?q=a=token=REDACTED"},
		{"https://u@h/x", "https://h/x"},
		{"http://[::1:bad/x?token=SECRET", "http://[::1:bad/x?token=REDACTED"},
		{"bad\x00url://u:SECRET@h?token=SECRET", "bad\uFFFDurl://h?token=REDACTED"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := scrubURL(tt.in); got != tt.want {
			t.Errorf("scrubURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScrubText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Get "https://bob:SECRET@h/x?token=SECRET&q=1": dial tcp: refused`, `Get "https://h/x?token=REDACTED&q=1": dial tcp: refused`},
		{"Authorization: Bearer SECRET.abc-def", "Authorization: Bearer REDACTED"},
		{"used hf_SECRETSECRETSECRET12 here", "used hf_REDACTED here"},
		{"invalid key=SECRET", "invalid key=REDACTED"},
		{"author=someone monkey business", "author=someone monkey business"},
		{"429 Too Many Requests", "429 Too Many Requests"},
		{"bad \xff byte\x1b[0m", "bad \uFFFD byte\uFFFD[0m"},
	}
	for _, tt := range tests {
		if got := scrubText(tt.in); got != tt.want {
			t.Errorf("scrubText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNoSecretsInOutputs feeds secrets through every field that reaches the
// outputs and greps both.
func TestNoSecretsInOutputs(t *testing.T) {
	const secret = "SECRET"
	var rec Recorder
	urls := []string{
		"https://civitai.com/api/v1/models?limit=100&token=SECRET&cursor=abc",
		"https://alice:SECRET@huggingface.co/api/models?search=x",
		"https://SECRET@huggingface.co/api/models?api_key=SECRET",
		"https://h/x?key=SECRET#frag",
	}
	for i, u := range urls {
		rec.Attempt(fetch.Attempt{
			Host: "civitai.com", Label: "f?token=SECRET", URL: u, Start: at(float64(i * 100)), Duration: time.Millisecond,
			Status: 0, Attempt: 1,
			Err: fmt.Errorf("GET: %w", &url.Error{Op: "Get", URL: u, Err: errors.New("Authorization: Bearer SECRET failed")}),
		})
	}
	rep := rec.Report(Meta{
		Started: t0, Hub: "https://bob:SECRET@127.0.0.1:8080/?token=SECRET",
		Sources: map[string]Source{"civitai": {Endpoint: "https://u:SECRET@civitai.com?key=SECRET", Profile: "p"}},
		Filters: []FilterStatus{{Source: "civitai", Name: "f", Status: StatusFailed, Error: "GET https://civitai.com/x?token=SECRET: 401"}},
	})
	j, h := render(t, rep)
	for name, out := range map[string][]byte{"report.json": j, "report.html": h} {
		if i := bytes.Index(out, []byte(secret)); i >= 0 {
			t.Errorf("%s contains the secret: …%s…", name, out[max(i-80, 0):min(i+40, len(out))])
		}
		if !bytes.Contains(out, []byte("cursor=abc")) {
			t.Errorf("%s lost a harmless query parameter", name)
		}
	}
}
