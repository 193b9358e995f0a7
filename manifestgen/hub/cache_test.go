package hub

import (
	"net/http"
	"strings"
	"testing"
)

func TestETagAndNotModified(t *testing.T) {
	h := New(Options{})
	for _, u := range []string{civURL("limit", "5"), hfURL("limit", "5")} {
		t.Run(u, func(t *testing.T) {
			resp, body := get(t, h, u)
			etag := resp.Header.Get("ETag")
			if len(etag) != 36 || etag[:3] != `W/"` || etag[35] != '"' {
				t.Fatalf("ETag %q: want a weak 32-hex-digit tag", etag)
			}
			if lm := resp.Header.Get("Last-Modified"); lm != ReferenceDate.Format(http.TimeFormat) {
				t.Errorf("Last-Modified %q", lm)
			}
			for _, inm := range []string{etag, etag[2:], `"nope", ` + etag, "*"} {
				resp, again := get(t, h, u, "If-None-Match", inm)
				if resp.StatusCode != http.StatusNotModified || len(again) != 0 || resp.Header.Get("ETag") != etag {
					t.Errorf("If-None-Match %s: %d with %d bytes, ETag %q", inm, resp.StatusCode, len(again), resp.Header.Get("ETag"))
				}
			}
			resp, again := get(t, h, u, "If-None-Match", `"stale"`)
			if resp.StatusCode != http.StatusOK || string(again) != string(body) {
				t.Errorf("stale If-None-Match: %d", resp.StatusCode)
			}
		})
	}
	_, a := get(t, h, civURL("limit", "5"))
	r1, _ := get(t, h, civURL("limit", "5"))
	r2, b := get(t, h, civURL("limit", "6"))
	if r1.Header.Get("ETag") == r2.Header.Get("ETag") || string(a) == string(b) {
		t.Error("different bodies share an ETag")
	}
	st := h.Stats()
	if st.CivitAI.NotModified != 4 || st.HuggingFace.NotModified != 4 || st.HuggingFace.ByStatus[304] != 4 {
		t.Errorf("NotModified counts %d/%d", st.CivitAI.NotModified, st.HuggingFace.NotModified)
	}
	resp, _ := get(t, h, hfURL("limit", "5"), "If-None-Match", "*")
	if resp.Header.Get("RateLimit") == "" || resp.Header.Get("Content-Type") != "" {
		t.Errorf("HF 304 headers %v: want RateLimit and no Content-Type", resp.Header)
	}
}

func TestHealthzAndNotFound(t *testing.T) {
	h := New(Options{CivitAI: Faults{ErrorRate: 1}, HuggingFace: Faults{ErrorRate: 1}})
	if resp, body := get(t, h, base+"/healthz"); resp.StatusCode != 200 || string(body) != "ok" {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}
	if resp, body := get(t, h, base+"/api/models/x/y"); resp.StatusCode != 404 || string(body) != `{"error":"Not Found"}` {
		t.Errorf("unknown path: %d %s", resp.StatusCode, body)
	}
	if s := h.Stats(); s.CivitAI.Requests+s.HuggingFace.Requests != 0 {
		t.Errorf("healthz and 404 were counted: %+v", s)
	}
}

func TestMethods(t *testing.T) {
	h := New(Options{})
	_, full := get(t, h, hfURL("limit", "3"))
	req, _ := http.NewRequest(http.MethodHead, hfURL("limit", "3"), nil)
	resp, err := h.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength != int64(len(full)) || resp.Header.Get("ETag") == "" {
		t.Errorf("HEAD: %d, length %d (want %d), ETag %q", resp.StatusCode, resp.ContentLength, len(full), resp.Header.Get("ETag"))
	}
	req, _ = http.NewRequest(http.MethodPost, civURL(), nil)
	resp, err = h.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// The same page asked of the hub on two ports has the same ETag, though
// its body names the port in nextPage: the next embedded run revalidates
// what the last one cached.
func TestETagIgnoresHubAddress(t *testing.T) {
	h := New(Options{})
	u := "/api/v1/models?limit=2&sort=Newest"
	r1, b1 := get(t, h, "http://127.0.0.1:1111"+u)
	r2, b2 := get(t, h, "http://127.0.0.1:2222"+u)
	if string(b1) == string(b2) || !strings.Contains(string(b2), "127.0.0.1:2222") {
		t.Fatalf("bodies do not name their port:\n%s\n%s", b1, b2)
	}
	if e := r1.Header.Get("ETag"); e == "" || e != r2.Header.Get("ETag") {
		t.Errorf("ETags %q and %q; want equal", e, r2.Header.Get("ETag"))
	}
	if resp, _ := get(t, h, "http://127.0.0.1:2222"+u, "If-None-Match", r1.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match from the other port: %d; want 304", resp.StatusCode)
	}
}
