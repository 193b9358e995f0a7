package redislimit

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

// A runner process that gets a 429 with Retry-After: 2 stores the pause in
// Redis; this process, which never saw the 429, then waits in Acquire until
// the pause ends and logs it as a pause of its own.
func TestPauseAcrossProcesses(t *testing.T) {
	srv := startRedis(t, "")
	var t429 time.Time
	rec := &recorder{byRunner: map[string]int{}}
	rec.pause = func(runner string) string {
		if runner == "pauser" {
			t429 = time.Now()
			return "2"
		}
		return ""
	}
	hub := httptest.NewServer(rec)
	defer hub.Close()
	host := "hub.test"
	res := runChildren(t, childSpec{redisURL: srv.URL(), target: hub.URL, host: host, n: 1, conc: 1, rps: 10, start: time.Now()}, "pauser")
	if res[0].fail != 1 {
		t.Fatalf("pauser: %+v; want its one request answered 429", res[0])
	}

	shared, err := New(client(t, srv), Options{Host: host, Identity: Identity("tok"), RPS: 10, Fail: FailClosed})
	if err != nil {
		t.Fatal(err)
	}
	log, buf := newLogger()
	h := limit.New(host, limit.Config{RPS: 10, Shared: shared}, log)
	asked := time.Now()
	release, err := h.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	release()
	admitted := time.Now()
	rec.mu.Lock()
	end := t429.Add(2 * time.Second)
	rec.mu.Unlock()
	t.Logf("429 at 0, asked at +%v, admitted at +%v (pause ends at +2s)", asked.Sub(t429), admitted.Sub(t429))
	if asked.After(end.Add(-time.Second)) {
		t.Fatalf("runner took %v; the test cannot see the wait", asked.Sub(t429))
	}
	if admitted.Before(end) || admitted.After(end.Add(500*time.Millisecond)) {
		t.Errorf("admitted %v after the 429; want 2s to 2.5s", admitted.Sub(t429))
	}
	if s := h.Stats(); s.Pauses != 1 {
		t.Errorf("Stats = %+v; want 1 pause", s)
	}
	if !contains(buf.String(), `why="shared pause"`) {
		t.Errorf("pause not logged:\n%s", buf)
	}
}
