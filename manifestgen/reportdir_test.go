package manifestgen

import (
	"path/filepath"
	"testing"
)

// The report goes to report/ in the build's directory, never beside a
// nested output (which may be a published site), and never into the
// output itself.
func TestDefaultReportDir(t *testing.T) {
	tests := []struct{ dir, output, want string }{
		{".", "output", "report"},
		{".", "static/data", "report"}, // not static/report
		{".", "/srv/site/data", "report"},
		{"/work/site", "public/data", "/work/site/report"},
		{".", "report", "manifestgen-report"},
		{".", "./report/", "manifestgen-report"},
		{"/w", "/w/report", "/w/manifestgen-report"},
	}
	for _, tt := range tests {
		if got := DefaultReportDir(tt.dir, tt.output); got != filepath.FromSlash(tt.want) {
			t.Errorf("DefaultReportDir(%q, %q) = %q; want %q", tt.dir, tt.output, got, tt.want)
		}
	}
}
