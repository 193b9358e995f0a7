package hub

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// status sends one GET and returns its status and a header, failing on a
// transport error. Safe to call from any goroutine.
func status(h *Hub, rawURL, header string) (int, string, error) {
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := h.Transport().RoundTrip(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, "", err
	}
	return resp.StatusCode, resp.Header.Get(header), nil
}

func mustStatus(t *testing.T, h *Hub, rawURL, header string) (int, string) {
	t.Helper()
	code, v, err := status(h, rawURL, header)
	if err != nil {
		t.Fatal(err)
	}
	return code, v
}

func TestTokenBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{CivitAI: Faults{TokenBucket: &Bucket{Rate: 4, Burst: 3}}})
		u := civURL("limit", "1")
		for i := range 3 {
			if code, _ := mustStatus(t, h, u, ""); code != 200 {
				t.Fatalf("burst request %d: %d", i, code)
			}
		}
		if code, ra := mustStatus(t, h, u, "Retry-After"); code != 429 || ra != "1" {
			t.Fatalf("empty bucket: %d Retry-After %q, want 429 with 1 (0.25 s rounded up)", code, ra)
		}
		// One request every 125 ms (half a token) for 5 s: one in two passes.
		ok := 0
		for range 40 {
			time.Sleep(125 * time.Millisecond)
			if code, _ := mustStatus(t, h, u, ""); code == 200 {
				ok++
			}
		}
		if ok != 20 {
			t.Errorf("%d of 40 paced requests passed, want 20 (4 tokens/s over 5 s)", ok)
		}
		st := h.Stats().CivitAI
		if st.Requests != 44 || st.Served429 != 21 || st.ByStatus[200] != 23 || st.ByStatus[429] != 21 {
			t.Errorf("stats %+v", st)
		}
		if gap := st.MinGap(); gap != 0 {
			t.Errorf("MinGap %v, want 0 (the burst)", gap)
		}
	})
}

func TestTokenBucketRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{
			HuggingFace: Faults{TokenBucket: &Bucket{Rate: 0.1, Burst: 1}},
			CivitAI:     Faults{TokenBucket: &Bucket{Rate: 0.1, Burst: 1, NoRetryAfter: true}},
		})
		mustStatus(t, h, hfURL("limit", "1"), "")
		if code, ra := mustStatus(t, h, hfURL("limit", "1"), "Retry-After"); code != 429 || ra != "10" {
			t.Errorf("got %d Retry-After %q, want 429 10", code, ra)
		}
		time.Sleep(2500 * time.Millisecond)
		if code, ra := mustStatus(t, h, hfURL("limit", "1"), "Retry-After"); code != 429 || ra != "8" {
			t.Errorf("after 2.5 s: %d Retry-After %q, want 429 8 (7.5 s rounded up)", code, ra)
		}
		mustStatus(t, h, civURL("limit", "1"), "")
		if code, ra := mustStatus(t, h, civURL("limit", "1"), "Retry-After"); code != 429 || ra != "" {
			t.Errorf("NoRetryAfter: %d Retry-After %q", code, ra)
		}
	})
}

func TestFixedWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{HuggingFace: Faults{FixedWindow: &Window{Quota: 3, Period: time.Minute}}})
		u := hfURL("limit", "1")
		type want struct {
			code             int
			rateLimit, retry string
		}
		step := func(w want) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodGet, u, nil)
			resp, err := h.Transport().RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := want{resp.StatusCode, resp.Header.Get("RateLimit"), resp.Header.Get("Retry-After")}
			if got != w {
				t.Errorf("got %+v, want %+v", got, w)
			}
			if p := resp.Header.Get("RateLimit-Policy"); p != `"fixed window";"api";q=3;w=60` {
				t.Errorf("RateLimit-Policy %q", p)
			}
		}
		step(want{200, `"api";r=2;t=60`, ""})
		time.Sleep(10 * time.Second)
		step(want{200, `"api";r=1;t=50`, ""})
		step(want{200, `"api";r=0;t=50`, ""})
		step(want{429, `"api";r=0;t=50`, "50"})
		time.Sleep(49500 * time.Millisecond)
		step(want{429, `"api";r=0;t=1`, "1"})
		time.Sleep(500 * time.Millisecond)
		step(want{200, `"api";r=2;t=60`, ""})
		time.Sleep(5 * time.Minute)
		step(want{200, `"api";r=2;t=60`, ""})
		if st := h.Stats().HuggingFace; st.Served429 != 2 || st.Requests != 7 {
			t.Errorf("stats %+v", st)
		}
	})
}

