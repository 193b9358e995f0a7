package civitai

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/internal/dualport"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// nextPageHub answers the first page (no cursor) with nextCursor "c2" and
// nextPage next, and the second (cursor=c2) as the last; it records every
// request as "scheme host cursor auth".
type nextPageHub struct {
	mu   sync.Mutex
	next string
	saw  []string
}

func (h *nextPageHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	cursor := r.URL.Query().Get("cursor")
	h.mu.Lock()
	h.saw = append(h.saw, scheme+" "+r.Host+" "+cursor+" "+r.Header.Get("Authorization"))
	next := h.next
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if cursor == "" {
		fmt.Fprintf(w, `{"items":[{"id":1,"name":"a"}],"metadata":{"nextCursor":"c2","nextPage":%q}}`, next)
		return
	}
	io.WriteString(w, `{"items":[{"id":2,"name":"b"}],"metadata":{}}`)
}

func (h *nextPageHub) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.saw
	h.saw = nil
	return s
}

// TestNextPageKeepsTheOrigin: on an https endpoint, a nextPage on plain
// http (same host and port, another port, another host) fails the page
// with an error naming both origins and no token; one on another port or
// host that the config does not allow is not followed (the cursor goes to
// the endpoint, with the token); one on an allowed mirror is followed
// without the token. Nothing ever arrives over plain http, and nothing
// reaches an origin that is not allowed.
func TestNextPageKeepsTheOrigin(t *testing.T) {
	const token = "civitai-NEXTPAGEsecret"
	hub := &nextPageHub{}
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
	hostOf := func(s string) string { return s[strings.Index(s, "://")+3:] }
	homeSaw := "https " + hostOf(home.HTTPS) + " c2 Bearer " + token
	const path = ListPath + "?cursor=c2"
	tests := []struct {
		name   string
		rule   origin.Rule
		next   string
		why    string // refusal that fails the page; "" when not
		second string // what the second request looked like
	}{
		{"http, same host and port", strict, home.HTTP + path, origin.WhyScheme, ""},
		{"http, another port", strict, port.HTTP + path, origin.WhyScheme, ""},
		{"http, another host", strict, host.HTTP + path, origin.WhyScheme, ""},
		{"http, allowed mirror's host", mirrored, host.HTTP + path, origin.WhyScheme, ""},
		{"https, another port: cursor to the endpoint", strict, port.HTTPS + path, "", homeSaw},
		{"https, another host: cursor to the endpoint", strict, host.HTTPS + path, "", homeSaw},
		{"https, user info: cursor to the endpoint", strict, strings.Replace(home.HTTPS, "://", "://u:p@", 1) + path, "", homeSaw},
		{"https, allowed mirror", mirrored, host.HTTPS + path, "", "https " + hostOf(host.HTTPS) + " c2 "},
		{"https, same origin", strict, home.HTTPS + path, "", homeSaw},
	}
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
		if err != nil || p.Next == "" {
			t.Fatalf("%s: Page = %+v, %v", tt.name, p, err)
		}
		if _, err := c.Page(t.Context(), p.Next); err != nil {
			t.Fatalf("%s: next page %s: %v", tt.name, p.Next, err)
		}
		if got := hub.take(); len(got) != 2 || got[0] != "https "+hostOf(home.HTTPS)+"  Bearer "+token || got[1] != tt.second {
			t.Errorf("%s: requests %q; want the second %q", tt.name, got, tt.second)
		}
	}
	for _, s := range []*dualport.Server{home, port, host} {
		if p := s.Plain(); len(p) != 0 {
			t.Errorf("%s received plain http requests: %+v", s.HTTP, p)
		}
	}
}
