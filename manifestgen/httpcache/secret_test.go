package httpcache

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
