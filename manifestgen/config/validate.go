package config

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	urlorigin "github.com/manifestgen/manifestgen/manifestgen/origin"
)

// Validate checks the invariants Parse and Load guarantee: known sources
// with valid endpoints and positive limits, at least one filter per source,
// valid unique names and no reserved query keys. It is for configs built or
// changed in code; its errors name key paths instead of file lines.
func (c *Config) Validate() error {
	probs := &problems{}
	validate(c, newPlaces(""), probs)
	return probs.err()
}

// validate is the one place the rules live. It records a problem for every
// rule c breaks, at the place pl knows the value came from.
func validate(c *Config, pl *places, probs *problems) {
	v := validator{pl: pl, probs: probs}
	if c.Output == "" {
		v.fail("output", "must not be empty")
	}
	if c.MaxAge < 0 {
		v.fail("maxAge", "must not be negative (0 always regenerates)")
	}
	switch c.Lock {
	case LockFail, LockWait:
	case "":
		c.Lock = LockFail
	default:
		v.fail("lock", "want %s or %s, got %q", LockFail, LockWait, c.Lock)
	}
	switch c.Mismatches {
	case "", MismatchesDrop, MismatchesFlag:
	default:
		v.fail("mismatches", "want %s or %s, got %q", MismatchesDrop, MismatchesFlag, c.Mismatches)
	}
	if c.CacheMaxAge < 0 {
		v.fail("cacheMaxAge", "must not be negative (0: no age limit)")
	}
	switch c.Redis.Fail {
	case "", "local", "closed":
	default:
		v.fail("redis.fail", "want local or closed, got %q", c.Redis.Fail)
	}
	if c.Redis.FallbackRPS < 0 {
		v.fail("redis.fallbackRPS", "must not be negative")
	}
	if len(c.Sources) == 0 {
		v.fail("sources", "no sources configured (known: %s)", strings.Join(sourceOrder, ", "))
	}
	seen := map[string]bool{}
	for i, s := range c.Sources {
		switch {
		case s == nil:
			v.fail(fmt.Sprintf("sources[%d]", i), "is nil")
		case hubs[s.Name].endpoint == "":
			v.fail(fmt.Sprintf("sources[%d]", i), "unknown source %q (known: %s)", s.Name, strings.Join(sourceOrder, ", "))
		case seen[s.Name]:
			v.fail("sources."+s.Name, "listed twice")
		default:
			seen[s.Name] = true
			v.source(s, pl.origins[s.Name])
		}
	}
}

type validator struct {
	pl    *places
	probs *problems
}

// fail reports a problem with the value at path.
func (v validator) fail(path, format string, args ...any) {
	v.pl.report(v.probs, "", path, "", format, args...)
}

// atLeast reports an integer below min.
func (v validator) atLeast(path string, got, min int) {
	if got < min {
		v.fail(path, "must be at least %d (got %d)", min, got)
	}
}

// source checks one source and its filters. origins, when it matches the
// filters one to one, names the entries they came from.
func (v validator) source(s *Source, origins []*origin) {
	h := hubs[s.Name]
	path := "sources." + s.Name
	if msg := checkEndpoint(s.Endpoint); msg != "" {
		v.fail(path+".endpoint", "%s", msg)
	}
	for i, a := range s.Mirrors {
		if msg := checkAllowOrigin(a, s.Endpoint); msg != "" {
			v.fail(path+".allowOrigins", "entry %d: %s", i+1, msg)
		}
	}
	if msg := checkToken(s.Token); msg != "" {
		v.fail(path+".token", "%s", msg)
	}
	if _, ok := profiles[s.Profile]; !ok && s.Profile != "" {
		v.fail(path+".profile", "unknown profile %q (known: %s)", s.Profile, strings.Join(profileNames(), ", "))
	}
	v.atLeast(path+".concurrency", s.Concurrency, 1)
	v.atLeast(path+".burst", s.Burst, 1)
	v.atLeast(path+".pageSize", s.PageSize, 1)
	if s.PageSize > h.maxPageSize {
		v.fail(path+".pageSize", "must be at most %d for %s (got %d)", h.maxPageSize, s.Name, s.PageSize)
	}
	v.atLeast(path+".maxPages", s.MaxPages, 1)
	if s.MaxBody < 1 {
		v.fail(path+".maxBody", "must be at least 1 byte (got %d)", s.MaxBody)
	}
	rpsOK := positive(s.RPS)
	if !rpsOK {
		v.fail(path+".rps", "must be a number above 0 (got %v)", s.RPS)
	}
	v.retry(s.Retry, path+".retry", s.RPS, rpsOK)

	if len(s.Filters) == 0 && !v.pl.brokenFilters[s.Name] {
		v.pl.report(v.probs, "", path+".filters", path, "no filters: add filters or a matrix, or leave the source out")
	}
	if len(s.Filters) > maxFilters {
		v.fail(path, "%d filters, more than %d", len(s.Filters), maxFilters)
	}
	if len(origins) != len(s.Filters) {
		origins = nil
	}
	maxItems := 0
	if s.PageSize > 0 && s.MaxPages > 0 && s.PageSize <= math.MaxInt/s.MaxPages {
		maxItems = s.PageSize * s.MaxPages
	}
	first := map[string]*origin{}
	for i, f := range s.Filters {
		o := &origin{path: fmt.Sprintf("%s.filters[%d]", path, i)}
		o.label = o.path + " " + fmt.Sprintf("%q", f.Name)
		if origins != nil {
			o = origins[i]
		}
		v.filter(h, s.Name, f, o, maxItems)
		if prev, dup := first[f.Name]; dup && f.Name != "" {
			v.duplicate(f.Name, prev, o)
		} else {
			first[f.Name] = o
		}
	}
}

