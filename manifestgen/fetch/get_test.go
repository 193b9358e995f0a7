package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/hints"
	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

const testURL = "http://hub.test/api/models?x=1"

// TestRetrySchedule checks that retries wait the backoff (here its ceiling:
// 1 s, 2 s, 3 s capped) and that OnAttempt reports every attempt.
func TestRetrySchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var arr arrivals
		c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if arr.add() <= 4 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			jsonOK(w)
		}))
		c.Policy = Policy{BaseDelay: time.Second, MaxDelay: 3 * time.Second}
		c.Backoff = ceilingBackoff
		var recs []Attempt
		c.OnAttempt = func(a Attempt) { recs = append(recs, a) }
		t0 := time.Now()
		resp, err := c.Get(WithLabel(t.Context(), "top-loras"), testURL)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if resp.Attempts != 5 || resp.Status != 200 || string(resp.Body) != "[]" {
			t.Errorf("resp = %+v", resp)
		}
		want := []time.Duration{0, 1 * time.Second, 3 * time.Second, 6 * time.Second, 9 * time.Second}
		if got := arr.offsets(t0); !equalDurations(got, want) {
			t.Errorf("arrivals at %v; want %v", got, want)
		}
		if len(recs) != 5 {
			t.Fatalf("%d attempts reported; want 5", len(recs))
		}
		for i, a := range recs {
			retried := i < 4
			if a.Attempt != i+1 || a.Label != "top-loras" || a.Host != "hub.test" || a.URL != testURL || a.Retried != retried {
				t.Errorf("attempt %d: %+v", i+1, a)
			}
			if retried && (a.Status != 503 || a.Verdict != Retry || a.WaitReason != WaitBackoff || a.Wait != want[i+1]-want[i]) {
				t.Errorf("attempt %d: %+v", i+1, a)
			}
		}
		if last := recs[4]; last.Status != 200 || last.Verdict != Accept || last.Wait != 0 {
			t.Errorf("last attempt: %+v", last)
		}
	})
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestGiveUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "{\"error\":\n  \"overloaded\"}")
		}))
		c.Policy = Policy{MaxAttempts: 3}
		_, err := c.Get(t.Context(), testURL)
		var fe *Error
		if !errors.As(err, &fe) {
			t.Fatalf("Get = %v; want *Error", err)
		}
		want := `GET http://hub.test/api/models?x=1: giving up after 3 attempts: 503 Service Unavailable: {"error": "overloaded"}`
		if err.Error() != want {
			t.Errorf("error:\n got %s\nwant %s", err, want)
		}
		if fe.Attempts != 3 || !fe.Exhausted || fe.Permanent || !fe.Temporary() || fe.Status != 503 || fe.Err != nil {
			t.Errorf("Error = %+v", fe)
		}
	})
}

