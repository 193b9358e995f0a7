package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

// TestGetDecode checks the streaming path outcome by outcome: what the
// Decoder sees, how many attempts are made and what is returned.
func TestGetDecode(t *testing.T) {
	errBad := errors.New("bad page")
	big := `[` + strings.Repeat(`1,`, 5000) + `1]` // over the sniff size
	tests := []struct {
		name     string
		handle   func(w http.ResponseWriter, n int) // n: 1-based request number
		maxBody  int64
		dec      func(io.Reader) (string, error) // what the decoder makes of the body
		want     string                          // the last decoded body on success
		attempts int
		calls    int    // Decoder calls
		wantErr  string // substring; "" means success
		errIs    error
	}{
		{
			name: "json streamed whole", handle: func(w http.ResponseWriter, _ int) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, big)
			}, want: big, attempts: 1, calls: 1,
		},
		{
			name: "no Content-Type, sniffed prefix passed on", handle: func(w http.ResponseWriter, _ int) {
				w.Header()["Content-Type"] = nil
				_, _ = io.WriteString(w, big)
			}, want: big, attempts: 1, calls: 1,
		},
		{
			name: "truncated body retried, first decode void", handle: func(w http.ResponseWriter, n int) {
				w.Header().Set("Content-Type", "application/json")
				if n == 1 {
					w.Header().Set("Content-Length", "100")
					_, _ = io.WriteString(w, `[1,2,`)
					return
				}
				_, _ = io.WriteString(w, `[1,2,3]`)
			}, want: `[1,2,3]`, attempts: 2, calls: 2,
		},
		{
			name: "truncated without a JSON Content-Type retried", handle: func(w http.ResponseWriter, n int) {
				w.Header()["Content-Type"] = nil
				if n == 1 {
					w.Header().Set("Content-Length", "100")
					_, _ = io.WriteString(w, `[1,2,`)
					return
				}
				_, _ = io.WriteString(w, `[3]`)
			}, want: `[3]`, attempts: 2, calls: 1,
		},
		{
			name: "over MaxBody fails at once", maxBody: 1000, handle: func(w http.ResponseWriter, _ int) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, big)
			}, attempts: 1, calls: 1, wantErr: "over MaxBody (1000 bytes)", errIs: ErrBodyTooLarge,
		},
		{
			name: "HTML never reaches the decoder", handle: func(w http.ResponseWriter, _ int) {
				w.Header().Set("Content-Type", "text/html")
				_, _ = io.WriteString(w, "<!doctype html><html>down</html>")
			}, attempts: 1, calls: 0, wantErr: "got an HTML page", errIs: ErrNotJSON,
		},
		{
			name: "decoder error on a whole body returned as is", handle: func(w http.ResponseWriter, _ int) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, big)
			}, dec: func(r io.Reader) (string, error) {
				_, _ = r.Read(make([]byte, 10)) // stops early: the rest is drained
				return "", errBad
			}, attempts: 1, calls: 1, errIs: errBad, wantErr: "bad page",
		},
		{
			name: "error statuses read whole and retried", handle: func(w http.ResponseWriter, n int) {
				w.Header().Set("Content-Type", "application/json")
				if n < 3 {
					w.WriteHeader(http.StatusServiceUnavailable)
					_, _ = io.WriteString(w, `{"error":"later"}`)
					return
				}
				_, _ = io.WriteString(w, `{}`)
			}, want: `{}`, attempts: 3, calls: 1,
		},
		{
			name: "403 fails with its body, no decode", handle: func(w http.ResponseWriter, _ int) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusForbidden)
				_, _ = io.WriteString(w, `{"error":"nope"}`)
			}, attempts: 1, calls: 0, wantErr: `403 Forbidden: {"error":"nope"}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var reqs atomic.Int32
				c := memClient(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					tc.handle(w, int(reqs.Add(1)))
				}))
				c.MaxBody = tc.maxBody
				c.Backoff = ceilingBackoff
				dec := tc.dec
				if dec == nil {
					dec = func(r io.Reader) (string, error) {
						b, err := io.ReadAll(r)
						return string(b), err
					}
				}
				var got string
				calls := 0
				resp, err := c.GetDecode(context.Background(), "http://hub.test/api/models", func(r io.Reader) error {
					calls++
					s, err := dec(r)
					got = s
					return err
				})
				if int(reqs.Load()) != tc.attempts || calls != tc.calls {
					t.Errorf("%d requests, %d decodes; want %d, %d", reqs.Load(), calls, tc.attempts, tc.calls)
				}
				if tc.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
						t.Fatalf("err = %v, want %q", err, tc.wantErr)
					}
					if tc.errIs != nil && !errors.Is(err, tc.errIs) {
						t.Fatalf("err = %v, want errors.Is %v", err, tc.errIs)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("decoded %.40q (%d bytes), want %.40q (%d bytes)", got, len(got), tc.want, len(tc.want))
				}
				if resp.Body != nil || resp.Status != 200 || resp.Attempts != tc.attempts {
					t.Errorf("response: body %d bytes, status %d, %d attempts", len(resp.Body), resp.Status, resp.Attempts)
				}
			})
		})
	}
}

// TestGetDecodeHoldsTheSlot checks that a body being decoded still counts
// against the host's concurrency: with one slot, a second request starts
// only after the first decode returns.
func TestGetDecodeHoldsTheSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var inFlight, maxSeen atomic.Int32
		c := memClient(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `[]`)
		}))
		c.Limiter = limit.New("hub.test", limit.Config{Concurrency: 1, RPS: 1000, Burst: 2}, nil)
		done := make(chan error, 2)
		for range 2 {
			go func() {
				_, err := c.GetDecode(context.Background(), "http://hub.test/x", func(r io.Reader) error {
					n := inFlight.Add(1)
					maxSeen.Store(max(maxSeen.Load(), n))
					time.Sleep(time.Second) // fake clock: a slow decode
					inFlight.Add(-1)
					_, err := io.Copy(io.Discard, r)
					return err
				})
				done <- err
			}()
		}
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if maxSeen.Load() != 1 {
			t.Errorf("%d decodes at once with one slot", maxSeen.Load())
		}
	})
}

// TestGetDecodeNilDecoder checks the misuse error.
func TestGetDecodeNilDecoder(t *testing.T) {
	if _, err := (&Client{}).GetDecode(context.Background(), "http://hub.test/", nil); err == nil {
		t.Fatal("no error for a nil Decoder")
	}
}

// TestResponseDate: a response's Date is the server's clock when it is an
// HTTP date, and zero otherwise (the hub's bytes are not trusted).
func TestResponseDate(t *testing.T) {
	for _, tc := range []struct {
		date string
		want time.Time
	}{
		{"Fri, 20 Nov 2026 00:00:00 GMT", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"Friday, 20-Nov-26 00:00:00 GMT", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"", time.Time{}},
		{"yesterday", time.Time{}},
		{"Fri, 20 Nov 2026 00:00:00 GMT\x00", time.Time{}},
	} {
		r := &Response{Header: http.Header{"Date": {tc.date}}}
		if got := r.Date(); !got.Equal(tc.want) {
			t.Errorf("Date %q: %v, want %v", tc.date, got, tc.want)
		}
	}
}
