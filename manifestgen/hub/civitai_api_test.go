package hub

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// civAll is every model of the snapshot as the unfiltered listing returns it.
func civAll(t *testing.T, h *Hub) []civPage {
	t.Helper()
	return walkCivitAI(t, h, civURL("nsfw", "true", "sort", "Newest"))
}

// TestCivitAIPaginationWalk walks a subset of the snapshot in every sort
// order: each must list the same models once each and end without a cursor.
func TestCivitAIPaginationWalk(t *testing.T) {
	h := New(Options{})
	var want []int64
	for _, m := range civitai().models {
		if m.typ == "Checkpoint" || m.typ == "VAE" {
			want = append(want, m.id)
		}
	}
	for _, sort := range append(civSorts, "query") {
		t.Run(sort, func(t *testing.T) {
			q := []string{"nsfw", "true", "types", "Checkpoint", "types", "VAE", "limit", "100", "sort", sort}
			if sort == "query" {
				q = append(q[:len(q)-2], "query", " ")
				want = want[:0]
				for _, m := range civitai().models {
					if (m.typ == "Checkpoint" || m.typ == "VAE") && strings.Contains(m.name, " ") {
						want = append(want, m.id)
					}
				}
			}
			pages := walkCivitAI(t, h, civURL(q...))
			var got []int64
			for i, p := range pages {
				if i < len(pages)-1 && len(p.Items) != 100 {
					t.Fatalf("page %d has %d items", i, len(p.Items))
				}
				if i < len(pages)-1 && !strings.Contains(p.Metadata.NextPage, "types=VAE") {
					t.Fatalf("nextPage %q lost the query", p.Metadata.NextPage)
				}
				for _, it := range p.Items {
					got = append(got, it.ID)
				}
			}
			slices.Sort(got)
			if len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Fatal("a model was listed twice")
			}
			if !slices.Equal(got, want) {
				t.Fatalf("walk saw %d models, want %d", len(got), len(want))
			}
			last := pages[len(pages)-1].Metadata
			if last.NextPage != "" || len(last.NextCursor) != 0 {
				t.Fatalf("last page metadata %+v, want no cursor", last)
			}
		})
	}
}

func TestCivitAISortOrder(t *testing.T) {
	h := New(Options{})
	check := func(sort string, ok func(a, b civItem) bool) {
		_, body := get(t, h, civURL("sort", sort, "limit", "100", "nsfw", "true"))
		items := decode[civPage](t, body).Items
		for i := 1; i < len(items); i++ {
			if !ok(items[i-1], items[i]) {
				t.Errorf("%s: item %d (%d) before item %d (%d) out of order", sort, i-1, items[i-1].ID, i, items[i].ID)
			}
		}
	}
	check("Most Downloaded", func(a, b civItem) bool { return a.Stats.DownloadCount >= b.Stats.DownloadCount })
	check("Newest", func(a, b civItem) bool { return a.ModelVersions[0].PublishedAt > b.ModelVersions[0].PublishedAt })
	check("Oldest", func(a, b civItem) bool { return a.ModelVersions[0].PublishedAt < b.ModelVersions[0].PublishedAt })
}