// TestClassification runs one Get per case against a handler that answers
// every attempt the same way (or fails only the first attempt when
// firstOnly), and checks attempts, outcome and message.
func TestClassification(t *testing.T) {
	type tc struct {
		name      string
		classify  Classifier
		firstOnly bool
		handle    func(w http.ResponseWriter)
		attempts  int
		wantErr   string // substring; "" means success
		permanent bool
	}
	status := func(code int, body string) func(w http.ResponseWriter) {
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			_, _ = io.WriteString(w, body)
		}
	}
	tests := []tc{
		{name: "200", handle: status(200, `[]`), attempts: 1},
		{name: "200 +json", handle: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
			_, _ = io.WriteString(w, `{}`)
		}, attempts: 1},
		{name: "400 not retried", handle: status(400, `{"error":"Cannot use page param with query search. Use cursor-based pagination."}`),
			attempts: 1, permanent: true, wantErr: `: 400 Bad Request: {"error":"Cannot use page param`},
		{name: "401 not retried", handle: status(401, `{"error":"Unauthorized"}`), attempts: 1, permanent: true, wantErr: "401 Unauthorized"},
		{name: "403 not retried", handle: status(403, ``), attempts: 1, permanent: true, wantErr: "403 Forbidden"},
		{name: "404 not retried", handle: status(404, `{"error":"No model with id 0"}`), attempts: 1, permanent: true,
			wantErr: `GET http://hub.test/api/models?x=1: 404 Not Found: {"error":"No model with id 0"}`},
		{name: "422 not retried", handle: status(422, `{}`), attempts: 1, permanent: true, wantErr: "422"},
		{name: "408 retried", handle: status(408, ``), attempts: 3, wantErr: "giving up after 3 attempts: 408 Request Timeout"},
		{name: "429 retried", handle: status(429, `{"error":"slow down"}`), attempts: 3, wantErr: "429 Too Many Requests"},
		{name: "500 retried", handle: status(500, `{"error":"canceling statement due to statement timeout","code":"57014"}`), attempts: 3, wantErr: "500 Internal Server Error"},
		{name: "502 retried", handle: status(502, ``), attempts: 3, wantErr: "502 Bad Gateway"},
		{name: "504 retried", handle: status(504, ``), attempts: 3, wantErr: "504 Gateway Timeout"},
		{name: "connection reset retried", handle: func(w http.ResponseWriter) { w.Header().Set("X-Test-Error", "reset") },
			attempts: 3, wantErr: "giving up after 3 attempts: read tcp: connection reset by peer"},
		{name: "connection refused retried", handle: func(w http.ResponseWriter) { w.Header().Set("X-Test-Error", "refused") },
			attempts: 3, wantErr: "connection refused"},
		{name: "timeout retried", handle: func(w http.ResponseWriter) { w.Header().Set("X-Test-Error", "timeout") },
			attempts: 3, wantErr: "i/o timeout"},
		{name: "truncated body retried then ok", firstOnly: true, handle: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100")
			_, _ = io.WriteString(w, `[{"id":1},`)
		}, attempts: 2},
		{name: "truncated body given up", handle: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100")
			_, _ = io.WriteString(w, `[{"id":1},`)
		}, attempts: 3, wantErr: "200 OK: reading body after 10 bytes: unexpected EOF"},
		{name: "HTML page", handle: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, "<!DOCTYPE html><html><title>Maintenance</title></html>")
		}, attempts: 1, permanent: true, wantErr: `200 OK: response is not JSON: got an HTML page (Content-Type "text/html; charset=utf-8")`},
		{name: "Cloudflare challenge", handle: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, `<!DOCTYPE html><html><script>window._cf_chl_opt={};</script><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></html>`)
		}, attempts: 1, permanent: true, wantErr: "got a Cloudflare challenge page"},
		{name: "over MaxBody", handle: status(200, `[`+strings.Repeat(`{"id":1},`, 200)+`{}]`),
			attempts: 1, permanent: true, wantErr: "response body too large: over MaxBody (1024 bytes)"},
		{name: "CivitAI page cap not retried", classify: CivitAIClassifier,
			handle:   status(429, `{"error":"You've requested too many pages, please use cursors instead"}`),
			attempts: 1, permanent: true, wantErr: `429 Too Many Requests: {"error":"You've requested too many pages, please use cursors instead"}`},
		{name: "CivitAI page cap, default classifier retries", handle: status(429, `{"error":"You've requested too many pages, please use cursors instead"}`),
			attempts: 3, wantErr: "giving up after 3 attempts: 429"},
		{name: "CivitAI throttle retried", classify: CivitAIClassifier, firstOnly: true, handle: func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			status(429, `{"error":"Too many requests, use cursors wisely"}`)(w)
		}, attempts: 2},
		{name: "CivitAI 500 retried", classify: CivitAIClassifier, handle: status(500, `{"message":"An unexpected error occurred","error":"URI malformed"}`),
			attempts: 3, wantErr: "500 Internal Server Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var mu sync.Mutex
				n := 0
				c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					n++
					first := n == 1
					mu.Unlock()
					if first || !tt.firstOnly {
						tt.handle(w)
						return
					}
					jsonOK(w)
				}))
				c.Policy = Policy{MaxAttempts: 3}
				c.Classify = tt.classify
				c.MaxBody = 1024
				resp, err := c.Get(t.Context(), testURL)
				if n != tt.attempts {
					t.Errorf("%d attempts; want %d", n, tt.attempts)
				}
				if tt.wantErr == "" {
					if err != nil || resp.Attempts != tt.attempts {
						t.Fatalf("Get = %v, %v", resp, err)
					}
					return
				}
				var fe *Error
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Get error = %v; want *Error containing %q", err, tt.wantErr)
				}
				if fe.Permanent != tt.permanent || fe.Attempts != tt.attempts {
					t.Errorf("Permanent = %v, Attempts = %d; want %v, %d", fe.Permanent, fe.Attempts, tt.permanent, tt.attempts)
				}
			})
		})
	}
}

