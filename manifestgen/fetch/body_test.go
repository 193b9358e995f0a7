package fetch

import (
	"errors"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

func TestCheckJSON(t *testing.T) {
	tests := []struct {
		ct, body string
		wantErr  string // "" = accepted
	}{
		{"application/json", `[]`, ""},
		{"application/json; charset=utf-8", `{}`, ""},
		{"Application/JSON", `{}`, ""},
		{"application/vnd.api+json", `{}`, ""},
		{"", " \n[1]", ""},
		{"", `{"a":1}`, ""},
		{"", ``, "empty body without Content-Type"},
		{"", `<!doctype html><p>hi`, "got an HTML page"},
		{"text/html; charset=UTF-8", `<html></html>`, "got an HTML page"},
		{"text/plain", `<!DOCTYPE html>`, "got an HTML page"},
		{"text/html", `<script>window._cf_chl_opt={cvId:'3'}</script>`, "Cloudflare challenge"},
		{"text/plain", `ok`, `unexpected Content-Type "text/plain"`},
		{"garbage;;", `{}`, `unexpected Content-Type "garbage;;"`},
	}
	for _, tt := range tests {
		err := checkJSON(tt.ct, []byte(tt.body))
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("checkJSON(%q, %q) = %v; want nil", tt.ct, tt.body, err)
			}
			continue
		}
		if !errors.Is(err, ErrNotJSON) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("checkJSON(%q, %q) = %v; want ErrNotJSON with %q", tt.ct, tt.body, err, tt.wantErr)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		body, secret, want string
	}{
		{"{\"error\":\n\t\"x\"}", "", `{"error": "x"}`},
		{"token=abc here", "abc", "token=REDACTED here"},
		{"invalid key civ-SECRET-key", "civ-SECRET-key", "invalid key [REDACTED]"},
		{"invalid key civ%2DSECRET%2Dkey", "civ-SECRET-key", "invalid key [REDACTED]"},
		{"\x1b[2J\x1b]0;pwned\x07 \u202eevil", "", `\x1b[2J\x1b]0;pwned\x07 \u202eevil`},
		{strings.Repeat("é", 150), "", strings.Repeat("é", 100) + "…"},
		{"bad \xff byte", "", "bad ? byte"},
	}
	for _, tt := range tests {
		if got := excerpt([]byte(tt.body), redact.New(tt.secret)); got != tt.want {
			t.Errorf("excerpt(%q) = %q; want %q", tt.body, got, tt.want)
		}
	}
}