// TestCivitAIFilters compares each filtered walk with the same filter
// applied by the test to the unfiltered listing.
func TestCivitAIFilters(t *testing.T) {
	h := New(Options{})
	var all []civItem
	for _, p := range civAll(t, h) {
		all = append(all, p.Items...)
	}
	monthAgo := ReferenceDate.AddDate(0, -1, 0)
	published := func(it civItem) time.Time {
		ts, err := time.Parse(time.RFC3339, it.ModelVersions[0].PublishedAt)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	hasBase := func(it civItem, bases ...string) bool {
		return slices.ContainsFunc(it.ModelVersions, func(v civItemVersion) bool { return slices.Contains(bases, v.BaseModel) })
	}
	someUser, someTag := all[17].Creator.Username, all[17].Tags[0]
	tests := []struct {
		name  string
		query []string
		want  func(civItem) bool
	}{
		{"sfw by default", []string{"types", "LoCon"}, func(it civItem) bool { return !it.NSFW && it.Type == "LoCon" }},
		{"nsfw=false", []string{"nsfw", "false", "types", "DoRA"}, func(it civItem) bool { return !it.NSFW && it.Type == "DoRA" }},
		{"types one", []string{"nsfw", "true", "types", "Checkpoint"}, func(it civItem) bool { return it.Type == "Checkpoint" }},
		{"types repeated", []string{"nsfw", "true", "types", "VAE", "types", "Controlnet"}, func(it civItem) bool { return it.Type == "VAE" || it.Type == "Controlnet" }},
		{"baseModels", []string{"nsfw", "true", "baseModels", "Pony", "baseModels", "Flux.1 D"}, func(it civItem) bool { return hasBase(it, "Pony", "Flux.1 D") }},
		{"period Month", []string{"nsfw", "true", "period", "Month"}, func(it civItem) bool { return !published(it).Before(monthAgo) }},
		{"username", []string{"nsfw", "true", "username", strings.ToUpper(someUser)}, func(it civItem) bool { return it.Creator.Username == someUser }},
		{"tag", []string{"nsfw", "true", "tag", someTag}, func(it civItem) bool { return slices.Contains(it.Tags, someTag) }},
		{"query", []string{"nsfw", "true", "query", "STYLE"}, func(it civItem) bool { return strings.Contains(strings.ToLower(it.Name), "style") }},
		{"combined", []string{"types", "LORA", "baseModels", "Illustrious", "period", "Week", "sort", "Most Downloaded"}, func(it civItem) bool {
			return !it.NSFW && it.Type == "LORA" && hasBase(it, "Illustrious") && !published(it).Before(ReferenceDate.AddDate(0, 0, -7))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []int64
			for _, it := range all {
				if tc.want(it) {
					want = append(want, it.ID)
				}
			}
			var got []int64
			for _, p := range walkCivitAI(t, h, civURL(append(tc.query, "limit", "100")...)) {
				for _, it := range p.Items {
					got = append(got, it.ID)
				}
			}
			if len(want) == 0 {
				t.Fatal("filter matches nothing: the case tests nothing")
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %d models, want %d", len(got), len(want))
			}
		})
	}
}

func TestCivitAIQueryCursorIsNumber(t *testing.T) {
	h := New(Options{})
	_, body := get(t, h, civURL("query", "style", "limit", "5"))
	p := decode[civPage](t, body)
	var id int64
	if err := json.Unmarshal(p.Metadata.NextCursor, &id); err != nil {
		t.Fatalf("nextCursor %s: want a JSON number in search mode: %v", p.Metadata.NextCursor, err)
	}
	if last := p.Items[len(p.Items)-1].ID; id != last || p.Items[0].ID < last {
		t.Errorf("cursor %d, items %d..%d: want id-descending results and the last id as cursor", id, p.Items[0].ID, last)
	}
}

func TestCivitAINextPageURL(t *testing.T) {
	h := New(Options{})
	resp, body := get(t, h, "https://api.civitai.test/api/v1/models?limit=10&page=1&sort=Highest%20Rated&types=Checkpoint")
	p := decode[civPage](t, body)
	var cursor string
	if err := json.Unmarshal(p.Metadata.NextCursor, &cursor); err != nil {
		t.Fatal(err)
	}
	want := "https://api.civitai.test/api/v1/models?limit=10&page=1&sort=Highest%20Rated&types=Checkpoint&cursor=" + strings.ReplaceAll(cursor, "|", "%7C")
	if p.Metadata.NextPage != want {
		t.Errorf("nextPage\n got %s\nwant %s", p.Metadata.NextPage, want)
	}
	if p.Metadata.CurrentPage != 1 || p.Metadata.PageSize != 10 {
		t.Errorf("page mode metadata %+v", p.Metadata)
	}
	if got := resp.Header.Get("Cache-Control"); got != "public, s-maxage=300, stale-while-revalidate=150" {
		t.Errorf("Cache-Control %q", got)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	// Following nextPage (page=1 plus cursor) continues after page 1, like page=2.
	_, body2 := get(t, h, p.Metadata.NextPage)
	_, body3 := get(t, h, civURL("limit", "10", "page", "2", "sort", "Highest Rated", "types", "Checkpoint"))
	a, b := decode[civPage](t, body2), decode[civPage](t, body3)
	if len(a.Items) != 10 || a.Items[0].ID != b.Items[0].ID || a.Metadata.CurrentPage != 0 {
		t.Errorf("cursor page starts at %d, page 2 at %d (cursor-mode metadata %+v)", a.Items[0].ID, b.Items[0].ID, a.Metadata)
	}
	if resp, _ := get(t, h, civURL("limit", "1"), "Authorization", "Bearer x"); resp.Header.Get("Cache-Control") != "" {
		t.Errorf("authenticated response has Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
}

func TestCivitAIErrors(t *testing.T) {
	h := New(Options{})
	tests := []struct {
		name    string
		url     string
		auth    bool
		status  int
		contain string
	}{
		{"limit too big", civURL("limit", "101"), false, 400, `"name":"ZodError"`},
		{"limit negative", civURL("limit", "-1"), false, 400, `too_small`},
		{"limit not a number", civURL("limit", "ten"), false, 400, `invalid_type`},
		{"bad type", civURL("types", "LORA", "types", "Lora"), false, 400, `invalid_enum_value`},
		{"bad sort", civURL("sort", "Most Buzz"), false, 400, `Most Buzz`},
		{"bad period", civURL("period", "Hour"), false, 400, `invalid_enum_value`},
		{"bad cursor", civURL("cursor", "x|y"), false, 400, `ZodError`},
		{"page zero", civURL("page", "0"), false, 400, `too_small`},
		{"page with query", civURL("page", "1", "query", "style"), false, 400, `Cannot use page param with query search. Use cursor-based pagination.`},
		{"favorites anonymous", civURL("favorites", "false"), false, 401, `{"error":"Unauthorized"}`},
		{"hidden anonymous", civURL("hidden", "true"), false, 401, `{"error":"Unauthorized"}`},
		{"page cap", civURL("page", "11", "limit", "100"), false, 429, `{"error":"You've requested too many pages, please use cursors instead"}`},
		{"page cap small limit", civURL("page", "101", "limit", "10"), false, 429, `please use cursors`},
		{"page at cap", civURL("page", "10", "limit", "100"), false, 200, `"currentPage":10`},
		{"favorites with token", civURL("favorites", "true"), true, 200, `"items":[]`},
		{"unknown params ignored", civURL("limit", "1", "allowDifferentLicenses", "x", "foo", "bar"), false, 200, `"items":[{`},
		{"unknown path", base + "/api/v1/nope", false, 404, `"error"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hdr []string
			if tc.auth {
				hdr = []string{"Authorization", "Bearer token"}
			}
			resp, body := get(t, h, tc.url, hdr...)
			if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.contain) {
				t.Errorf("got %d %s, want %d containing %s", resp.StatusCode, body, tc.status, tc.contain)
			}
			if resp.StatusCode == 429 && resp.Header.Get("Retry-After") != "" {
				t.Errorf("page-cap 429 carries Retry-After %q", resp.Header.Get("Retry-After"))
			}
		})
	}
	// The Zod message is itself a JSON array of issues.
	_, body := get(t, h, civURL("limit", "101", "sort", "Nope"))
	var zod struct {
		Error struct{ Name, Message string }
	}
	if err := json.Unmarshal(body, &zod); err != nil {
		t.Fatal(err)
	}
	var issues []map[string]any
	if err := json.Unmarshal([]byte(zod.Error.Message), &issues); err != nil || len(issues) != 2 {
		t.Errorf("zod message %q: %d issues, %v", zod.Error.Message, len(issues), err)
	}
}

func TestCivitAIPrimaryFileOnly(t *testing.T) {
	h := New(Options{})
	count := func(q ...string) (files, nonPrimary int) {
		_, body := get(t, h, civURL(append(q, "limit", "100", "types", "Checkpoint")...))
		for _, it := range decode[civPage](t, body).Items {
			for _, v := range it.ModelVersions {
				for _, f := range v.Files {
					files++
					if !f.Primary {
						nonPrimary++
					}
				}
			}
		}
		return files, nonPrimary
	}
	if _, n := count(); n == 0 {
		t.Fatal("no secondary files to drop: the case tests nothing")
	}
	if _, n := count("primaryFileOnly", "true"); n != 0 {
		t.Errorf("primaryFileOnly=true still lists %d non-primary files", n)
	}
}

func TestNextQueryEncoding(t *testing.T) {
	got := nextQuery("sort=Most+Downloaded&cursor=old&baseModels=Flux.1%20D&x", [][2]string{{"cursor", "1|2|3"}}, encodeURIComponent)
	want := "sort=Most%20Downloaded&baseModels=Flux.1%20D&x=&cursor=1%7C2%7C3"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := url.ParseQuery(got); err != nil {
		t.Error(err)
	}
}
