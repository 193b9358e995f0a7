package dualport

import (
	"io"
	"net/http"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestBothSchemesOnePort: one port answers https and http, and only the
// plain requests are recorded.
func TestBothSchemesOnePort(t *testing.T) {
	s := New(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			io.WriteString(w, "tls")
			return
		}
		io.WriteString(w, "plain")
	}))
	c := s.Client()
	for _, tc := range []struct{ url, want string }{{s.HTTPS + "/a", "tls"}, {s.HTTP + "/b?x=1", "plain"}, {s.HTTPS + "/c", "tls"}} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, tc.url, nil)
		req.Header.Set("Authorization", "Bearer t")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != tc.want {
			t.Errorf("%s: got %q, want %q", tc.url, body, tc.want)
		}
	}
	if got := s.Plain(); len(got) != 1 || got[0].Path != "/b?x=1" || got[0].Authorization != "Bearer t" {
		t.Errorf("plain requests %+v", got)
	}
	if s.HTTPS[len("https"):] != s.HTTP[len("http"):] {
		t.Errorf("%s and %s are not one port", s.HTTPS, s.HTTP)
	}
}
