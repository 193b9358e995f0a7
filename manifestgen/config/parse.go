package config

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxFileSize bounds a config document.
const maxFileSize = 1 << 20

// Parse parses and validates one YAML config document. name is used in
// error messages and as Config.File. It reads no environment: endpoints
// and limits are the file's (or the defaults) and tokens are empty.
//
// The error, when not nil, joins one *Error per problem found.
func Parse(name string, data []byte) (*Config, error) {
	c, pl, probs, ok := parse(name, data)
	if ok {
		validate(c, pl, probs)
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// parse decodes data into a Config with every decodable value set and the
// places of its keys. ok is false when the document as a whole is unusable
// (bad YAML, not a mapping), so that validation would only add noise.
func parse(name string, data []byte) (c *Config, pl *places, probs *problems, ok bool) {
	c = &Config{Output: DefaultOutput, MaxAge: DefaultMaxAge, CacheDir: DefaultCacheDir, Mismatches: MismatchesDrop,
		CacheMaxAge: DefaultCacheMaxAge, CacheMaxSize: DefaultCacheMaxSize, File: name}
	pl = newPlaces(name)
	probs = &problems{}
	p := &parser{pl: pl, probs: probs}
	if len(data) > maxFileSize {
		probs.add("", name, 0, "file is larger than %d bytes", maxFileSize)
		return c, pl, probs, false
	}
	root, err := decodeOne(data)
	if err != nil {
		line, msg := yamlErrorPlace(err)
		where := name
		if line > 0 {
			where += ":" + strconv.Itoa(line)
		}
		probs.add("", where, line, "%s", msg)
		return c, pl, probs, false
	}
	ok = p.config(c, root)
	return c, pl, probs, ok && !p.exhausted()
}

// decodeOne decodes the one YAML document in data.
func decodeOne(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty document")
		}
		return nil, err
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, err
	default:
		return nil, errors.New("yaml: line " + strconv.Itoa(next.Line) + ": more than one document (remove the ---)")
	}
	if len(doc.Content) != 1 {
		return nil, errors.New("empty document")
	}
	return resolve(doc.Content[0]), nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlErrorPlace splits a yaml.v3 error into its line (0 if none) and
// message.
func yamlErrorPlace(err error) (line int, msg string) {
	msg = err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		return line, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// Keys of each mapping, for unknown-key messages.
var (
	topKeys    = []string{"output", "allowStale", "maxAge", "cache", "cacheMaxAge", "cacheMaxSize", "lock", "mismatches", "redis", "sources"}
	redisKeys  = []string{"url", "fail", "fallbackRPS"}
	sourceKeys = []string{"endpoint", "allowOrigins", "profile", "concurrency", "rps", "burst", "pageSize", "maxBody", "maxPages", "retry", "filters", "matrix", "previewNSFW"}
	retryKeys  = []string{"maxAttempts", "baseDelay", "maxDelay", "attemptTimeout", "deadline", "maxServerWait", "minRPS"}
	filterKeys = []string{"name", "label", "query", "limit", "match", "previewNSFW"}
	matrixKeys = []string{"name", "label", "query", "limit", "match", "dimensions", "previewNSFW"}
	matchKeys  = []string{"size", "license"}
	dimKeys    = []string{"param", "match", "values"}
	anyToken   = EnvCivitAIKey + " or " + EnvHFToken
)

// config walks the top-level mapping.
func (p *parser) config(c *Config, root *yaml.Node) bool {
	if root.Kind != yaml.MappingNode {
		p.fail(root, "config", "want a mapping with output, allowStale and sources, got %s", describe(root))
		return false
	}
	p.fields(root, "", func(key, kp string, k, v *yaml.Node) {
		switch key {
		case "output":
			if s, ok := p.str(v, kp); ok {
				c.Output = s
			}
		case "allowStale":
			if b, ok := p.boolean(v, kp); ok {
				c.AllowStale = b
			}
		case "maxAge":
			if d, ok := p.duration(v, kp); ok {
				c.MaxAge = d
			}
		case "cache":
			if s, ok := p.str(v, kp); ok {
				c.CacheDir = s
			}
		case "lock":
			if s, ok := p.str(v, kp); ok {
				c.Lock = s
			}
		case "mismatches":
			if s, ok := p.str(v, kp); ok {
				c.Mismatches = s
			}
		case "cacheMaxAge":
			if d, ok := p.duration(v, kp); ok {
				c.CacheMaxAge = d
			}
		case "cacheMaxSize":
			if n, ok := p.size(v, kp); ok {
				c.CacheMaxSize = n
			}
		case "redis":
			p.fields(v, kp, func(key, ikp string, ik, iv *yaml.Node) {
				switch key {
				case "url":
					if s, ok := p.str(iv, ikp); ok {
						c.Redis.URL = s
					}
				case "fail":
					if s, ok := p.str(iv, ikp); ok {
						c.Redis.Fail = s
					}
				case "fallbackRPS":
					if f, ok := p.number(iv, ikp); ok {
						c.Redis.FallbackRPS = f
					}
				default:
					p.unknown(ik, kp, anyToken, redisKeys)
				}
			})
		case "sources":
			c.Sources = p.sources(v, kp)
		default:
			p.unknown(k, "", anyToken, topKeys)
		}
	})
	return true
}

// sources walks the sources mapping; the result is in sourceOrder.
func (p *parser) sources(n *yaml.Node, path string) []*Source {
	found := map[string]*Source{}
	p.fields(n, path, func(key, kp string, k, v *yaml.Node) {
		if _, ok := hubs[key]; !ok {
			p.fail(k, kp, "unknown source (known: %s)", strings.Join(sourceOrder, ", "))
			return
		}
		found[key] = p.source(key, v, kp)
	})
	var out []*Source
	for _, name := range sourceOrder {
		if s := found[name]; s != nil {
			out = append(out, s)
		}
	}
	return out
}

// source walks one source. Its profile is applied first, wherever the key
// is written, so that explicit keys win.
func (p *parser) source(name string, n *yaml.Node, path string) *Source {
	s := newSource(name)
	h := hubs[name]
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := resolve(n.Content[i]); k.Kind == yaml.ScalarNode && k.Value == "profile" {
				p.profile(s, resolve(n.Content[i+1]), k.Line, path+".profile")
				break
			}
		}
	}
	var specs []*spec
	filterProblems := 0 // problems found in filters and matrices
	p.fields(n, path, func(key, kp string, k, v *yaml.Node) {
		switch key {
		case "profile":
		case "endpoint":
			if e, ok := p.str(v, kp); ok {
				s.Endpoint = trimEndpoint(e)
			}
		case "allowOrigins":
			if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
				s.Mirrors = nil // [] is none
			} else if vs, ok := p.scalars(v, kp); ok {
				s.Mirrors = vs
			}
		case "concurrency":
			setInt(p, &s.Concurrency, v, kp)
		case "rps":
			if f, ok := p.number(v, kp); ok {
				s.RPS = f
			}
		case "burst":
			setInt(p, &s.Burst, v, kp)
		case "pageSize":
			setInt(p, &s.PageSize, v, kp)
		case "maxBody":
			if b, ok := p.size(v, kp); ok {
				s.MaxBody = b
			}
		case "maxPages":
			setInt(p, &s.MaxPages, v, kp)
		case "retry":
			p.retry(&s.Retry, v, kp)
		case "previewNSFW":
			p.previewNSFW(&s.PreviewNSFW, name, h.previews, v, kp)
		case "filters", "matrix":
			before := len(p.probs.list)
			p.items(v, kp, func(ip string, v *yaml.Node) {
				specs = append(specs, p.spec(v, ip, h, key == "matrix"))
			})
			filterProblems += len(p.probs.list) - before
		default:
			p.unknown(k, path, h.tokenEnv, sourceKeys)
		}
	})
	for _, sp := range specs {
		if sp == nil || p.exhausted() {
			continue
		}
		if !sp.matrix && len(s.Filters) >= maxFilters {
			p.failAt(sp.line, sp.origin.path, "more than %d filters in one source", maxFilters)
			break
		}
		before := len(p.probs.list)
		fs := p.expand(sp, maxFilters-len(s.Filters))
		filterProblems += len(p.probs.list) - before
		for i := range fs {
			fs[i].PreviewNSFW = cmp.Or(fs[i].PreviewNSFW, s.PreviewNSFW)
		}
		s.Filters = append(s.Filters, fs...)
		for range fs {
			p.pl.origins[name] = append(p.pl.origins[name], sp.origin)
		}
	}
	if filterProblems > 0 {
		p.pl.brokenFilters[name] = true
	}
	return s
}

