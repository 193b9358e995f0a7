package httpcache

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/redact"
)

// Credentials never reach the cache directory or the logs, and entries of
// different credentials are kept apart.
func TestCredentialsNeverWritten(t *testing.T) {
	const (
		token  = "hf_SECRETtokenVALUE0123456789"
		cookie = "session=COOKIEsecret42"
		query  = "QUERYsecret77"
	)
	o := newOrigin(t, func(w http.ResponseWriter, r *http.Request) {
		// A careless origin echoing credentials in headers and body.
		w.Header().Set("ETag", `"`+r.Header.Get("Authorization")+`"`)
		w.Header().Set("X-Echo-Auth", r.Header.Get("Authorization"))
		w.Header().Set("Set-Cookie", cookie)
		if inm := r.Header.Get("If-None-Match"); inm != "" && inm == w.Header().Get("ETag") {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, `[{"id":"a"}]`)
	})
	var logs bytes.Buffer
	tr := newTransport(t, o)
	tr.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	url := o.URL + "/api/models?token=" + query
	authed := http.Header{"Authorization": {"Bearer " + token}, "Cookie": {cookie}}

	do(t, tr, http.MethodGet, url, authed)
	do(t, tr, http.MethodGet, url, authed)
	if s := tr.Stats(); s.Hits304 != 1 {
		t.Fatalf("authenticated entry not revalidated: %+v", s)
	}
	// Anonymous and other-token requests must not revalidate it.
	for _, h := range []http.Header{nil, {"Authorization": {"Bearer hf_OTHERtoken"}}} {
		do(t, tr, http.MethodGet, url, h)
		if seen, _ := o.last(); seen.Get("If-None-Match") != "" {
			t.Errorf("request with Authorization %q revalidated another credential's entry", h.Get("Authorization"))
		}
	}
	// The ETag echoes the token, so this one entry does hold it: replace
	// the origin to prove nothing else does.
	o.setHandler(validated(`"clean"`, "", "x", nil))
	do(t, tr, http.MethodGet, url, authed)

	secrets := []string{token, "COOKIEsecret42", query}
	err := filepath.WalkDir(tr.Dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) || strings.Contains(path, s) {
				t.Errorf("%s holds secret %q", filepath.Base(path), s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries(t, tr.Dir)) != 3 {
		t.Errorf("want 3 entries (token, anonymous, other token), got %d", len(entries(t, tr.Dir)))
	}
	if logs.Len() == 0 {
		t.Fatal("no debug logs written; the log check below would be vacuous")
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("logs hold secret %q", s)
		}
	}
}

// With Secrets set, a response that spells one in a stored header or
// anywhere in its body (JSON-escaped, percent-encoded, across read
// boundaries) is passed through but never stored.
func TestSecretsNotStored(t *testing.T) {
	const token = "civ-SECRET-key-123"
	pad := strings.Repeat("x", 100<<10)
	tests := []struct {
		name       string
		etag, body string
		stored     bool
	}{
		{"clean", `"v1"`, `[{"id":"a"}]`, true},
		{"etag echo", `"` + token + `"`, `[{"id":"a"}]`, false},
		{"body echo", `"v2"`, `{"error":"invalid key ` + token + `"}`, false},
		{"body echo JSON-escaped after 100 KiB", `"v3"`, `{"pad":"` + pad + `","error":"\u0063iv-SECRET-key-123"}`, false},
		{"cursor percent-encoded", `"v4"`, `{"next":"http://h/?cursor=civ%2DSECRET%2Dkey%2D123"}`, false},
	}
	o := newOrigin(t, validated(`"v0"`, "", "[]", nil))
	tr := newTransport(t, o)
	tr.Secrets = redact.New(token)
	for i, tt := range tests {
		o.setHandler(validated(tt.etag, "", tt.body, nil))
		r := do(t, tr, http.MethodGet, fmt.Sprintf("%s/api/models?n=%d", o.URL, i), nil)
		if r.body != tt.body || r.err != nil {
			t.Fatalf("%s: the response was changed: %v", tt.name, r.err)
		}
	}
	var stored int
	for _, e := range entries(t, tr.Dir) {
		stored++
		data, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Secrets.Contains(string(data)) {
			t.Errorf("entry %s spells the token", filepath.Base(e))
		}
	}
	if stored != 1 {
		t.Errorf("stored %d entries, want 1 (the clean one)", stored)
	}
}
