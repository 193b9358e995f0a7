package progress

import (
	"errors"
	"github.com/manifestgen/manifestgen/manifestgen/internal/syncbuf"
	"strings"
	"testing"
)

// TestBars renders bars into a buffer (mpb draws the same frames to any
// writer) and checks the final frame and a failure printed above it.
func TestBars(t *testing.T) {
	var b syncbuf.Buffer
	bars := NewBars(&b, func(string) Live { return Live{Requests: 12, Retries: 2, Rate: 10} })
	bars.Start("civitai", 2)
	bars.Start("huggingface", 1)
	bars.FilterDone("civitai", "a", nil)
	bars.FilterDone("civitai", "b", errors.New("503"))
	bars.FilterDone("huggingface", "x", nil)
	bars.Log().Write([]byte("a log line\n"))
	bars.Close()
	out := b.String()
	for _, want := range []string{"civitai", "2/2 filters", "huggingface", "1/1 filters", "100 %", "12 req, 2 retries, 10 req/s", "FAILED civitai/b: 503", "a log line"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
