package pipeline

import (
	"reflect"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// TestModelSetOrderFree checks that the merged models do not depend on the
// order filters finish in: where two filters disagree about a model, the
// one with the greatest name wins.
func TestModelSetOrderFree(t *testing.T) {
	type add struct {
		filter string
		models []manifest.Model
	}
	a := add{"a", []manifest.Model{{ID: "1", Downloads: 1}, {ID: "2", Downloads: 1}}}
	b := add{"b", []manifest.Model{{ID: "2", Downloads: 2}, {ID: "3", Downloads: 2}}}
	c := add{"c", []manifest.Model{{ID: "1", Downloads: 3}}}
	want := map[string]manifest.Model{"1": {ID: "1", Downloads: 3}, "2": {ID: "2", Downloads: 2}, "3": {ID: "3", Downloads: 2}}
	for _, order := range [][]add{{a, b, c}, {c, b, a}, {b, a, c}, {c, a, b}} {
		var s modelSet
		for _, x := range order {
			s.add(x.filter, x.models)
		}
		if got := s.models(); !reflect.DeepEqual(got, want) {
			t.Errorf("order %v %v %v: got %v, want %v", order[0].filter, order[1].filter, order[2].filter, got, want)
		}
	}
	var empty modelSet
	if got := empty.models(); len(got) != 0 || got == nil {
		t.Errorf("empty set: %v", got)
	}
}
