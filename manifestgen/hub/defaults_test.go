package hub

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestDefaultConfigCivitAI checks the 16 CivitAI listings of the default
// configuration: each non-empty, big enough, and different from the others.
func TestDefaultConfigCivitAI(t *testing.T) {
	h := New(Options{})
	seen := map[string]string{}
	for _, period := range []string{"Week", "Month"} {
		for _, typ := range []string{"LORA", "Checkpoint"} {
			for _, baseModel := range []string{"SDXL 1.0", "Pony", "Illustrious", "Flux.1 D"} {
				name := period + "/" + typ + "/" + baseModel
				var ids []string
				for _, p := range walkCivitAI(t, h, civURL("sort", "Most Downloaded", "nsfw", "false", "limit", "100",
					"period", period, "types", typ, "baseModels", baseModel)) {
					for _, it := range p.Items {
						ids = append(ids, strconv.FormatInt(it.ID, 10))
					}
				}
				least := map[string]int{"Week": 5, "Month": 20}[period]
				if len(ids) < least {
					t.Errorf("%s: %d models, want at least %d", name, len(ids), least)
				}
				key := strings.Join(ids, ",")
				if other, dup := seen[key]; dup {
					t.Errorf("%s lists the same models as %s", name, other)
				}
				seen[key] = name
			}
		}
	}
}

var sizeToken = regexp.MustCompile(`(?i)(\d+(?:\.\d+)?)([bm])\b`)

// paramsOf returns a repo's parameter count as a client would: safetensors
// total, else gguf total, else a size in the id.
func paramsOf(m hfItem) float64 {
	switch {
	case m.Safetensors != nil:
		return float64(m.Safetensors.Total)
	case m.GGUF != nil:
		return float64(m.GGUF.Total)
	}
	if s := sizeToken.FindStringSubmatch(m.ID); s != nil {
		n, _ := strconv.ParseFloat(s[1], 64)
		if strings.EqualFold(s[2], "m") {
			return n * 1e6
		}
		return n * 1e9
	}
	return 0
}

func hasTag(m hfItem, tag string) bool { return slices.Contains(m.Tags, tag) }

// TestDefaultConfigHF checks the Hugging Face listings of the default
// configuration.
func TestDefaultConfigHF(t *testing.T) {
	h := New(Options{})
	list := func(n int, kv ...string) []hfItem {
		t.Helper()
		var items []hfItem
		for next := hfURL(append(kv, "limit", "100", "expand", "safetensors", "expand", "gguf", "expand", "tags", "expand", "downloads", "expand", "likes", "expand", "trendingScore")...); next != "" && len(items) < n; {
			resp, body := get(t, h, next)
			items = append(items, decode[[]hfItem](t, body)...)
			next = strings.TrimSuffix(strings.TrimPrefix(resp.Header.Get("Link"), "<"), `>; rel="next"`)
		}
		return items[:min(n, len(items))]
	}

	textGen := list(400, "pipeline_tag", pTextGen, "sort", "downloads")
	var small, medium, large, apache, mit int
	for _, m := range textGen {
		switch p := paramsOf(m); {
		case p == 0:
		case p < 7e9:
			small++
			if hasTag(m, "license:apache-2.0") {
				apache++
			}
			if hasTag(m, "license:mit") {
				mit++
			}
		case p <= 13e9:
			medium++
		default:
			large++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{{"small", small, 40}, {"medium", medium, 40}, {"large", large, 40}, {"small apache-2.0", apache, 20}, {"small mit", mit, 20}} {
		if c.got < c.want {
			t.Errorf("text-generation top 400: %d %s models, want at least %d", c.got, c.what, c.want)
		}
	}

	ids := func(items []hfItem) string {
		var s []string
		for _, m := range items {
			s = append(s, m.ID)
		}
		return strings.Join(s, ",")
	}
	trending, liked := list(100, "pipeline_tag", pT2I), list(100, "pipeline_tag", pT2I, "sort", "likes")
	if len(trending) < 40 || len(liked) < 40 || ids(trending) == ids(liked) {
		t.Errorf("text-to-image: %d trending, %d liked, same order %v", len(trending), len(liked), ids(trending) == ids(liked))
	}
	for _, pipe := range []string{pSentSim, pASR} {
		if got := list(100, "pipeline_tag", pipe, "sort", "downloads"); len(got) < 40 {
			t.Errorf("%s: %d models, want at least 40", pipe, len(got))
		}
	}
}
