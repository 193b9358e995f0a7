package verify

import (
	"fmt"
	"reflect"
	"regexp"
)

// Hooks for the tests of package verify_test, which can import package
// writer to produce output dirs.

// DirFullPath is Dir with the fast path off: every file is validated
// against its schema and decoded with encoding/json.
func DirFullPath(dir string) (*Report, error) { return check(dir, nil, fastFor{}) }

// FastPaths reports which schema files the fast path may read.
func FastPaths() (index, models, filter bool) {
	f := fastSchemas()
	return f.index, f.models, f.filter
}

// Decoded is what the cross-file checks get from a file, in a form that
// compares with ==-like equality (reflect.DeepEqual).
type Decoded struct {
	Source, Filter string
	Count          int
	IDs            []string          // filter file: modelIds
	Models         map[string]string // models file: key -> id
	Index          *looseIndex
}

// BothPaths reads data as a file of the given kind ("index", "models" or
// "filter") both ways. fastOK reports whether the fast path accepted it;
// fullOK whether the full path decoded it, and bad lists its violations.
func BothPaths(kind string, data []byte) (fastOK bool, fast Decoded, fullOK bool, full Decoded, bad []Violation) {
	sch, err := loadSchemas()
	if err != nil {
		panic(err)
	}
	c := &checker{sch: sch}
	const file = "f.json"
	switch kind {
	case "index":
		if idx, ok := parseIndex(data); ok {
			fastOK, fast = true, Decoded{Index: idx}
		}
		var idx looseIndex
		fullOK, full = c.load(file, data, sch.index, &idx), Decoded{Index: &idx}
	case "models":
		if d, ok := parseModels(data); ok {
			fastOK, fast = true, modelsDecoded(d)
		}
		var mf looseModels
		if fullOK = c.load(file, data, sch.models, &mf); fullOK {
			full = Decoded{Source: mf.Source, Count: mf.Count, Models: map[string]string{}}
			for k, m := range mf.Models {
				full.Models[k] = m.ID
			}
		}
	case "filter":
		if d, ok := parseFilter(data, map[string]struct{}{}, nil); ok {
			fastOK, fast = true, Decoded{Source: d.Source, Filter: d.Filter, IDs: d.ModelIDs}
		}
		// Again with the ids it may hold known (and an empty key): the same.
		known := &modelsDoc{}
		known.init(0)
		for _, id := range append(regexp.MustCompile(`"[^"\\]*"`).FindAllString(string(data), -1), `""`) {
			if _, dup := known.index[id[1:len(id)-1]]; !dup {
				known.add(id[1:len(id)-1], id[1:len(id)-1])
			}
		}
		d, ok := parseFilter(data, map[string]struct{}{}, known)
		if ok != fastOK || ok && !reflect.DeepEqual(Decoded{Source: d.Source, Filter: d.Filter, IDs: d.ModelIDs}, fast) {
			panic(fmt.Sprintf("parseFilter with known ids: %v %+v, without: %v %+v", ok, d, fastOK, fast))
		}
		var ff filterDoc
		fullOK, full = c.load(file, data, sch.filter, &ff), Decoded{Source: ff.Source, Filter: ff.Filter, IDs: ff.ModelIDs}
	default:
		panic(kind)
	}
	return fastOK, fast, fullOK, full, c.v
}

func modelsDecoded(d *modelsDoc) Decoded {
	out := Decoded{Source: d.source, Count: d.count, Models: map[string]string{}}
	for i, k := range d.keys {
		out.Models[k] = d.ids[i]
	}
	if len(out.Models) != len(d.keys) || len(d.index) != len(d.keys) || len(d.ids) != len(d.keys) {
		panic("inconsistent modelsDoc")
	}
	for i, k := range d.keys {
		if d.index[k] != i {
			panic("inconsistent modelsDoc index")
		}
	}
	return out
}

// Patterns are the hand-written matchers of the schemas' patterns, by
// pattern.
var Patterns = map[string]func(string) bool{
	`^[a-z0-9][a-z0-9_-]*$`:                          isSourceName,
	`^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$`: isFilterName,
	`^[A-Za-z0-9._-]+$`:                              isGeneration,
	`^[a-z0-9][a-z0-9_-]*/models\.json$`:             isModelsPath,
	`^[a-z0-9][a-z0-9_-]*/filters/[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*\.json$`: isFilterPath,
	"^[^\u0000-\u001f\u007f-\u009f]+$":                                                 func(s string) bool { return s != "" && noControls(s) },
	`^(embedded|https?://([a-z0-9._-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?)$`:               isOriginValue,
}

// IsDateTime is the fast path's date-time check.
var IsDateTime = isDateTime
