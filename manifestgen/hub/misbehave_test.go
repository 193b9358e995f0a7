package hub

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestParseMisbehaviours(t *testing.T) {
	civ, hf, err := ParseMisbehaviours(" ignore-nsfw, ignore-pipeline,dup-pages,,ignore-basemodel")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(civ.Ignore, []string{"nsfw", "baseModels"}) || !slices.Equal(hf.Ignore, []string{"pipeline_tag"}) ||
		!civ.DupPages || !hf.DupPages || civ.EmptyCursor || civ.RepeatPage {
		t.Errorf("civitai %+v, huggingface %+v", civ, hf)
	}
	if _, _, err := ParseMisbehaviours("ignore-nsfw,lose-pages"); err == nil || !strings.Contains(err.Error(), `"lose-pages"`) ||
		!strings.Contains(err.Error(), "repeat-page") {
		t.Errorf("err = %v, want the bad name and the known ones", err)
	}
	for _, name := range MisbehaviourNames() {
		civ, hf, err := ParseMisbehaviours(name)
		if err != nil || (len(civ.Ignore) == 0 && len(hf.Ignore) == 0 && !civ.DupPages && !civ.EmptyCursor && !civ.RepeatPage) {
			t.Errorf("%s: %+v %+v %v", name, civ, hf, err)
		}
	}
}

// civIDs are the ids of a CivitAI page.
func civIDs(p civPage) []int64 {
	var out []int64
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out
}

func TestCivitAIMisbehaviour(t *testing.T) {
	first := civURL("types", "LORA", "baseModels", "SDXL 1.0", "period", "Month", "nsfw", "false", "limit", "10", "sort", "Most Downloaded")
	good := walkCivitAI(t, New(Options{}), first)
	if len(good) < 3 {
		t.Fatalf("%d pages; the test wants at least 3", len(good))
	}
	ignoring := func(param string) []civPage { // as one page of every item
		var all civPage
		for _, p := range walkCivitAI(t, New(Options{CivitAI: Faults{Listing: Misbehaviour{Ignore: []string{param}}}}), first) {
			all.Items = append(all.Items, p.Items...)
		}
		return []civPage{all}
	}
	t.Run("ignore nsfw", func(t *testing.T) {
		if !slices.ContainsFunc(ignoring("nsfw")[0].Items, func(it civItem) bool { return it.NSFW }) {
			t.Error("no nsfw model under nsfw=false")
		}
	})
	t.Run("ignore types", func(t *testing.T) {
		if !slices.ContainsFunc(ignoring("types")[0].Items, func(it civItem) bool { return it.Type != "LORA" }) {
			t.Error("only LORA")
		}
	})
	t.Run("ignore baseModels", func(t *testing.T) {
		other := func(it civItem) bool {
			return !slices.ContainsFunc(it.ModelVersions, func(v civItemVersion) bool { return v.BaseModel == "SDXL 1.0" })
		}
		if !slices.ContainsFunc(ignoring("baseModels")[0].Items, other) {
			t.Error("every model has an SDXL 1.0 version")
		}
	})
	t.Run("ignore period", func(t *testing.T) {
		old := func(it civItem) bool { return it.ModelVersions[0].PublishedAt < "2026-10-19" }
		if !slices.ContainsFunc(ignoring("period")[0].Items, old) {
			t.Error("no model older than a month")
		}
	})
	t.Run("dup pages", func(t *testing.T) {
		pages := walkCivitAI(t, New(Options{CivitAI: Faults{Listing: Misbehaviour{DupPages: true}}}), first)
		for i := 1; i < len(pages); i++ {
			prev := civIDs(pages[i-1])
			if civIDs(pages[i])[0] != prev[len(prev)-1] {
				t.Errorf("page %d starts with %d, not %d", i, civIDs(pages[i])[0], prev[len(prev)-1])
			}
		}
	})
	t.Run("empty cursor", func(t *testing.T) {
		h := New(Options{CivitAI: Faults{Listing: Misbehaviour{EmptyCursor: true}}})
		last := good[len(good)-1]
		lastURL := first
		if len(good) > 1 {
			lastURL = good[len(good)-2].Metadata.NextPage
		}
		_, body := get(t, h, lastURL)
		p := decode[civPage](t, body)
		if !slices.Equal(civIDs(p), civIDs(last)) || p.Metadata.NextPage == "" {
			t.Fatalf("last page %v with next %q", civIDs(p), p.Metadata.NextPage)
		}
		_, body = get(t, h, p.Metadata.NextPage)
		empty := decode[civPage](t, body)
		if len(empty.Items) != 0 || empty.Metadata.NextPage != p.Metadata.NextPage {
			t.Errorf("after the last page: %v, next %q", civIDs(empty), empty.Metadata.NextPage)
		}
	})
	t.Run("repeat page", func(t *testing.T) {
		h := New(Options{CivitAI: Faults{Listing: Misbehaviour{RepeatPage: true}}})
		_, body := get(t, h, first)
		p1 := decode[civPage](t, body)
		_, body = get(t, h, p1.Metadata.NextPage)
		p2 := decode[civPage](t, body)
		if !slices.Equal(civIDs(p1), civIDs(p2)) || p2.Metadata.NextPage != p1.Metadata.NextPage {
			t.Errorf("page 2 %v next %q; page 1 %v next %q", civIDs(p2), p2.Metadata.NextPage, civIDs(p1), p1.Metadata.NextPage)
		}
	})
}

