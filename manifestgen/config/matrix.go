package config

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// maxFilters bounds the filters of one source, so that a matrix cannot
// expand without limit.
const maxFilters = 10000

// spec is one filter or matrix entry as written, before expansion.
type spec struct {
	origin *origin
	line   int        // line of the entry
	name   string     // filter name, or a matrix's name template ("" for the default)
	label  *string    // label, or a matrix's label template; nil: not configured
	query  url.Values // a matrix's common parameters
	limit  int
	match  Match
	matrix bool
	dims   []dim // a matrix's dimensions, in order
	broken bool  // a dimension failed to decode: do not expand
	// previewNSFW is the filter's (each matrix filter's) preview allowance; "": the source's
	previewNSFW string
}

// dim is one matrix dimension.
type dim struct {
	key    string // query parameter, or "size"/"license" when match
	match  bool   // sets a Match predicate instead of a query parameter
	values []string
	line   int
}

// expand returns the filters of sp: itself for a plain filter, one per
// combination of dimension values for a matrix (the first dimension varies
// slowest). Matrix problems, including more than budget filters, are
// reported at their lines.
func (p *parser) expand(sp *spec, budget int) []Filter {
	if !sp.matrix {
		f := Filter{Name: sp.name, Query: sp.query, Limit: sp.limit, Match: sp.match, Line: sp.line, PreviewNSFW: sp.previewNSFW}
		f.Label = DefaultLabel(f.Name)
		if sp.label != nil {
			f.Label = *sp.label
		}
		return []Filter{f}
	}
	if sp.broken || len(sp.dims) == 0 {
		return nil
	}
	path := sp.origin.path
	tmpl, ok := p.template(sp, path+".name")
	ltmpl, lok := p.labelTemplate(sp, tmpl, path+".label")
	if !p.dimsOK(sp, path) || !ok || !lok {
		return nil
	}
	total := 1
	for _, d := range sp.dims {
		total *= len(d.values)
		if total > budget {
			p.failAt(sp.line, path, "expands to too many filters: a source may have at most %d", maxFilters)
			return nil
		}
	}
	out := make([]Filter, 0, total)
	idx := make([]int, len(sp.dims))
	for range total {
		f := Filter{Query: cloneValues(sp.query), Limit: sp.limit, Match: sp.match, Line: sp.line, PreviewNSFW: sp.previewNSFW}
		f.Match.License = slices.Clone(f.Match.License)
		vals := map[string]string{}
		for i, d := range sp.dims {
			v := d.values[idx[i]]
			vals[d.key] = v
			switch {
			case !d.match:
				f.Query[d.key] = []string{v}
			case d.key == "size":
				f.Match.Size = v
			default:
				f.Match.License = []string{v}
			}
		}
		f.Name = tmpl.render(vals)
		f.Label = ltmpl.renderRaw(vals)
		out = append(out, f)
		for i := len(idx) - 1; i >= 0; i-- {
			if idx[i]++; idx[i] < len(sp.dims[i].values) {
				break
			}
			idx[i] = 0
		}
	}
	return out
}

// dimsOK reports problems between a matrix's dimensions and its common
// query and match, and records each dimension's line as the place of the
// value it sets.
func (p *parser) dimsOK(sp *spec, path string) bool {
	ok := true
	seen := map[string]int{}
	for i, d := range sp.dims {
		dp := fmt.Sprintf("%s.dimensions[%d]", path, i)
		if first, dup := seen[d.key]; dup {
			p.failAt(d.line, dp, "dimension %q repeats the one at line %d", d.key, first)
			ok = false
			continue
		}
		seen[d.key] = d.line
		switch {
		case !d.match && sp.query[d.key] != nil:
			p.failAt(d.line, dp, "parameter %q is also set in query; set it in one place", d.key)
			ok = false
		case d.match && d.key == "size" && sp.match.Size != "":
			p.failAt(d.line, dp, "predicate size is also set in match; set it in one place")
			ok = false
		case d.match && d.key == "license" && len(sp.match.License) > 0:
			p.failAt(d.line, dp, "predicate license is also set in match; set it in one place")
			ok = false
		}
		for _, v := range d.values {
			if slugify(v) == "" {
				p.failAt(d.line, dp+".values", "value %q has no letters or digits to name its filters by", v)
				ok = false
			}
		}
		if d.match {
			p.pl.lines[join(path+".match", d.key)] = d.line
		} else {
			p.pl.lines[join(path+".query", d.key)] = d.line
		}
	}
	return ok
}

