package pipeline

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// scripted is a listing of fixed pages: page i is at "s://<i>" and lists
// the given ids; odd ids are "nsfw" to the check below.
type scripted struct {
	pages [][]int // ids per page
	next  []int   // next page index per page; -1: none
}

func (s scripted) source(flag bool, limit int) Source {
	return Source{
		Name:     "s",
		FirstURL: func(url.Values) string { return "s://0" },
		Page: func(_ context.Context, u string) (Page, error) {
			var i int
			if _, err := fmt.Sscanf(u, "s://%d", &i); err != nil || i >= len(s.pages) {
				return Page{}, fmt.Errorf("no page %s", u)
			}
			var p Page
			for _, id := range s.pages[i] {
				p.Models = append(p.Models, manifest.Model{ID: fmt.Sprint(id), NSFW: id%2 == 1})
			}
			if s.next[i] >= 0 {
				p.Next = fmt.Sprintf("s://%d", s.next[i])
			}
			return p, nil
		},
		Check: func(q url.Values, m manifest.Model, _ time.Time) []string {
			if q.Get("nsfw") == "false" && m.NSFW {
				return []string{"nsfw"}
			}
			return nil
		},
		FlagMismatches: flag,
		Filters:        []config.Filter{{Name: "f", Query: url.Values{"nsfw": {"false"}}, Limit: limit}},
	}
}

func TestRunChecks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      scripted
		flag   bool
		limit  int
		ids    string
		checks manifest.Checks
	}{
		{"mismatches dropped, the walk goes on to the limit",
			scripted{[][]int{{0, 1, 2}, {3, 4, 6}}, []int{1, -1}}, false, 4, "0,2,4,6",
			manifest.Checks{Mode: "drop", Mismatches: 2, Reasons: map[string]int{"nsfw": 2}}},
		{"mismatches flagged and kept",
			scripted{[][]int{{0, 1, 2}, {3, 4, 6}}, []int{1, -1}}, true, 4, "0,1,2,3",
			manifest.Checks{Mode: "flag", Mismatches: 2, Reasons: map[string]int{"nsfw": 2}, Flagged: []string{"1", "3"}}},
		{"duplicates across pages counted once each",
			scripted{[][]int{{0, 2, 4}, {4, 2, 6}, {8}}, []int{1, 2, -1}}, false, 10, "0,2,4,6,8",
			manifest.Checks{Mode: "drop", Duplicates: 2}},
		{"an empty page with a next page ends the listing",
			scripted{[][]int{{0, 2}, {}, {4}}, []int{1, 2, -1}}, false, 10, "0,2",
			manifest.Checks{Mode: "drop", EmptyPageWithNext: true}},
		{"an empty last page is the normal end",
			scripted{[][]int{{0, 2}, {}}, []int{1, -1}}, false, 10, "0,2",
			manifest.Checks{Mode: "drop"}},
		{"a page repeating the previous one ends the listing",
			scripted{[][]int{{0, 2}, {4, 6}, {4, 6}, {8}}, []int{1, 2, 3, -1}}, false, 10, "0,2,4,6",
			manifest.Checks{Mode: "drop", RepeatedPage: true}},
		{"a repeated first page under the same next link is caught before the loop",
			scripted{[][]int{{0, 2}, {0, 2}}, []int{1, 1}}, false, 10, "0,2",
			manifest.Checks{Mode: "drop", RepeatedPage: true}},
		{"an empty first page that announces more",
			scripted{[][]int{{}, {0}}, []int{1, -1}}, false, 10, "",
			manifest.Checks{Mode: "drop", EmptyPageWithNext: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(context.Background(), []Source{tc.s.source(tc.flag, tc.limit)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			f := res[0].Filters[0]
			if f.Err != nil {
				t.Fatal(f.Err)
			}
			if got := strings.Join(f.ModelIDs, ","); got != tc.ids {
				t.Errorf("ids %s, want %s", got, tc.ids)
			}
			if !reflect.DeepEqual(f.Checks, tc.checks) {
				t.Errorf("checks %+v, want %+v", f.Checks, tc.checks)
			}
			for _, id := range f.ModelIDs {
				if _, ok := res[0].Models[id]; !ok {
					t.Errorf("%s not in the models", id)
				}
			}
			if !slices.Equal(f.Checks.Flagged, tc.checks.Flagged) {
				t.Errorf("flagged %v", f.Checks.Flagged)
			}
		})
	}
}

// TestRunChecksIgnoredQuery: in drop mode, three pages in a row of nothing
// but mismatches fail the filter; in flag mode they are kept.
func TestRunChecksIgnoredQuery(t *testing.T) {
	odd := scripted{[][]int{{0, 1}, {3, 5}, {7, 9}, {11, 13}, {2}}, []int{1, 2, 3, 4, -1}}
	res, err := Run(context.Background(), []Source{odd.source(false, 10)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := res[0].Filters[0]
	want := "the hub does not apply the query: 3 pages in a row listed only models that break it (7 mismatches dropped (nsfw 7))"
	if f.Err == nil || !strings.Contains(f.Err.Error(), want) {
		t.Errorf("err %v, want %q", f.Err, want)
	}
	// Two such pages are not enough.
	odd = scripted{[][]int{{0, 1}, {3, 5}, {7, 9}, {2}}, []int{1, 2, 3, -1}}
	res, _ = Run(context.Background(), []Source{odd.source(false, 10)}, Options{})
	if f := res[0].Filters[0]; f.Err != nil || strings.Join(f.ModelIDs, ",") != "0,2" {
		t.Errorf("two pages of mismatches: %v, %v", f.ModelIDs, f.Err)
	}
	res, _ = Run(context.Background(), []Source{odd.source(true, 10)}, Options{})
	if f := res[0].Filters[0]; f.Err != nil || len(f.ModelIDs) != 7 {
		t.Errorf("flag mode: %v, %v", f.ModelIDs, f.Err)
	}
}

func TestChecksString(t *testing.T) {
	for _, tc := range []struct {
		c    manifest.Checks
		want string
	}{
		{manifest.Checks{Mode: "drop"}, ""},
		{manifest.Checks{Mode: "drop", Mismatches: 3, Reasons: map[string]int{"types": 1, "nsfw": 2}, Duplicates: 1},
			"3 mismatches dropped (nsfw 2, types 1), 1 duplicate across pages"},
		{manifest.Checks{Mode: "flag", Mismatches: 1, Reasons: map[string]int{"period": 1}, EmptyPageWithNext: true, RepeatedPage: true},
			"1 mismatch flagged (period 1), an empty page announced a next page, a page repeated the previous page"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}
