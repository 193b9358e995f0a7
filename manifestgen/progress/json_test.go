package progress

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/internal/syncbuf"
)

// With Options.JSON every line is a JSON record, on a terminal too, and
// log records written through Log stay whole lines.
func TestJSONRecords(t *testing.T) {
	var b syncbuf.Buffer
	p := New(&b, Options{JSON: true, Verbose: true, Stats: func(string) Live { return Live{Requests: 3, Retries: 1, Rate: 2.5} }})
	p.Start("civitai", 2)
	p.FilterDone("civitai", "a", nil)
	p.Log().Write([]byte(`{"msg":"from the logger"}` + "\n"))
	p.FilterDone("civitai", "b", errors.New("boom"))
	p.Close()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines; want 3:\n%s", len(lines), b.String())
	}
	var last map[string]any
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d is not JSON: %q", i+1, line)
		}
		last = rec
	}
	want := map[string]any{"msg": "progress", "level": "INFO", "source": "civitai", "done": 2.0, "total": 2.0,
		"requests": 3.0, "retries": 1.0, "rate": 2.5, "filter": "b", "failed": true}
	for k, v := range want {
		if last[k] != v {
			t.Errorf("%s = %v; want %v (%s)", k, last[k], v, lines[2])
		}
	}
}