// profile applies the named profile to s and records its line as the
// place of every value it sets.
func (p *parser) profile(s *Source, v *yaml.Node, line int, path string) {
	name, ok := p.str(v, path)
	if !ok {
		return
	}
	pr, ok := profiles[name]
	if !ok {
		p.fail(v, path, "unknown profile %q (known: %s)", name, strings.Join(profileNames(), ", "))
		return
	}
	pr.apply(s)
	s.Profile = name
	src := parent(path)
	for _, k := range []string{"concurrency", "rps", "burst"} {
		p.pl.lines[src+"."+k] = line
	}
	for _, k := range retryKeys {
		p.pl.lines[src+".retry."+k] = line
	}
}

// setInt decodes an integer into dst.
func setInt(p *parser, dst *int, v *yaml.Node, path string) {
	if i, ok := p.integer(v, path); ok {
		*dst = i
	}
}

// retry walks a retry mapping over the profile's values.
func (p *parser) retry(r *Retry, n *yaml.Node, path string) {
	p.fields(n, path, func(key, kp string, k, v *yaml.Node) {
		switch key {
		case "maxAttempts":
			setInt(p, &r.MaxAttempts, v, kp)
		case "baseDelay":
			if d, ok := p.duration(v, kp); ok {
				r.BaseDelay = d
			}
		case "maxDelay":
			if d, ok := p.duration(v, kp); ok {
				r.MaxDelay = d
			}
		case "attemptTimeout":
			if d, ok := p.duration(v, kp); ok {
				r.AttemptTimeout = d
			}
		case "deadline":
			if d, ok := p.duration(v, kp); ok {
				r.Deadline = d
			}
		case "maxServerWait":
			if d, ok := p.duration(v, kp); ok {
				r.MaxServerWait = d
			}
		case "minRPS":
			if f, ok := p.number(v, kp); ok {
				r.MinRPS = f
			}
		default:
			p.unknown(k, path, anyToken, retryKeys)
		}
	})
}

