package manifestgen

import (
	"path/filepath"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/limit"
	"github.com/manifestgen/manifestgen/manifestgen/report"
)

// withLearned adds to meta the rate each source's limiter learned from a
// 429, which the report suggests as its rps.
func withLearned(meta report.Meta, sources []*config.Source, hosts []*limit.Host) report.Meta {
	for i, s := range sources {
		if i >= len(hosts) || hosts[i] == nil {
			continue
		}
		if src, ok := meta.Sources[s.Name]; ok {
			src.LearnedRPS = hosts[i].Stats().Learned
			meta.Sources[s.Name] = src
		}
	}
	return meta
}

// DefaultReportDir is where report.json and report.html go unless
// MANIFESTGEN_REPORT_DIR says otherwise: report/ in dir, the directory the
// config is looked up in (the working directory of a build). Not beside the
// output: with output static/data that would be static/report/, published
// with the site. When the output is itself that report/, the report goes to
// manifestgen-report/ instead.
func DefaultReportDir(dir, output string) string {
	rep := filepath.Join(dir, "report")
	if abs(filepath.Join(dir, output)) == abs(rep) || filepath.IsAbs(output) && abs(output) == abs(rep) {
		return filepath.Join(dir, "manifestgen-report")
	}
	return rep
}

// abs is filepath.Abs, or p cleaned if that fails.
func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
