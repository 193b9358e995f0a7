package config

import (
	"fmt"
	"strconv"
	"strings"
)

// places remembers where each configured value came from, so that
// validation errors name a file line or an environment variable. Keys are
// dotted paths like "sources.civitai.retry.minRPS".
type places struct {
	file    string               // Config.File; "" for a config built in code
	lines   map[string]int       // path -> line of its key
	env     map[string]string    // path -> environment variable that set it
	bad     map[string]bool      // paths whose value failed to decode
	origins map[string][]*origin // source name -> one per Source.Filters entry

	brokenFilters map[string]bool // source name -> some filter failed to decode or expand
}

// origin is the config entry a filter came from: a plain filter, or the
// matrix it was expanded from (shared by all its filters).
type origin struct {
	path  string // key path of the entry, e.g. "sources.civitai.matrix[0]"
	label string // how messages name it, e.g. `sources.civitai.filters[2] "x"`
}

func newPlaces(file string) *places {
	return &places{
		file:    file,
		lines:   map[string]int{},
		env:     map[string]string{},
		bad:     map[string]bool{},
		origins: map[string][]*origin{},

		brokenFilters: map[string]bool{},
	}
}

// at returns where path's value came from: an environment variable, the
// file line of its key (or of its nearest parent's), the file, or "config".
func (pl *places) at(path string) (where string, line int, env bool) {
	if v := pl.env[path]; v != "" {
		return v, 0, true
	}
	for p := path; p != ""; p = parent(p) {
		if l := pl.lines[p]; l > 0 {
			return pl.file + ":" + strconv.Itoa(l), l, false
		}
	}
	if pl.file != "" {
		return pl.file, 0, false
	}
	return "config", 0, false
}

// broken reports whether path or one of its parents failed to decode, so
// that validation does not report it a second time.
func (pl *places) broken(path string) bool {
	for p := path; p != ""; p = parent(p) {
		if pl.bad[p] {
			return true
		}
	}
	return false
}

// report records a problem with the value at path, unless it failed to
// decode. The message starts with subject (the path when "") unless the
// value came from the environment. key deduplicates as in problems.add.
func (pl *places) report(probs *problems, key, path, subject, format string, args ...any) {
	if pl.broken(path) {
		return
	}
	where, line, env := pl.at(path)
	msg := fmt.Sprintf(format, args...)
	if subject == "" {
		subject = path
	}
	if !env {
		msg = subject + ": " + msg
	}
	probs.add(key, where, line, "%s", msg)
}

// parent returns the path one level up, "" at the top. Index suffixes
// ("filters[2]") are levels too.
func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}
