package targets

import (
	"cmp"
	"fmt"
	"io"
	"os"

	"github.com/magefile/mage/mg"

	"github.com/manifestgen/manifestgen/manifestgen/changes"
	"github.com/manifestgen/manifestgen/manifestgen/config"
)

// Environment variables of manifests:diff.
const (
	DiffFromEnv   = "MANIFESTGEN_DIFF_FROM"   // an older output dir to compare with
	DiffToEnv     = "MANIFESTGEN_DIFF_TO"     // the newer output dir (default: the configured output)
	DiffFormatEnv = "MANIFESTGEN_DIFF_FORMAT" // "markdown": GitHub-flavoured Markdown (a pull request body); default text
)

// Diff prints what changed: the latest generation's change feed, or the change between two output dirs.
//
// Without MANIFESTGEN_DIFF_FROM it summarises changes.json of the output dir
// (MANIFESTGEN_OUT or the config's); with MANIFESTGEN_DIFF_FROM=<older dir>
// it compares that dir with MANIFESTGEN_DIFF_TO (default: the output dir).
// Counts per source and filter, then the first entries of each list; -v
// lists everything. Printed to stdout, as Markdown with
// MANIFESTGEN_DIFF_FORMAT=markdown (a pull request body); exit 0 whatever
// changed.
func (Manifests) Diff() error {
	return diff(os.Stdout, os.Stderr, os.Getenv, mg.Verbose())
}

// diff is Manifests.Diff with its environment passed in.
func diff(out, errw io.Writer, getenv func(string) string, all bool) error {
	write := changes.WriteText
	switch v := getenv(DiffFormatEnv); v {
	case "", "text":
	case "markdown":
		write = changes.WriteMarkdown
	default:
		return fmt.Errorf("%s=%q: want text or markdown", DiffFormatEnv, v)
	}
	to := getenv(DiffToEnv)
	if to == "" {
		cfg, err := config.Load(getenv, ".")
		if err != nil {
			return err
		}
		to = cfg.Output
	}
	from := getenv(DiffFromEnv)
	if from == "" {
		f, err := changes.ReadFeed(to)
		if err != nil {
			return err
		}
		write(out, f, all)
		return nil
	}
	older, err := changes.Load(from)
	if err != nil {
		return fmt.Errorf("%s=%s: %w", DiffFromEnv, from, err)
	}
	newer, err := changes.Load(to)
	if err != nil {
		return fmt.Errorf("%s: %w", cmp.Or(DiffToEnv+"="+getenv(DiffToEnv), to), err)
	}
	f, warnings := changes.Compare(older, newer)
	for _, w := range warnings {
		fmt.Fprintf(errw, "note: %s\n", w)
	}
	write(out, f, all)
	return nil
}
