package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// parser walks one YAML document into a Config, recording where every key
// is and every value that does not decode.
type parser struct {
	pl    *places
	probs *problems
	nodes int // nodes visited; aliases make this larger than the document
}

// maxNodes bounds the nodes one document may make the parser visit, so that
// aliases of aliases cannot make it work without limit.
const maxNodes = 1 << 18

// exhausted reports whether the walk went over maxNodes and stopped.
func (p *parser) exhausted() bool { return p.nodes > maxNodes }

// spend counts n more nodes visited at node at. Once over maxNodes it
// reports the document once and returns false: the caller stops walking.
func (p *parser) spend(n int, at *yaml.Node) bool {
	if p.exhausted() {
		return false
	}
	p.nodes += n
	if p.nodes > maxNodes {
		p.failAt(at.Line, "config", "more than %d nodes to walk (aliases expand too far)", maxNodes)
		return false
	}
	return true
}

// fail reports a problem with the node n at path and marks path as broken,
// so that validation does not report it again.
func (p *parser) fail(n *yaml.Node, path, format string, args ...any) {
	p.failAt(n.Line, path, format, args...)
}

// failAt is fail at a line.
func (p *parser) failAt(line int, path, format string, args ...any) {
	p.pl.bad[path] = true
	p.probs.add("", p.pl.file+":"+strconv.Itoa(line), line, "%s: %s", path, fmt.Sprintf(format, args...))
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n == nil || n.Kind == yaml.AliasNode {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n
}

// describe names the kind of n for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!int":
			return "an integer"
		case "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!str":
			return fmt.Sprintf("%q", n.Value)
		}
		return "a " + n.ShortTag() + " value"
	}
	return "an unsupported node"
}

// scalar reports whether n is a non-null scalar (any of string, number,
// boolean); otherwise it reports a problem.
func (p *parser) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!str", "!!int", "!!float", "!!bool":
			return true
		}
	}
	p.fail(n, path, "want %s, got %s", want, describe(n))
	return false
}

// str decodes a scalar written verbatim as a string.
func (p *parser) str(n *yaml.Node, path string) (string, bool) {
	if !p.scalar(n, path, "a string") {
		return "", false
	}
	return n.Value, true
}

// integer decodes an integer.
func (p *parser) integer(n *yaml.Node, path string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		p.fail(n, path, "want an integer, got %s", describe(n))
		return 0, false
	}
	var v int
	if err := n.Decode(&v); err != nil {
		p.fail(n, path, "integer %s is out of range", n.Value)
		return 0, false
	}
	return v, true
}

// number decodes a finite number.
func (p *parser) number(n *yaml.Node, path string) (float64, bool) {
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") {
		p.fail(n, path, "want a number, got %s", describe(n))
		return 0, false
	}
	var v float64
	if err := n.Decode(&v); err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		p.fail(n, path, "want a finite number, got %s", n.Value)
		return 0, false
	}
	return v, true
}

// boolean decodes true or false.
func (p *parser) boolean(n *yaml.Node, path string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		p.fail(n, path, "want true or false, got %s", describe(n))
		return false, false
	}
	var v bool
	if err := n.Decode(&v); err != nil {
		p.fail(n, path, "want true or false, got %s", n.Value)
		return false, false
	}
	return v, true
}

// duration decodes a Go duration ("500ms", "2m"); a bare 0 is allowed.
func (p *parser) duration(n *yaml.Node, path string) (time.Duration, bool) {
	if !p.scalar(n, path, "a duration like 30s") {
		return 0, false
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil {
		p.fail(n, path, "want a duration like 500ms, 30s or 2m, got %q", n.Value)
		return 0, false
	}
	return d, true
}

// sizeUnits are the units a size may carry.
var sizeUnits = map[string]int64{
	"": 1, "B": 1,
	"KB": 1e3, "MB": 1e6, "GB": 1e9,
	"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30,
}

// size decodes a byte count: an integer, or a whole number with a unit
// ("8MiB", "500 KB").
func (p *parser) size(n *yaml.Node, path string) (int64, bool) {
	if !p.scalar(n, path, "a size like 8MiB") {
		return 0, false
	}
	v, err := parseSize(n.Value)
	if err != nil {
		p.fail(n, path, "%v", err)
		return 0, false
	}
	return v, true
}

// parseSize parses a byte count as written in the file.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	unit, ok := sizeUnits[strings.TrimSpace(s[i:])]
	if i == 0 || !ok {
		return 0, fmt.Errorf("want a size like 8MiB or a number of bytes, got %q", s)
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil || n > math.MaxInt64/unit {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return n * unit, nil
}

// scalars decodes a scalar or a list of scalars, each written verbatim.
func (p *parser) scalars(n *yaml.Node, path string) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		s, ok := p.str(n, path)
		if !ok {
			return nil, false
		}
		return []string{s}, true
	}
	if len(n.Content) == 0 {
		p.fail(n, path, "empty list")
		return nil, false
	}
	if !p.spend(len(n.Content), n) {
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for i, c := range n.Content {
		c = resolve(c)
		if c.Kind != yaml.ScalarNode || c.ShortTag() == "!!null" {
			p.scalar(c, fmt.Sprintf("%s[%d]", path, i), "a string")
			p.pl.bad[path] = true
			return nil, false
		}
		out = append(out, c.Value)
	}
	return out, true
}

// fields walks the mapping n at path, calling fn for each key in document
// order with the key's path and its (alias-resolved) value, after recording
// the key's line.
// Non-mappings, non-string keys and duplicate keys are reported.
func (p *parser) fields(n *yaml.Node, path string, fn func(key, keyPath string, k, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		p.fail(n, path, "want a mapping, got %s", describe(n))
		return false
	}
	if !p.spend(len(n.Content), n) {
		return false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.fail(k, path, "keys must be strings, got %s", describe(k))
			continue
		}
		kp := join(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			p.fail(k, kp, "duplicate key %q (first at line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		p.pl.lines[kp] = k.Line
		fn(k.Value, kp, k, v)
	}
	return true
}

// items walks the list n at path, calling fn for each (alias-resolved)
// item with its path "path[i]".
func (p *parser) items(n *yaml.Node, path string, fn func(path string, v *yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, path, "want a list, got %s", describe(n))
		return
	}
	if !p.spend(len(n.Content), n) {
		return
	}
	for i, v := range n.Content {
		ip := fmt.Sprintf("%s[%d]", path, i)
		v = resolve(v)
		p.pl.lines[ip] = v.Line
		fn(ip, v)
	}
}

// unknown reports an unknown key, pointing secrets at the environment.
func (p *parser) unknown(k *yaml.Node, path, tokenEnv string, known []string) {
	kp := join(path, k.Value)
	if secretKey(k.Value) {
		p.fail(k, kp, "unknown key: tokens are read only from the environment; set %s", tokenEnv)
		return
	}
	p.fail(k, kp, "unknown key (known: %s)", strings.Join(known, ", "))
}

// secretKey reports whether a key looks like it holds a credential.
func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"token", "apikey", "api_key", "api-key", "password", "secret"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// join returns the path of key below path. Keys other than plain words are
// quoted, so that a path is one line and reads unambiguously.
func join(path, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-[]", r)) {
			plain = false
			break
		}
	}
	if !plain {
		key = strconv.Quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}