// spec walks one filter or matrix entry. It returns nil when the entry is
// too broken to expand; its problems are already reported.
func (p *parser) spec(n *yaml.Node, path string, h hub, matrix bool) *spec {
	sp := &spec{line: n.Line, query: url.Values{}, matrix: matrix}
	known := filterKeys
	if matrix {
		known = matrixKeys
	}
	hasName, hasLimit, hasDims := false, false, false
	ok := p.fields(n, path, func(key, kp string, k, v *yaml.Node) {
		switch key {
		case "name":
			hasName = true
			sp.name, _ = p.str(v, kp)
		case "previewNSFW":
			p.previewNSFW(&sp.previewNSFW, "this source", h.previews, v, kp)
		case "label":
			if l, ok := p.str(v, kp); ok {
				if msg := checkLabel(l); msg != "" {
					p.fail(v, kp, "label %q: %s", l, msg)
				} else {
					sp.label = &l
				}
			}
		case "query":
			p.query(sp.query, v, kp)
		case "limit":
			hasLimit = true
			setInt(p, &sp.limit, v, kp)
		case "match":
			p.match(&sp.match, v, kp)
		case "dimensions":
			if !matrix {
				p.unknown(k, path, h.tokenEnv, known)
				return
			}
			hasDims = true
			p.items(v, kp, func(ip string, v *yaml.Node) {
				if d, ok := p.dimension(v, ip); ok {
					sp.dims = append(sp.dims, d)
				} else {
					sp.broken = true
				}
			})
			if v.Kind != yaml.SequenceNode {
				sp.broken = true
			} else if len(v.Content) == 0 {
				p.fail(v, kp, "empty list: a matrix needs at least one dimension")
				sp.broken = true
			}
		default:
			p.unknown(k, path, h.tokenEnv, known)
		}
	})
	if !ok {
		return nil
	}
	if !hasName && !matrix {
		p.fail(n, path+".name", "missing: every filter needs a name")
	}
	if !hasLimit {
		p.fail(n, path+".limit", "missing: how many models to collect")
	}
	if matrix && !hasDims {
		p.fail(n, path+".dimensions", "missing: a matrix needs at least one dimension")
		sp.broken = true
	}
	label := path
	if sp.name != "" {
		label += " " + strconv.Quote(sp.name)
	}
	sp.origin = &origin{path: path, label: label}
	return sp
}

