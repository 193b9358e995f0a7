package progress

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/manifestgen/manifestgen/manifestgen/internal/syncbuf"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestLines(t *testing.T) {
	tests := []struct {
		name    string
		verbose bool
		want    string
	}{
		{"quiet: completion only, failures counted", false,
			"Progress: civitai 3/3 (100%), 1 failed\n"},
		{"verbose: every filter", true,
			"Progress: civitai 1/3 (33%) — a\nProgress: civitai 2/3 (66%), 1 failed — b failed\nProgress: civitai 3/3 (100%), 1 failed — c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b syncbuf.Buffer
			l := NewLines(&b, tt.verbose, nil)
			l.Start("civitai", 3)
			l.FilterDone("civitai", "a", nil)
			l.FilterDone("civitai", "b", errors.New("boom"))
			l.FilterDone("civitai", "c", nil)
			l.Close()
			if b.String() != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

// TestLinesPeriodic: while a source runs, a status line (with live figures)
// appears every DefaultEvery, and not more often.
func TestLinesPeriodic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var b syncbuf.Buffer
		l := NewLines(&b, false, func(string) Live { return Live{Requests: 7, Retries: 1, Rate: 9.5} })
		l.Start("huggingface", 4)
		time.Sleep(DefaultEvery*3 + time.Second)
		synctest.Wait()
		l.FilterDone("huggingface", "a", nil)
		l.Close()
		want := strings.Repeat("Progress: huggingface 0/4 (0%), 7 requests, 1 retries, 9.5 req/s\n", 3)
		if b.String() != want {
			t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
		}
	})
}

// TestLinesLogsStayWhole: log writes and progress lines from many
// goroutines never split each other's lines.
func TestLinesLogsStayWhole(t *testing.T) {
	var b syncbuf.Buffer
	l := NewLines(&b, true, nil)
	l.Start("s", 200)
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			l.FilterDone("s", "f", nil)
			l.Log().Write([]byte("level=WARN msg=\"a log record\" n=" + strings.Repeat("x", i%50) + "\n"))
		})
	}
	wg.Wait()
	l.Close()
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if !strings.HasPrefix(line, "Progress: s ") && !strings.HasPrefix(line, "level=WARN") {
			t.Fatalf("broken line %q", line)
		}
	}
}

func TestNewChoosesPlainOutsideTerminals(t *testing.T) {
	var b syncbuf.Buffer
	r := New(&b, Options{Getenv: func(string) string { return "" }})
	defer r.Close()
	if _, ok := r.(*Lines); !ok {
		t.Fatalf("a non-terminal writer got %T, want *Lines", r)
	}
}
