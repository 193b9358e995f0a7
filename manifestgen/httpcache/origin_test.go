package httpcache

import (
	"testing"
)

// With Origin set, a server on another port (the embedded hub of the next
// run) finds the entries of the last one, and each reuse is still
// confirmed by its own 304; without it, every port starts cold.
func TestOriginKey(t *testing.T) {
	for _, origin := range []string{"embedded-hub", ""} {
		t.Run("origin "+origin, func(t *testing.T) {
			dir := t.TempDir()
			first := newOrigin(t, validated(`"v"`, "", "page", nil))
			second := newOrigin(t, validated(`"v"`, "", "page", nil))
			if first.URL == second.URL {
				t.Fatal("two servers on one address")
			}
			get(t, &Transport{Dir: dir, Base: first.Client().Transport, Origin: origin}, first.URL+"/api/models?cursor=a")
			tr := &Transport{Dir: dir, Base: second.Client().Transport, Origin: origin}
			r := get(t, tr, second.URL+"/api/models?cursor=a")
			h, _ := second.last()
			revalidated := r.header.Get(MarkerHeader) == "revalidated" && h.Get("If-None-Match") == `"v"`
			if revalidated != (origin != "") || r.body != "page" {
				t.Errorf("revalidated %v (%q, If-None-Match %q); want %v", revalidated, r.body, h.Get("If-None-Match"), origin != "")
			}
			// Another query is another entry.
			if r := get(t, tr, second.URL+"/api/models?cursor=b"); r.header.Get(MarkerHeader) != "" {
				t.Errorf("cursor=b answered from cursor=a's entry")
			}
			want := 2
			if origin == "" {
				want = 3
			}
			if n := len(entries(t, dir)); n != want {
				t.Errorf("%d entries; want %d", n, want)
			}
		})
	}
}