// TestServerWait checks that Retry-After (both forms) and an exhausted
// RateLimit quota replace the backoff for that attempt.
func TestServerWait(t *testing.T) {
	tests := []struct {
		name     string
		header   func(now time.Time) http.Header
		status   int
		wantWait time.Duration
		wantWhy  string
	}{
		{"Retry-After seconds", func(time.Time) http.Header { return http.Header{"Retry-After": {"7"}} }, 429, 7 * time.Second, hints.WhyRetryAfter},
		{"Retry-After date", func(now time.Time) http.Header {
			return http.Header{"Retry-After": {now.Add(12 * time.Second).UTC().Format(http.TimeFormat)}}
		}, 503, 12 * time.Second, hints.WhyRetryAfter},
		{"RateLimit r=0", func(time.Time) http.Header {
			return http.Header{"Ratelimit": {`"api";r=0;t=4`}, "Ratelimit-Policy": {`"fixed window";"api";q=500;w=300`}}
		}, 429, 5 * time.Second, hints.WhyQuota},
		{"Retry-After 0", func(time.Time) http.Header { return http.Header{"Retry-After": {"0"}} }, 429, 0, hints.WhyRetryAfter},
		{"garbage falls back to backoff", func(time.Time) http.Header { return http.Header{"Retry-After": {"soon"}} }, 429, time.Second, WaitBackoff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var arr arrivals
				c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if arr.add() == 1 {
						for k, v := range tt.header(time.Now()) {
							w.Header()[k] = v
						}
						w.WriteHeader(tt.status)
						return
					}
					jsonOK(w)
				}))
				c.Policy = Policy{BaseDelay: time.Second}
				c.Backoff = ceilingBackoff
				var first Attempt
				c.OnAttempt = func(a Attempt) {
					if a.Attempt == 1 {
						first = a
					}
				}
				t0 := time.Now()
				if _, err := c.Get(t.Context(), testURL); err != nil {
					t.Fatal(err)
				}
				if got := arr.offsets(t0); len(got) != 2 || got[1] != tt.wantWait {
					t.Errorf("arrivals %v; want the retry at %v", got, tt.wantWait)
				}
				if first.Wait != tt.wantWait || first.WaitReason != tt.wantWhy || !first.Retried {
					t.Errorf("first attempt %+v; want wait %v (%s)", first, tt.wantWait, tt.wantWhy)
				}
			})
		})
	}
}

// TestWholeHostPause: a 429 with Retry-After pauses every request to the
// host, not only the one that got it.
func TestWholeHostPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		got := map[string][]time.Time{}
		c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			got[r.URL.Path] = append(got[r.URL.Path], time.Now())
			n := len(got[r.URL.Path])
			mu.Unlock()
			if r.URL.Path == "/a" && n == 1 {
				w.Header().Set("Retry-After", "10")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			jsonOK(w)
		}))
		c.Limiter = limit.New("hub.test", limit.Config{Concurrency: 4, RPS: 100, Burst: 4}, nil)
		t0 := time.Now()
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := c.Get(t.Context(), "http://hub.test/a"); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			time.Sleep(time.Second) // after the 429
			if _, err := c.Get(t.Context(), "http://hub.test/b"); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		if d := got["/b"][0].Sub(t0); d != 10*time.Second {
			t.Errorf("/b reached the server at +%v; want +10s (the host was paused)", d)
		}
		if d := got["/a"][1].Sub(t0); d != 10*time.Second {
			t.Errorf("/a retried at +%v; want +10s", d)
		}
		if s := c.Limiter.Stats(); s.Pauses != 1 || s.Slowdowns != 0 {
			t.Errorf("limiter stats %+v; want 1 pause, no slow-down", s)
		}
	})
}

// TestMaxServerWait: a server wait over MaxServerWait fails at once, and so
// does the next request to the paused host, without reaching the server.
func TestMaxServerWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var arr arrivals
		c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arr.add()
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		}))
		c.Limiter = limit.New("hub.test", limit.Config{Concurrency: 2, RPS: 10}, nil)
		t0 := time.Now()
		_, err := c.Get(t.Context(), testURL)
		want := "GET http://hub.test/api/models?x=1: server asks to wait 1h0m0s (Retry-After), longer than MaxServerWait 1m0s (after 1 attempt; last: 429 Too Many Requests)"
		if !errors.Is(err, ErrServerWait) || err.Error() != want || time.Since(t0) != 0 {
			t.Fatalf("Get = %v after %v;\nwant %s at once", err, time.Since(t0), want)
		}
		time.Sleep(time.Minute)
		_, err = c.Get(t.Context(), testURL)
		if !errors.Is(err, ErrServerWait) || !strings.Contains(err.Error(), "paused for 59m0s more") || time.Since(t0) != time.Minute {
			t.Fatalf("second Get = %v", err)
		}
		if len(arr.offsets(t0)) != 1 {
			t.Errorf("server hit %d times; want 1", len(arr.offsets(t0)))
		}
	})
}

