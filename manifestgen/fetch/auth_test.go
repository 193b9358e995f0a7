package fetch

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// authLog records the Authorization header each path received.
type authLog struct {
	mu  sync.Mutex
	got map[string]string
}

func (a *authLog) record(r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.got[r.Host+r.URL.Path] = r.Header.Get("Authorization")
}

func (a *authLog) get(key string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.got[key]
	return v, ok
}

// TestTokenScope: the token goes to the Home origin only; a redirect from
// Home to an allowed mirror (here: another port on 127.0.0.1) never carries
// it, nor does a request made to the mirror directly.
func TestTokenScope(t *testing.T) {
	const token = "hf_TESTtoken123"
	log := &authLog{got: map[string]string{}}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.record(r)
		jsonOK(w)
	}))
	defer other.Close()
	otherURL, _ := url.Parse(other.URL)
	var hub *httptest.Server
	hub = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.record(r)
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
		case "/home":
			http.Redirect(w, r, hub.URL+"/direct", http.StatusFound)
		default:
			jsonOK(w)
		}
	}))
	defer hub.Close()
	hubURL, _ := url.Parse(hub.URL)

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	rule, err := origin.NewRule(hub.URL, other.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{HTTP: &http.Client{Transport: tr}, Token: token, Origins: rule}
	for _, u := range []string{hub.URL + "/direct", hub.URL + "/away", other.URL + "/plain"} {
		if _, err := c.Get(t.Context(), u); err != nil {
			t.Fatalf("Get %s: %v", u, err)
		}
	}
	tests := []struct {
		key  string
		want string
	}{
		{hubURL.Host + "/direct", "Bearer " + token},
		{hubURL.Host + "/away", "Bearer " + token},
		{otherURL.Host + "/landing", ""}, // redirected from the hub
		{otherURL.Host + "/plain", ""},   // asked directly
	}
	for _, tt := range tests {
		if got, ok := log.get(tt.key); !ok || got != tt.want {
			t.Errorf("%s got Authorization %q (seen %v); want %q", tt.key, got, ok, tt.want)
		}
	}

	// A redirect that stays on the hub keeps the token.
	log.got = map[string]string{}
	if _, err := c.Get(t.Context(), hub.URL+"/home"); err != nil {
		t.Fatal(err)
	}
	if got, _ := log.get(hubURL.Host + "/direct"); got != "Bearer "+token {
		t.Errorf("same-host redirect lost the token: %q", got)
	}
	// No Home origin: no token anywhere, and a redirect to another origin
	// is refused.
	log.got = map[string]string{}
	c.Origins = origin.Rule{}
	if _, err := c.Get(t.Context(), hub.URL+"/direct"); err != nil {
		t.Fatal(err)
	}
	if got, _ := log.get(hubURL.Host + "/direct"); got != "" {
		t.Errorf("token sent without a Home origin: %q", got)
	}
	if _, err := c.Get(t.Context(), hub.URL+"/away"); err == nil || !strings.Contains(err.Error(), origin.WhyNotListed) {
		t.Errorf("redirect to another origin without a rule: %v", err)
	}
	if _, ok := log.get(otherURL.Host + "/landing"); ok {
		t.Error("the refused redirect was followed")
	}
}

// TestNoTokenInErrorsOrLogs runs failing requests whose URLs, bodies and
// transport errors contain the token and checks that no error message, log
// line or attempt record of the run contains it.
func TestNoTokenInErrorsOrLogs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const token = "civitai-SECRET-4242"
		srv := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			echo := r.Header.Get("Authorization") + " " + r.URL.String()
			switch r.URL.Path {
			case "/echo503":
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, `{"error":"bad auth `+echo+`"}`)
			case "/echo400":
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, echo)
			case "/reset":
				w.Header().Set("X-Test-Error", "reset")
			case "/html":
				w.Header().Set("Content-Type", "text/html")
				_, _ = io.WriteString(w, "<html>"+echo+"</html>")
			case "/pause":
				w.Header().Set("Retry-After", "600")
				w.WriteHeader(http.StatusTooManyRequests)
			}
		})
		logger, logs := debugLogger()
		c := memClient(srv)
		c.Token, c.Logger = token, logger
		c.Origins = origin.Rule{Home: mustOrigin(t, "http://hub.test")}
		c.Limiter = limit.New("hub.test", limit.Config{Concurrency: 2, RPS: 100}, logger)
		c.Policy = Policy{MaxAttempts: 2}
		var records strings.Builder
		c.OnAttempt = func(a Attempt) { fmt.Fprintf(&records, "%+v\n", a) }
		var errs []string
		for _, p := range []string{"/echo503", "/echo400", "/reset", "/html", "/pause", "/pause"} {
			u := "http://hub.test" + p + "?limit=5&token=" + token + "&Api_Key=" + url.QueryEscape(token)
			_, err := c.Get(WithLabel(t.Context(), "f"), u)
			if err == nil {
				t.Fatalf("Get %s succeeded", p)
			}
			errs = append(errs, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
			if fe, ok := err.(*Error); !ok || fe.URL != "http://hub.test"+p+"?limit=5" {
				t.Errorf("Error.URL = %q", fe.URL)
			}
		}
		// User info is refused before any request, and not repeated.
		_, err := c.Get(t.Context(), "http://user:"+token+"@hub.test/echo400?token="+token)
		if err == nil || !strings.Contains(err.Error(), origin.WhyUserInfo) {
			t.Errorf("URL with user info: %v", err)
		}
		errs = append(errs, fmt.Sprintf("%v %+v %#v", err, err, err))
		all := strings.Join(errs, "\n") + logs.String() + records.String()
		if strings.Contains(all, token) || strings.Contains(all, url.QueryEscape(token)) {
			t.Errorf("token leaked:\n%s", all)
		}
		for _, want := range []string{"[REDACTED]", "bad auth Bearer [REDACTED]", "retrying", "host paused"} {
			if !strings.Contains(all, want) {
				t.Errorf("output lacks %q (test did not exercise it):\n%s", want, all)
			}
		}
	})
}

// mustOrigin parses an origin or fails the test.
func mustOrigin(t testing.TB, raw string) origin.Origin {
	t.Helper()
	o, err := origin.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