// retry checks a retry policy; rps is the source's rate when rpsOK.
func (v validator) retry(r Retry, path string, rps float64, rpsOK bool) {
	v.atLeast(path+".maxAttempts", r.MaxAttempts, 1)
	if r.BaseDelay <= 0 {
		v.fail(path+".baseDelay", "must be above 0 (got %v)", r.BaseDelay)
	}
	if r.MaxDelay < r.BaseDelay {
		v.fail(path+".maxDelay", "must be at least baseDelay %v (got %v)", r.BaseDelay, r.MaxDelay)
	}
	if r.AttemptTimeout <= 0 {
		v.fail(path+".attemptTimeout", "must be above 0 (got %v)", r.AttemptTimeout)
	}
	if r.Deadline < 0 {
		v.fail(path+".deadline", "must be 0 (none) or above (got %v)", r.Deadline)
	}
	switch {
	case r.MaxServerWait < 0:
		v.fail(path+".maxServerWait", "must be 0 or above (got %v)", r.MaxServerWait)
	case r.Deadline > 0 && r.MaxServerWait > r.Deadline:
		v.fail(path+".maxServerWait", "%v exceeds deadline %v, so such waits could never be honoured", r.MaxServerWait, r.Deadline)
	}
	switch {
	case !positive(r.MinRPS):
		v.fail(path+".minRPS", "must be a number above 0 (got %v)", r.MinRPS)
	case rpsOK && r.MinRPS > rps:
		v.fail(path+".minRPS", "%v exceeds rps %v", r.MinRPS, rps)
	}
}

// filter checks one filter; problems shared by all filters of a matrix
// are reported once.
func (v validator) filter(h hub, source string, f Filter, o *origin, maxItems int) {
	// report reports a problem with the field at o.path + parts.
	report := func(key string, parts []string, format string, args ...any) {
		path := o.path
		for _, p := range parts {
			path = join(path, p)
		}
		v.pl.report(v.probs, key, path, o.label, format, args...)
	}
	if msg := checkName(f.Name); msg != "" {
		report(o.path+"|name", []string{"name"}, "name %q: %s", f.Name, msg)
	}
	if f.Label != "" {
		if msg := checkLabel(f.Label); msg != "" {
			report(o.path+"|label", []string{"label"}, "label %q: %s", f.Label, msg)
		}
	}
	switch {
	case f.Limit < 1:
		report("", []string{"limit"}, "limit must be at least 1 (got %d)", f.Limit)
	case maxItems > 0 && f.Limit > maxItems:
		report("", []string{"limit"}, "limit %d exceeds pageSize*maxPages = %d", f.Limit, maxItems)
	}
	for _, k := range slices.Sorted(maps.Keys(f.Query)) {
		field := []string{"query", k}
		switch why, reserved := h.reserved[k]; {
		case k == "":
			report("", []string{"query"}, "empty query parameter name")
		case reserved:
			report("", field, "query parameter %q is reserved: %s", k, why)
		case len(f.Query[k]) == 0:
			report("", field, "query parameter %q has no values", k)
		}
	}
	if f.Match.IsZero() {
		return
	}
	if !h.match {
		field := []string{"match", "size"}
		if f.Match.Size == "" {
			field = []string{"match", "license"}
		}
		report("", field, "match predicates are supported for %s only, not %s", HuggingFace, source)
		return
	}
	switch f.Match.Size {
	case "", SizeSmall, SizeMedium, SizeLarge:
	default:
		report("", []string{"match", "size"}, "size %q is not %s, %s or %s", f.Match.Size, SizeSmall, SizeMedium, SizeLarge)
	}
	if slices.Contains(f.Match.License, "") {
		report("", []string{"match", "license"}, "empty license value")
	}
}

// duplicate reports a filter name used twice, naming both places.
func (v validator) duplicate(name string, first, again *origin) {
	if first == again {
		v.pl.report(v.probs, "", again.path+".name", again.label, "expands to filter name %q more than once", name)
		return
	}
	where, _, _ := v.pl.at(first.path)
	v.pl.report(v.probs, "", again.path+".name", again.label, "duplicate filter name %q (first at %s)", name, where)
}

// positive reports whether f is a finite number above 0.
func positive(f float64) bool { return f > 0 && !math.IsInf(f, 0) }