// TestCancel: cancelling the context stops a Get at once wherever it waits.
func TestCancel(t *testing.T) {
	tests := []struct {
		name  string
		setup func(c *Client)
	}{
		{"during backoff", func(c *Client) {
			c.Backoff = func(int, time.Duration, time.Duration) time.Duration { return time.Hour }
			c.Policy.Deadline = 0
		}},
		{"during host pause", func(c *Client) {
			c.Limiter = limit.New("hub.test", limit.Config{}, nil)
			c.Limiter.PauseUntil(time.Now().Add(50 * time.Second))
		}},
		{"during the request", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if tt.setup == nil {
						<-r.Context().Done() // hangs until the client gives up
						return
					}
					w.WriteHeader(http.StatusServiceUnavailable)
				}))
				if tt.setup != nil {
					tt.setup(c)
				}
				ctx, cancel := context.WithCancel(t.Context())
				done := make(chan error, 1)
				go func() {
					_, err := c.Get(ctx, testURL)
					done <- err
				}()
				time.Sleep(2 * time.Second)
				t0 := time.Now()
				cancel()
				err := <-done
				if !errors.Is(err, context.Canceled) || time.Since(t0) != 0 {
					t.Fatalf("Get = %v after %v; want canceled at once", err, time.Since(t0))
				}
				var fe *Error
				if !errors.As(err, &fe) || fe.Permanent || !strings.Contains(err.Error(), "context canceled") {
					t.Errorf("error %v", err)
				}
			})
		})
	}
}

func TestDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var arr arrivals
		c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arr.add()
			w.WriteHeader(http.StatusBadGateway)
		}))
		c.Policy = Policy{MaxAttempts: 10, BaseDelay: time.Second, Deadline: 10 * time.Second}
		c.Backoff = ceilingBackoff
		t0 := time.Now()
		_, err := c.Get(t.Context(), testURL)
		// Waits 1, 2, 4 (t=7); the next wait of 8 s would pass t=10.
		want := "GET http://hub.test/api/models?x=1: the backoff wait of 8s would pass the request deadline (after 4 attempts; last: 502 Bad Gateway)"
		if !errors.Is(err, context.DeadlineExceeded) || err.Error() != want || time.Since(t0) != 7*time.Second {
			t.Fatalf("Get = %v at +%v;\nwant %s at +7s", err, time.Since(t0), want)
		}
	})
}

func TestAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var arr arrivals
		c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if arr.add() == 1 {
				<-r.Context().Done()
				return
			}
			jsonOK(w)
		}))
		c.Policy = Policy{AttemptTimeout: 5 * time.Second, BaseDelay: time.Second}
		c.Backoff = ceilingBackoff
		var recs []Attempt
		c.OnAttempt = func(a Attempt) { recs = append(recs, a) }
		t0 := time.Now()
		if _, err := c.Get(t.Context(), testURL); err != nil {
			t.Fatal(err)
		}
		if got := arr.offsets(t0); !equalDurations(got, []time.Duration{0, 6 * time.Second}) {
			t.Errorf("arrivals %v; want [0s 6s]", got)
		}
		if len(recs) != 2 || !errors.Is(recs[0].Err, context.DeadlineExceeded) || recs[0].Duration != 5*time.Second {
			t.Errorf("attempts %+v", recs)
		}
	})
}

// TestOtherStatusCodes sweeps every status a server may send: only 2xx is
// accepted and only 408, 429, 500, 502, 503, 504 are retried.
func TestOtherStatusCodes(t *testing.T) {
	retried := map[int]bool{408: true, 429: true, 500: true, 502: true, 503: true, 504: true}
	for code := 200; code < 600; code++ {
		want := Fail
		switch {
		case code < 300:
			want = Accept
		case retried[code]:
			want = Retry
		}
		resp := &Response{Status: code, Header: http.Header{}, Body: []byte(`{"error":"x"}`)}
		if got := DefaultClassifier(resp, nil); got != want {
			t.Errorf("DefaultClassifier(%d) = %v; want %v", code, got, want)
		}
		if got := CivitAIClassifier(resp, nil); got != want {
			t.Errorf("CivitAIClassifier(%d) = %v; want %v", code, got, want)
		}
	}
}

func TestBadURL(t *testing.T) {
	called := false
	c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true }))
	tests := []struct{ in, want string }{
		{"ftp://hub.test/x?token=abc", "GET ftp://hub.test/x: bad URL: want an absolute http(s) URL"},
		{"/api/models", "GET /api/models: bad URL: want an absolute http(s) URL"},
		{"http://hub.test/%zz?token=abc", `GET (unparsable URL): bad URL: invalid URL escape "%zz"`},
	}
	for _, tt := range tests {
		_, err := c.Get(t.Context(), tt.in)
		var fe *Error
		if !errors.As(err, &fe) || !fe.Permanent || err.Error() != tt.want {
			t.Errorf("Get(%q) = %v; want %s", tt.in, err, tt.want)
		}
	}
	if called {
		t.Error("a bad URL reached the server")
	}
}

func TestResponseURLRedacted(t *testing.T) {
	c := memClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { jsonOK(w) }))
	resp, err := c.Get(t.Context(), "https://u:p@hub.test/api?token=abc&limit=2")
	if err != nil {
		t.Fatal(err)
	}
	if resp.URL != "https://hub.test/api?limit=2" {
		t.Errorf("Response.URL = %s", resp.URL)
	}
}
