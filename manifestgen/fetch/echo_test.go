package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// TestSecretEcho: a hub that echoes a token of the run — into a 200 body, a
// header, a non-2xx body, or a value the decoder rejects — never gets it
// into an error, and a 2xx response that spells it is refused.
func TestSecretEcho(t *testing.T) {
	const token = "civ-SECRET-key-123"
	const other = "hf_OTHERsecretOTHER99"
	tests := []struct {
		name    string
		status  int
		header  [2]string
		body    string
		dec     func(string) error // nil: GetDecode with a decoder that reads all
		plain   bool               // Get instead of GetDecode
		refused bool               // ErrSecretEcho expected
	}{
		{name: "200 error body", status: 200, body: `{"error":"invalid key ` + token + `"}`, refused: true},
		{name: "200 JSON-escaped", status: 200, body: `{"error":"invalid key \u0063iv-SECRET-key-123"}`, refused: true},
		{name: "200 other source's token", status: 200, body: `{"items":[{"name":"` + other + `"}]}`, refused: true},
		{name: "200 whole Get", status: 200, body: `{"error":"` + token + `"}`, plain: true, refused: true},
		{name: "next link in header", status: 200, header: [2]string{"Link", `<http://h/?cursor=` + url.QueryEscape(token) + `>; rel="next"`}, body: `[]`, refused: true},
		{name: "401 body", status: 401, body: `{"error":"bad key ` + token + ` \u001b[2J"}`},
		{name: "rejected value", status: 200, body: `[{"id":"x"}]`, dec: func(string) error {
			return fmt.Errorf(`item 0: no positive id (name %q)`, token+"\x1b[31m")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if tt.header[0] != "" {
					w.Header().Set(tt.header[0], tt.header[1])
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			c.Token = token
			c.Secrets = redact.New(token, other)
			c.Policy.MaxAttempts = 1
			var err error
			var attempts []Attempt
			c.OnAttempt = func(a Attempt) { attempts = append(attempts, a) }
			u := "http://hub.test/api?cursor=" + token
			if tt.plain {
				var resp *Response
				resp, err = c.Get(context.Background(), u)
				if resp != nil && resp.Body != nil {
					t.Errorf("Get returned the echoing body %q", resp.Body)
				}
			} else {
				_, err = c.GetDecode(context.Background(), u, func(body io.Reader) error {
					b, rerr := io.ReadAll(body)
					if rerr != nil || tt.dec == nil {
						return rerr
					}
					return tt.dec(string(b))
				})
			}
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, ErrSecretEcho); got != tt.refused {
				t.Errorf("refused = %v, want %v: %v", got, tt.refused, err)
			}
			msgs := []string{err.Error()}
			for _, a := range attempts {
				msgs = append(msgs, a.URL)
				if a.Err != nil {
					msgs = append(msgs, a.Err.Error())
				}
			}
			for _, m := range msgs {
				if strings.Contains(m, "SECRET") || strings.Contains(m, "secret") || strings.Contains(m, "\x1b") {
					t.Errorf("message keeps a secret or ESC: %q", m)
				}
			}
		})
	}
}