func TestFixedWindowOnCivitAI(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{CivitAI: Faults{FixedWindow: &Window{Quota: 1, Period: 10 * time.Second, NoRetryAfter: true}}})
		mustStatus(t, h, civURL("limit", "1"), "")
		code, ra := mustStatus(t, h, civURL("limit", "1"), "Retry-After")
		_, rl := mustStatus(t, h, civURL("limit", "1"), "RateLimit")
		if code != 429 || ra != "" || rl != `"api";r=0;t=10` {
			t.Errorf("got %d Retry-After %q RateLimit %q", code, ra, rl)
		}
		if _, rl := mustStatus(t, New(Options{}), civURL("limit", "1"), "RateLimit"); rl != "" {
			t.Errorf("CivitAI without a window sends RateLimit %q", rl)
		}
	})
}

func TestMaxInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{Latency: time.Second, CivitAI: Faults{MaxInFlight: 2}})
		start := time.Now()
		codes := make([]int, 5)
		hints := make([]string, 5)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Go(func() {
				var err error
				codes[i], hints[i], err = status(h, civURL("limit", "1"), "Retry-After")
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if d := time.Since(start); d != time.Second {
			t.Errorf("took %v, want the 1 s latency", d)
		}
		n := map[int]int{}
		for i, c := range codes {
			n[c]++
			if hints[i] != "" {
				t.Errorf("concurrency 429 carries Retry-After %q", hints[i])
			}
		}
		if n[200] != 2 || n[429] != 3 {
			t.Errorf("statuses %v, want 2 x 200 and 3 x 429", n)
		}
		for range 3 {
			if code, _ := mustStatus(t, h, civURL("limit", "1"), ""); code != 200 {
				t.Errorf("sequential request after the burst: %d", code)
			}
		}
		if st := h.Stats().CivitAI; st.MaxInFlight != 5 || st.Served429 != 3 {
			t.Errorf("stats MaxInFlight %d Served429 %d, want 5 and 3", st.MaxInFlight, st.Served429)
		}
	})
}

// faultRun sends n requests and classifies each outcome in one letter:
// o ok, r reset, t truncated, h HTML challenge, e 5xx.
func faultRun(t *testing.T, opts Options, n int) string {
	t.Helper()
	h := New(opts)
	var b strings.Builder
	for range n {
		req, _ := http.NewRequest(http.MethodGet, hfURL("limit", "2"), nil)
		resp, err := h.Transport().RoundTrip(req)
		if err != nil {
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Fatalf("transport error %v, want a connection reset", err)
			}
			b.WriteByte('r')
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) && resp.StatusCode == 200:
			b.WriteByte('t')
		case err != nil:
			t.Fatal(err)
		case resp.StatusCode == 403 && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") &&
			strings.Contains(string(body), "window._cf_chl_opt") && strings.Contains(string(body), "/cdn-cgi/challenge-platform/"):
			b.WriteByte('h')
		case resp.StatusCode >= 500 && strings.Contains(string(body), `"error"`) && resp.Header.Get("Content-Type") == jsonContentType:
			b.WriteByte('e')
		case resp.StatusCode == 200:
			b.WriteByte('o')
		default:
			t.Fatalf("unexpected %d %s", resp.StatusCode, body)
		}
	}
	st := h.Stats().HuggingFace
	s := b.String()
	if st.Requests != n || st.Resets != strings.Count(s, "r") || st.Truncated != strings.Count(s, "t") ||
		st.ByStatus[403] != strings.Count(s, "h") || st.ByStatus[500]+st.ByStatus[502]+st.ByStatus[503] != strings.Count(s, "e") ||
		st.ByStatus[200] != strings.Count(s, "o")+strings.Count(s, "t") {
		t.Errorf("stats %+v do not match outcomes %s", st, s)
	}
	return s
}