func TestHFMisbehaviour(t *testing.T) {
	first := hfURL("author", "Qwen", "limit", "10", "sort", "downloads")
	_, links := walkHF(t, New(Options{}), first)
	if len(links) < 2 {
		t.Fatalf("%d pages; the test wants at least 3", len(links)+1)
	}
	for _, tc := range []struct {
		param, value string
		other        func(hfItem) bool
	}{
		{"pipeline_tag", "text-generation", func(it hfItem) bool { return it.PipelineTag != "text-generation" }},
		{"library", "diffusers", func(it hfItem) bool { return it.LibraryName != "diffusers" }},
		{"author", "Qwen", func(it hfItem) bool { return !strings.HasPrefix(it.ID, "Qwen/") }},
		{"search", "llama", func(it hfItem) bool { return !strings.Contains(strings.ToLower(it.ID), "llama") }},
		{"filter", "conversational", func(it hfItem) bool { return !slices.Contains(it.Tags, "conversational") }},
	} {
		u := hfURL(tc.param, tc.value, "limit", "20", "sort", "downloads")
		items, _ := walkHF(t, New(Options{}), u)
		if len(items) == 0 || slices.ContainsFunc(items, tc.other) {
			t.Fatalf("%s: the well-behaved listing is empty or already breaks it", tc.param)
		}
		got, _ := walkHF(t, New(Options{HuggingFace: Faults{Listing: Misbehaviour{Ignore: []string{tc.param}}}}), u)
		if !slices.ContainsFunc(got, tc.other) {
			t.Errorf("ignoring %s changed nothing", tc.param)
		}
	}
	t.Run("dup pages", func(t *testing.T) {
		h := New(Options{HuggingFace: Faults{Listing: Misbehaviour{DupPages: true}}})
		_, b1 := get(t, h, first)
		p1 := decode[[]hfItem](t, b1)
		resp, _ := get(t, h, first)
		next := strings.TrimSuffix(strings.TrimPrefix(resp.Header.Get("Link"), "<"), `>; rel="next"`)
		_, b2 := get(t, h, next)
		if p2 := decode[[]hfItem](t, b2); p2[0].ID != p1[len(p1)-1].ID {
			t.Errorf("page 2 starts with %s, not %s", p2[0].ID, p1[len(p1)-1].ID)
		}
	})
	t.Run("empty cursor and repeat page", func(t *testing.T) {
		h := New(Options{HuggingFace: Faults{Listing: Misbehaviour{EmptyCursor: true}}})
		resp, body := get(t, h, links[len(links)-1])
		if len(decode[[]hfItem](t, body)) == 0 || resp.Header.Get("Link") == "" {
			t.Fatalf("last page: %s, Link %q", body, resp.Header.Get("Link"))
		}
		next := strings.TrimSuffix(strings.TrimPrefix(resp.Header.Get("Link"), "<"), `>; rel="next"`)
		resp, body = get(t, h, next)
		if string(body) != "[]" || resp.Header.Get("Link") == "" || resp.StatusCode != http.StatusOK {
			t.Errorf("after the last page: %d %s, Link %q", resp.StatusCode, body, resp.Header.Get("Link"))
		}
		h = New(Options{HuggingFace: Faults{Listing: Misbehaviour{RepeatPage: true}}})
		_, b1 := get(t, h, first)
		_, b2 := get(t, h, links[0])
		if string(b1) != string(b2) {
			t.Error("page 2 differs from page 1")
		}
	})
}

// TestDateIsTheSnapshotsClock: API responses are dated ReferenceDate.
func TestDateIsTheSnapshotsClock(t *testing.T) {
	for _, u := range []string{civURL("limit", "1"), hfURL("limit", "1")} {
		resp, _ := get(t, New(Options{}), u)
		if d, err := http.ParseTime(resp.Header.Get("Date")); err != nil || !d.Equal(ReferenceDate) {
			t.Errorf("%s: Date %q", u, resp.Header.Get("Date"))
		}
	}
}
