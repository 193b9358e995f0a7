package huggingface

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/internal/dualport"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// linkHub is a hub whose first page announces next (a Link rel="next");
// it records every request as "scheme host path auth".
type linkHub struct {
	mu   sync.Mutex
	next string
	saw  []string
}

func (h *linkHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	h.mu.Lock()
	h.saw = append(h.saw, scheme+" "+r.Host+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
	next := h.next
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Query().Get("page") == "" {
		w.Header().Set("Link", "<"+next+`>; rel="next"`)
	}
	io.WriteString(w, `[{"id":"a/b"}]`)
}

func (h *linkHub) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.saw
	h.saw = nil
	return s
}

// TestLinkKeepsTheOrigin: on an https endpoint, a Link rel="next" to plain
// http (same host and port, another port, another host), or to another
// port or host not allowed, fails the page with an error naming both
// origins and no token, and is never requested; one to an allowed mirror is
// followed without the token. Nothing ever arrives over plain http.
func TestLinkKeepsTheOrigin(t *testing.T) {
	const token = "hf_LINKsecret0815"
	hub := &linkHub{}
	home := dualport.New(t, "127.0.0.1:0", hub)
	port := dualport.New(t, "127.0.0.1:0", hub)
	host := dualport.New(t, "[::1]:0", hub)
	strict, err := origin.NewRule(home.HTTPS)
	if err != nil {
		t.Fatal(err)
	}
	mirrored, err := origin.NewRule(home.HTTPS, host.HTTPS)
	if err != nil {
		t.Fatal(err)
	}
	const path = "/api/models?page=2"
	tests := []struct {
		name string
		rule origin.Rule
		next string
		why  string // "" when followed
	}{
		{"http, same host and port", strict, home.HTTP + path, origin.WhyScheme},
		{"http, another port", strict, port.HTTP + path, origin.WhyScheme},
		{"https, another port", strict, port.HTTPS + path, origin.WhyNotListed},
		{"http, another host", strict, host.HTTP + path, origin.WhyScheme},
		{"https, another host", strict, host.HTTPS + path, origin.WhyNotListed},
		{"http, allowed mirror's host", mirrored, host.HTTP + path, origin.WhyScheme},
		{"https, allowed mirror", mirrored, host.HTTPS + path, ""},
		{"https, same origin", strict, home.HTTPS + path, ""},
	}
	homeOrigin := strings.TrimPrefix(home.HTTPS, "https://")
	for _, tt := range tests {
		hub.mu.Lock()
		hub.next = tt.next
		hub.mu.Unlock()
		hub.take()
		fc := &fetch.Client{HTTP: home.Client(), Token: token, Origins: tt.rule, Policy: fetch.Policy{MaxAttempts: 1}}
		c := &Client{Fetch: fc, Endpoint: home.HTTPS}
		p, err := c.Page(t.Context(), c.FirstURL(nil))
		if tt.why != "" {
			target := tt.next[:strings.Index(tt.next, "/api")]
			if err == nil || !strings.Contains(err.Error(), tt.why) || !strings.Contains(err.Error(), target) ||
				!strings.Contains(err.Error(), home.HTTPS) || strings.Contains(err.Error(), token) {
				t.Errorf("%s: Page = %+v, %v; want a refusal naming %s and %s: %s", tt.name, p, err, home.HTTPS, target, tt.why)
			}
			if got := hub.take(); len(got) != 1 {
				t.Errorf("%s: requests %q; want the first page only", tt.name, got)
			}
			continue
		}
		if err != nil || p.Next != tt.next {
			t.Fatalf("%s: Page = %+v, %v", tt.name, p, err)
		}
		if _, err := c.Page(t.Context(), p.Next); err != nil {
			t.Fatalf("%s: next page: %v", tt.name, err)
		}
		got := hub.take()
		wantAuth := ""
		if strings.Contains(tt.next, homeOrigin) {
			wantAuth = "Bearer " + token
		}
		if len(got) != 2 || !strings.HasSuffix(got[0], " Bearer "+token) || got[1] != "https "+tt.next[len("https://"):len(tt.next)-len(path)]+" /api/models "+wantAuth {
			t.Errorf("%s: requests %q", tt.name, got)
		}
	}
	for _, s := range []*dualport.Server{home, port, host} {
		if p := s.Plain(); len(p) != 0 {
			t.Errorf("%s received plain http requests: %+v", s.HTTP, p)
		}
	}
}