// maxNameLen bounds a filter name, which becomes a file path.
const maxNameLen = 200

// checkName returns why name cannot be a filter name, or "". Names become
// paths below the output dir, so they are kept to [a-z0-9-/] relative paths
// without empty, "." or ".." segments.
func checkName(name string) string {
	switch {
	case name == "":
		return "empty"
	case len(name) > maxNameLen:
		return fmt.Sprintf("longer than %d bytes", maxNameLen)
	case strings.Contains(name, `\`):
		return `contains a backslash; use "/"`
	case strings.HasPrefix(name, "/"):
		return "must be relative: no leading /"
	case strings.HasSuffix(name, "/"):
		return "must not end with /"
	case strings.Contains(name, "//"):
		return "has an empty segment (//)"
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "." || seg == ".." {
			return fmt.Sprintf("has a %q segment", seg)
		}
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '/') {
			return fmt.Sprintf("character %q is not allowed (use a-z, 0-9, - and /)", r)
		}
	}
	return ""
}

// maxLabelLen bounds a filter label, which sites show as a title.
const maxLabelLen = 1000

// checkLabel returns why label cannot be a filter label, or "": it must
// have a visible character, fit maxLabelLen bytes and hold no control
// characters (sites put it into HTML and terminals).
func checkLabel(label string) string {
	switch {
	case strings.TrimSpace(label) == "":
		return "empty"
	case len(label) > maxLabelLen:
		return fmt.Sprintf("longer than %d bytes", maxLabelLen)
	case !utf8.ValidString(label):
		return "not valid UTF-8"
	}
	for _, r := range label {
		if unicode.IsControl(r) {
			return fmt.Sprintf("control character %q is not allowed", r)
		}
	}
	return ""
}

// checkEndpoint returns why raw cannot be an endpoint, or "". The message
// never repeats user info, a query or a fragment, which may hold a key.
func checkEndpoint(raw string) string {
	if raw == "" {
		return "empty; want an absolute http(s) URL"
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Sprintf("not a URL: %s", quoted.ReplaceAllString(err.Error(), ""))
	}
	shown := shownURL(u, raw)
	switch {
	case u.User != nil:
		return "must not contain credentials (user info); tokens come from the environment"
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("%q: want an absolute http or https URL", shown)
	case u.Host == "" || u.Opaque != "":
		return fmt.Sprintf("%q: want an absolute URL with a host", shown)
	case u.RawQuery != "" || u.ForceQuery:
		return fmt.Sprintf("%q: must not have a query", shown)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return fmt.Sprintf("%q: must not have a fragment", shown)
	case strings.HasSuffix(raw, "/"):
		return fmt.Sprintf("%q: must not end with /", shown)
	}
	if _, err := urlorigin.Of(u); err != nil {
		return fmt.Sprintf("%q: %v", shown, err)
	}
	return ""
}

// checkAllowOrigin returns why raw cannot be an allowed origin of a source
// at endpoint, or "". The message never repeats raw: only its origin.
func checkAllowOrigin(raw, endpoint string) string {
	o, err := urlorigin.Parse(raw)
	if err != nil {
		return err.Error() + "; want scheme://host[:port]"
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "" // reported for the endpoint
	}
	if home, err := urlorigin.Of(u); err == nil && home.Scheme() != o.Scheme() {
		return fmt.Sprintf("%s: scheme differs from the endpoint's (%s); a scheme change is never followed", o, home.Scheme())
	}
	return ""
}

// quoted matches the quoted parts of url.Parse's errors, which repeat
// pieces of the input (a port, an escape, a host).
var quoted = regexp.MustCompile(` ?"[^"]*"`)

// shownURL is u as error messages may show it: raw when it has no user
// info, query or fragment; else without user info, and with a non-empty
// query or fragment replaced by "?…" or "#…".
func shownURL(u *url.URL, raw string) string {
	hasFrag := strings.Contains(raw, "#")
	if u.User == nil && u.RawQuery == "" && !hasFrag {
		return raw
	}
	c := *u
	c.User = nil
	c.RawQuery, c.ForceQuery = "", false
	c.Fragment, c.RawFragment = "", ""
	s := c.String()
	switch {
	case u.RawQuery != "":
		s += "?…"
	case u.ForceQuery:
		s += "?"
	}
	switch {
	case u.Fragment != "":
		s += "#…"
	case hasFrag:
		s += "#"
	}
	return s
}

// MinTokenLen is the length below which a token is refused: no real
// CivitAI or Hugging Face token is that short, and a value that short could
// not be kept out of messages without wrecking them (every occurrence of it
// in any text is removed; see package redact).
const MinTokenLen = 8

// checkToken returns why tok cannot be sent as a bearer token, or "". It
// never includes the token.
func checkToken(tok string) string {
	if tok != "" && len(tok) < MinTokenLen {
		return fmt.Sprintf("shorter than %d characters: not a real token (and too short to keep out of messages)", MinTokenLen)
	}
	for _, r := range tok {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "contains whitespace or control characters"
		}
	}
	return ""
}
