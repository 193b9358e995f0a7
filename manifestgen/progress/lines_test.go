package progress

import (
	"errors"
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	var b strings.Builder
	l := &Lines{W: &b}
	l.Start("civitai", 4)
	l.FilterDone("civitai", "a", nil)
	l.FilterDone("civitai", "b", errors.New("boom"))
	want := "Progress: civitai 1/4 (25%)\nProgress: civitai 2/4 (50%) — b failed\n"
	if b.String() != want {
		t.Fatalf("got %q, want %q", b.String(), want)
	}
}
