package hub

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// realHFCursor is the cursor of a real Link header (huggingface_hub PR #1176).
const realHFCursor = "eyIkb3IiOlt7Imxpa2VzIjoyOTQsIl9pZCI6eyIkZ3QiOiI2MjFmZmRjMTM2NDY4ZDcwOWYxNzlhMTIifX0seyJsaWtlcyI6eyIkbHQiOjI5NH19XX0="

func FuzzDecodeHFCursor(f *testing.F) {
	f.Add("likes", realHFCursor)
	f.Add("downloads", encodeHFCursor("downloads", huggingface().models[0]))
	f.Add("createdAt", encodeHFCursor("createdAt", huggingface().models[1]))
	f.Add("trendingScore", "e30=")
	f.Add("likes", "not base64")
	f.Fuzz(func(t *testing.T, sortKey, s string) {
		c, err := decodeHFCursor(sortKey, s)
		if err == nil && c.oid == "" {
			t.Fatalf("accepted %q without an _id", s)
		}
	})
}

func TestRealHFCursorDecodes(t *testing.T) {
	c, err := decodeHFCursor("likes", realHFCursor)
	if err != nil || c.value != 294 || c.oid != "621ffdc136468d709f179a12" {
		t.Fatalf("got %+v, %v", c, err)
	}
	for _, sortKey := range hfSorts {
		m := huggingface().models[42]
		c, err := decodeHFCursor(sortKey, encodeHFCursor(sortKey, m))
		if err != nil || c.value != hfSortValue(sortKey, m) || c.oid != m.oid {
			t.Errorf("%s: round trip gave %+v, %v", sortKey, c, err)
		}
	}
}

func FuzzParseCivCursor(f *testing.F) {
	f.Add(1, "22138|364671|25494")
	f.Add(6, "2024-03-10T21:35:22.332Z")
	f.Add(0, "76:341:146864")
	f.Add(8, "154999")
	f.Add(1, "||")
	sorts := append(slices.Clone(civSorts), civQuerySort)
	f.Fuzz(func(t *testing.T, i int, s string) {
		sort := sorts[(i%len(sorts)+len(sorts))%len(sorts)]
		k, err := parseCivCursor(sort, s)
		if err != nil || sort == civQuerySort || sort == "Newest" || sort == "Oldest" {
			return
		}
		again := strconv.FormatInt(-k[0], 10) + "|" + strconv.FormatInt(-k[1], 10) + "|" + strconv.FormatInt(-k[2], 10)
		if k2, err := parseCivCursor(sort, again); err != nil || k2 != k {
			t.Fatalf("%q parsed to %v, which does not round-trip", s, k)
		}
	})
}

// FuzzListQuery sends arbitrary query strings and validators to both list
// endpoints: the hub must answer with a JSON status it documents, never
// panic.
func FuzzListQuery(f *testing.F) {
	for _, q := range []string{
		"limit=10&page=1&sort=Highest%20Rated&types=Checkpoint",
		"cursor=154999%7C2423%7C80324&limit=15&period=AllTime&sort=Most%20Downloaded",
		"query=xl&cursor=9999999",
		"favorites=true",
		"limit=10&sort=likes&direction=-1&cursor=" + realHFCursor,
		"apps=ollama&sort=trendingScore&expand[]=safetensors&expand=gguf",
		"pipeline_tag=text-generation&sort=downloads&limit=1000&filter=license:mit,transformers",
		"limit=%zz&&=&cursor=" + base64.StdEncoding.EncodeToString([]byte(`{"$or":[{}]}`)),
	} {
		f.Add(false, q, "")
		f.Add(true, q, `W/"x", *`)
	}
	h := New(Options{})
	allowed := []int{200, 304, 400, 401, 429}
	f.Fuzz(func(t *testing.T, hf bool, rawQuery, inm string) {
		path := "/api/v1/models"
		if hf {
			path = "/api/models"
		}
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Skip()
		}
		req.URL.RawQuery = rawQuery
		req.Header.Set("If-None-Match", strings.ToValidUTF8(strings.ReplaceAll(inm, "\n", ""), ""))
		resp, err := h.Transport().RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if !slices.Contains(allowed, resp.StatusCode) {
			t.Fatalf("%s?%s: status %d", path, rawQuery, resp.StatusCode)
		}
		if resp.StatusCode != 304 && resp.Header.Get("Content-Type") != jsonContentType {
			t.Fatalf("%s?%s: Content-Type %q", path, rawQuery, resp.Header.Get("Content-Type"))
		}
	})
}