func TestRandomFaults(t *testing.T) {
	opts := Options{Seed: 7, HuggingFace: Faults{ResetRate: 0.1, HTMLRate: 0.1, ErrorRate: 0.2, TruncateRate: 0.25}}
	const n = 400
	got := faultRun(t, opts, n)
	count := func(c string) int { return strings.Count(got, c) }
	served := count("o") + count("t")
	for _, tc := range []struct {
		what  string
		n, of int
		rate  float64
	}{
		{"resets", count("r"), n, 0.1},
		{"challenges", count("h"), n, 0.1},
		{"errors", count("e"), n, 0.2},
		{"truncations", count("t"), served, 0.25},
	} {
		// Binomial: within 4 standard deviations of the mean.
		mean := tc.rate * float64(tc.of)
		sd := 4 * sqrt(mean*(1-tc.rate))
		if float64(tc.n) < mean-sd || float64(tc.n) > mean+sd {
			t.Errorf("%s: %d of %d, want about %.0f", tc.what, tc.n, tc.of, mean)
		}
	}
	if again := faultRun(t, opts, n); again != got {
		t.Error("same seed gave different faults")
	}
	opts.Seed = 8
	if other := faultRun(t, opts, n); other == got {
		t.Error("another seed gave the same faults")
	}
	if clean := faultRun(t, Options{}, 50); strings.Trim(clean, "o") != "" {
		t.Errorf("zero options injected faults: %s", clean)
	}
}

func sqrt(x float64) float64 {
	r := x
	for range 50 {
		if r == 0 {
			return 0
		}
		r = (r + x/r) / 2
	}
	return r
}

func TestLatencyAndSlowBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{Latency: 300 * time.Millisecond, CivitAI: Faults{SlowBody: 2 * time.Second}})
		start := time.Now()
		_, slow := get(t, h, civURL("limit", "3"))
		if d := time.Since(start); d != 2300*time.Millisecond {
			t.Errorf("slow body took %v, want 300 ms latency + 2 s", d)
		}
		start = time.Now()
		_, fast := get(t, New(Options{}), civURL("limit", "3"))
		if d := time.Since(start); d != 0 {
			t.Errorf("zero options took %v", d)
		}
		if string(slow) != string(fast) {
			t.Error("slow body differs from the normal body")
		}
		start = time.Now()
		get(t, h, hfURL("limit", "3"))
		if d := time.Since(start); d != 300*time.Millisecond {
			t.Errorf("HF (no slow body) took %v, want 300 ms latency", d)
		}
	})
}

func TestClientGoesAway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := New(Options{Latency: time.Second})
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, civURL("limit", "1"), nil)
		if _, err := h.Transport().RoundTrip(req); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want the context deadline", err)
		}
		if st := h.Stats().CivitAI; st.Canceled != 1 || len(st.ByStatus) != 0 {
			t.Errorf("stats %+v, want one canceled request and nothing served", st)
		}
	})
}

func TestResetStats(t *testing.T) {
	h := New(Options{})
	get(t, h, civURL("limit", "1"))
	get(t, h, hfURL("limit", "1"))
	if s := h.Stats(); s.API(APICivitAI).Requests != 1 || s.API(APIHuggingFace).Requests != 1 || s.API("x").Requests != 0 {
		t.Fatalf("stats %+v", s)
	}
	h.ResetStats()
	if s := h.Stats(); s.CivitAI.Requests != 0 || s.HuggingFace.Requests != 0 || len(s.CivitAI.Starts) != 0 {
		t.Errorf("after ResetStats: %+v", s)
	}
}
