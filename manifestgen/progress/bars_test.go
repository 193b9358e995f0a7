package progress

import (
	"errors"
	"github.com/manifestgen/manifestgen/manifestgen/internal/syncbuf"
	"strings"
	"testing"
)

// TestBars renders bars into a buffer (mpb draws the same frames to any
// writer) and checks the final frame, with the failure counted on its bar
// and, verbose, printed above it.
func TestBars(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		out := renderBars(verbose)
		for _, want := range []string{"civitai", "2/2 filters", "huggingface", "1/1 filters", "100 %", "12 req, 2 retries, 10 req/s, 1 failed", "a log line"} {
			if !strings.Contains(out, want) {
				t.Errorf("verbose %v: output lacks %q:\n%s", verbose, want, out)
			}
		}
		if printed := strings.Contains(out, "FAILED civitai/b: 503"); printed != verbose {
			t.Errorf("verbose %v: failure printed %v:\n%s", verbose, printed, out)
		}
	}
}

func renderBars(verbose bool) string {
	var b syncbuf.Buffer
	bars := NewBars(&b, func(string) Live { return Live{Requests: 12, Retries: 2, Rate: 10} })
	bars.verbose = verbose
	bars.Start("civitai", 2)
	bars.Start("huggingface", 1)
	bars.FilterDone("civitai", "a", nil)
	bars.FilterDone("civitai", "b", errors.New("503"))
	bars.FilterDone("huggingface", "x", nil)
	bars.Log().Write([]byte("a log line\n"))
	bars.Close()
	return b.String()
}
