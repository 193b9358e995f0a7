package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/internal/dualport"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// seen records every request a server received, with its Authorization.
type seen struct {
	mu   sync.Mutex
	reqs []string // "https /path Bearer x" or "http /path "
}

func (s *seen) handler(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, scheme+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
	s.mu.Unlock()
	if to := r.URL.Query().Get("to"); to != "" {
		code := 302
		fmt.Sscan(r.URL.Query().Get("code"), &code)
		http.Redirect(w, r, to, code)
		return
	}
	jsonOK(w)
}

func (s *seen) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.reqs
	s.reqs = nil
	return r
}

// hostileHubs starts the configured hub (https on 127.0.0.1), a server on
// another port of the same host, and one on another host ([::1]); each
// speaks https and plain http on one port.
func hostileHubs(t *testing.T) (home, port, host *dualport.Server, logs map[*dualport.Server]*seen) {
	logs = map[*dualport.Server]*seen{}
	start := func(addr string) *dualport.Server {
		l := &seen{}
		s := dualport.New(t, addr, http.HandlerFunc(l.handler))
		logs[s] = l
		return s
	}
	return start("127.0.0.1:0"), start("127.0.0.1:0"), start("[::1]:0"), logs
}

// TestRedirectsKeepTheOrigin: 301/302/307/308 redirects from the https
// endpoint to plain http on the same host and port, to another port, and to
// another host are refused before the hop is made (nothing reaches the
// target, over either scheme); a redirect to an allowed mirror is followed
// without the token; a redirect on the configured origin keeps it. Nothing
// ever arrives over plain http.
func TestRedirectsKeepTheOrigin(t *testing.T) {
	const token = "hf_REDIRECTsecret42"
	home, port, host, logs := hostileHubs(t)
	strict, err := origin.NewRule(home.HTTPS)
	if err != nil {
		t.Fatal(err)
	}
	mirrored, err := origin.NewRule(home.HTTPS, host.HTTPS)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		rule   origin.Rule
		to     string
		target *dualport.Server
		why    string   // "" when followed
		want   []string // what target saw when followed
	}{
		{"https to http, same host and port", strict, home.HTTP + "/x", home, origin.WhyScheme, nil},
		{"https to http, another port", strict, port.HTTP + "/x", port, origin.WhyScheme, nil},
		{"https to https, another port", strict, port.HTTPS + "/x", port, origin.WhyNotListed, nil},
		{"https to http, another host", strict, host.HTTP + "/x", host, origin.WhyScheme, nil},
		{"https to https, another host", strict, host.HTTPS + "/x", host, origin.WhyNotListed, nil},
		{"https to http, mirror host", mirrored, host.HTTP + "/x", host, origin.WhyScheme, nil},
		{"https to https, user info", strict, strings.Replace(home.HTTPS, "://", "://u:p@", 1) + "/x", home, origin.WhyUserInfo, nil},
		{"https to https, allowed mirror", mirrored, host.HTTPS + "/x", host, "", []string{"https /x "}},
		{"https to https, same origin", strict, home.HTTPS + "/x", home, "", []string{"https /x Bearer " + token}},
	}
	for _, tt := range tests {
		for _, code := range []int{301, 302, 307, 308} {
			c := &Client{HTTP: home.Client(), Token: token, Origins: tt.rule, Policy: Policy{MaxAttempts: 2}}
			from := home.HTTPS + "/start?" + url.Values{"to": {tt.to}, "code": {fmt.Sprint(code)}}.Encode()
			for _, l := range logs {
				l.take()
			}
			_, err := c.Get(t.Context(), from)
			got := logs[home].take()
			if len(got) == 0 || got[0] != "https /start Bearer "+token {
				t.Fatalf("%s %d: the endpoint saw %q", tt.name, code, got)
			}
			if tt.target == home {
				got = got[1:]
			} else {
				got = append(got[1:], logs[tt.target].take()...)
			}
			if tt.why == "" {
				if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("%s %d: %v; target saw %q, want %q", tt.name, code, err, got, tt.want)
				}
				continue
			}
			if err == nil || !strings.Contains(err.Error(), tt.why) || !strings.Contains(err.Error(), "redirect refused") {
				t.Errorf("%s %d: err = %v, want a refusal: %s", tt.name, code, err, tt.why)
			} else if fe := (*Error)(nil); !errors.As(err, &fe) || !fe.Permanent || fe.Attempts != 1 || strings.Contains(err.Error(), token) {
				t.Errorf("%s %d: want one attempt, permanent, no token: %#v", tt.name, code, err)
			}
			if len(got) != 0 {
				t.Errorf("%s %d: the refused target saw %q", tt.name, code, got)
			}
		}
	}
	for _, s := range []*dualport.Server{home, port, host} {
		if p := s.Plain(); len(p) != 0 {
			t.Errorf("%s received plain http requests: %+v", s.HTTP, p)
		}
	}
}

// TestGetRefusesOtherOrigins: with a Home origin, Get refuses a URL on
// another scheme, host or port (a next page, say) before any request.
func TestGetRefusesOtherOrigins(t *testing.T) {
	const token = "civitai-GETsecret"
	home, port, host, logs := hostileHubs(t)
	rule, err := origin.NewRule(home.HTTPS)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{HTTP: home.Client(), Token: token, Origins: rule}
	for _, u := range []string{home.HTTP + "/a", port.HTTPS + "/b", port.HTTP + "/c", host.HTTPS + "/d", host.HTTP + "/e"} {
		_, err := c.Get(t.Context(), u)
		if fe := (*Error)(nil); !errors.As(err, &fe) || !fe.Permanent || fe.Attempts != 0 {
			t.Errorf("Get %s: %v; want a refusal before any attempt", u, err)
		}
	}
	for s, l := range logs {
		if got := l.take(); len(got) != 0 {
			t.Errorf("%s saw %q", s.HTTPS, got)
		}
	}
}