// template is a parsed matrix name template: literal text and {dimension}
// placeholders, alternating.
type template struct {
	parts []string // even indexes: literals; odd indexes: dimension keys
}

// template parses sp's name template; with no name, the dimension values
// are joined with "/" in dimension order.
func (p *parser) template(sp *spec, path string) (template, bool) {
	if sp.name == "" {
		keys := make([]string, len(sp.dims))
		for i, d := range sp.dims {
			keys[i] = d.key
		}
		return joined(keys, "/"), true
	}
	return p.parseTemplate(sp, sp.name, "name", path, true)
}

// LabelSeparator joins the values of a default matrix label.
const LabelSeparator = " · "

// labelTemplate parses sp's label template. With no label, the values as
// written are joined with LabelSeparator in the order the name template
// uses the dimensions (dimension order when there is no name template).
func (p *parser) labelTemplate(sp *spec, name template, path string) (template, bool) {
	if sp.label != nil {
		return p.parseTemplate(sp, *sp.label, "label", path, false)
	}
	var keys []string
	for i := 1; i < len(name.parts); i += 2 {
		if !slices.Contains(keys, name.parts[i]) {
			keys = append(keys, name.parts[i])
		}
	}
	return joined(keys, LabelSeparator), true
}

// joined is the template of the values of keys joined with sep.
func joined(keys []string, sep string) template {
	var t template
	for i, k := range keys {
		lit := sep
		if i == 0 {
			lit = ""
		}
		t.parts = append(t.parts, lit, k)
	}
	t.parts = append(t.parts, "")
	return t
}

// DefaultLabel is the label of a plain filter without one: its name with
// each "/" shown as LabelSeparator ("text-generation/small" ->
// "text-generation · small").
func DefaultLabel(name string) string {
	return strings.ReplaceAll(name, "/", LabelSeparator)
}

// parseTemplate parses text, the template of sp's key what ("name" or
// "label"), into literals and {dimension} placeholders. A name template
// must use every dimension (all), or its filters would share names.
func (p *parser) parseTemplate(sp *spec, text, what, path string, all bool) (template, bool) {
	var t template
	line := p.pl.lines[path]
	rest := text
	used := map[string]bool{}
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				p.failAt(line, path, "unmatched } in %s template %q", what, text)
				return t, false
			}
			t.parts = append(t.parts, rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 || strings.IndexByte(rest[:open], '}') >= 0 {
			p.failAt(line, path, "unmatched brace in %s template %q", what, text)
			return t, false
		}
		key := rest[open+1 : open+end]
		if !slices.ContainsFunc(sp.dims, func(d dim) bool { return d.key == key }) {
			p.failAt(line, path, "%s template %q uses {%s}, which is not a dimension", what, text, key)
			return t, false
		}
		used[key] = true
		t.parts = append(t.parts, rest[:open], key)
		rest = rest[open+end+1:]
	}
	for _, d := range sp.dims {
		if all && !used[d.key] {
			p.failAt(line, path, "name template %q does not use dimension {%s}; its filters would share names", text, d.key)
			return t, false
		}
	}
	return t, true
}

// render returns the name for one combination of dimension values.
func (t template) render(vals map[string]string) string {
	var b strings.Builder
	for i, part := range t.parts {
		if i%2 == 0 {
			b.WriteString(part)
		} else {
			b.WriteString(slugify(vals[part]))
		}
	}
	return b.String()
}

// renderRaw returns the text for one combination of dimension values as
// written (a label).
func (t template) renderRaw(vals map[string]string) string {
	var b strings.Builder
	for i, part := range t.parts {
		if i%2 == 0 {
			b.WriteString(part)
		} else {
			b.WriteString(vals[part])
		}
	}
	return b.String()
}

// slugify lowercases s and turns each run of characters other than a-z and
// 0-9 into one "-", trimmed at both ends: "Flux.1 D" -> "flux-1-d".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// cloneValues returns a deep copy of q.
func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range maps.All(q) {
		out[k] = slices.Clone(v)
	}
	return out
}