// previewNSFW reads a preview allowance ("PG" ... "XXX") of source into dst;
// previews says whether the source has previews at all.
func (p *parser) previewNSFW(dst *string, source string, previews bool, v *yaml.Node, path string) {
	l, ok := p.str(v, path)
	switch {
	case !ok:
	case !previews:
		p.fail(v, path, "previews are a CivitAI field; %s has none", source)
	case !validPreviewNSFW(l):
		p.fail(v, path, "want PG, PG13, R, X or XXX, got %q", l)
	default:
		*dst = l
	}
}

// validPreviewNSFW reports whether l names a preview allowance.
func validPreviewNSFW(l string) bool {
	switch l {
	case "PG", "PG13", "R", "X", "XXX":
		return true
	}
	return false
}

// query walks a query mapping: each value is a scalar or a list of scalars.
func (p *parser) query(q url.Values, n *yaml.Node, path string) {
	p.fields(n, path, func(key, kp string, k, v *yaml.Node) {
		if vs, ok := p.scalars(v, kp); ok {
			q[key] = vs
		}
	})
}

// match walks a match mapping.
func (p *parser) match(m *Match, n *yaml.Node, path string) {
	p.fields(n, path, func(key, kp string, k, v *yaml.Node) {
		switch key {
		case "size":
			if s, ok := p.str(v, kp); ok {
				m.Size = s
			}
		case "license":
			if vs, ok := p.scalars(v, kp); ok {
				m.License = vs
			}
		default:
			p.unknown(k, path, anyToken, matchKeys)
		}
	})
}

// dimension walks one matrix dimension.
func (p *parser) dimension(n *yaml.Node, path string) (dim, bool) {
	d := dim{line: n.Line}
	var hasParam, hasMatch, hasValues, bad bool
	ok := p.fields(n, path, func(key, kp string, k, v *yaml.Node) {
		switch key {
		case "param":
			hasParam = true
			s, ok := p.str(v, kp)
			switch {
			case !ok:
				bad = true
			case s == "":
				p.fail(v, kp, "empty parameter name")
				bad = true
			default:
				d.key = s
			}
		case "match":
			hasMatch = true
			s, ok := p.str(v, kp)
			switch {
			case !ok:
				bad = true
			case s != "size" && s != "license":
				p.fail(v, kp, "unknown predicate %q (known: %s)", s, strings.Join(matchKeys, ", "))
				bad = true
			default:
				d.key, d.match = s, true
			}
		case "values":
			hasValues = true
			if v.Kind != yaml.SequenceNode {
				p.fail(v, kp, "want a list, got %s", describe(v))
				bad = true
				return
			}
			var ok bool
			if d.values, ok = p.scalars(v, kp); !ok {
				bad = true
			}
		default:
			p.unknown(k, path, anyToken, dimKeys)
		}
	})
	switch {
	case !ok || bad:
	case hasParam && hasMatch:
		p.fail(n, path, "set either param or match, not both")
	case !hasParam && !hasMatch:
		p.fail(n, path, "missing param (a query parameter) or match (a predicate)")
	case !hasValues:
		p.fail(n, path+".values", "missing: a dimension needs at least one value")
	default:
		return d, true
	}
	return d, false
}
