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
			s.add(x.filter, manifest.NSFWXXX, x.models)
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

// TestMergePreviewStrictest: a model selected by several filters gets the
// preview of the winning filter's entry, chosen within the strictest
// allowance of them all, whatever the order they finish in.
func TestMergePreviewStrictest(t *testing.T) {
	cands := []manifest.Preview{{URL: "x", Type: "image", NSFWLevel: manifest.NSFWX}, {URL: "pg13", Type: "image", NSFWLevel: manifest.NSFWPG13}}
	tests := []struct {
		allowances []int // of filters a, b, c
		want       string
	}{
		{[]int{manifest.NSFWXXX, manifest.NSFWXXX, manifest.NSFWXXX}, "x"},
		{[]int{manifest.NSFWXXX, manifest.NSFWR, manifest.NSFWXXX}, "pg13"},
		{[]int{manifest.NSFWXXX, manifest.NSFWPG, manifest.NSFWXXX}, ""},
		{[]int{0, manifest.NSFWXXX, manifest.NSFWXXX}, ""}, // a filter without previews
	}
	for _, tt := range tests {
		for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}} {
			var s modelSet
			for _, i := range order {
				name := string(rune('a' + i))
				s.add(name, tt.allowances[i], []manifest.Model{{ID: "1", Name: name, PreviewCandidates: cands}})
			}
			m := s.models()["1"]
			got := ""
			if m.Preview != nil {
				got = m.Preview.URL
			}
			if got != tt.want || m.Name != "c" || m.PreviewCandidates != nil {
				t.Errorf("allowances %v, order %v: preview %q of %q (candidates %v), want %q of c", tt.allowances, order, got, m.Name, m.PreviewCandidates, tt.want)
			}
		}
	}
}
