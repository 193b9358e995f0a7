package civitai

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/fetch"
)

// FuzzDecodePage checks that any body decodes to a page or an error, never
// a panic, and that a next URL, when there is one, is an absolute URL on the
// requested host carrying a cursor or taken from nextPage.
func FuzzDecodePage(f *testing.F) {
	f.Add(readSample(f, "civitai-models-page.json"))
	f.Add([]byte(`{"items":[` + string(readSample(f, "civitai-model-item-2025.json")) + `],"metadata":{"nextCursor":146864}}`))
	f.Add([]byte(`{"items":[{"id":1,"allowCommercialUse":"{Image,RentCivit}","modelVersions":[{"images":[{"nsfwLevel":"Soft"}]}]}],"metadata":{"nextCursor":"2024-03-10T21:35:22.332Z","nextPage":"/x?cursor=1"}}`))
	f.Add([]byte(`{"items":[],"metadata":{"nextCursor":null}}`))
	f.Add([]byte(`{"error":"Unauthorized"}`))
	f.Add([]byte(`[]`))
	const pageURL = "http://127.0.0.1:1/api/v1/models?limit=100&types=LORA"
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePage(pageURL, &fetch.Response{URL: pageURL, Status: 200, Body: body})
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("invalid JSON accepted: %q", body)
		}
		if p.Next == "" {
			return
		}
		if len(p.Models) == 0 {
			t.Fatalf("next %q after an empty page", p.Next)
		}
		u, err := url.Parse(p.Next)
		if err != nil || u.Scheme != "http" || u.Host != "127.0.0.1:1" {
			t.Fatalf("next %q: not on the requested host (%v)", p.Next, err)
		}
	})
}

// FuzzCommercialUse checks that decoded values are trimmed and non-empty
// and that License does not depend on their order.
func FuzzCommercialUse(f *testing.F) {
	for _, s := range []string{`["Image"]`, `["RentCivit","Rent","Image"]`, `"{Image,RentCivit}"`, `"{\"Image\", Rent}"`, `"Sell"`, `null`, `"{}"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var c CommercialUse
		if err := c.UnmarshalJSON(b); err != nil {
			return
		}
		for _, v := range c {
			if v == "" || strings.TrimSpace(v) != v {
				t.Fatalf("untrimmed or empty value %q from %q", v, b)
			}
		}
		rev := slices.Clone(c)
		slices.Reverse(rev)
		if l, r := c.License(), rev.License(); l != r {
			t.Fatalf("License depends on order: %q vs %q", l, r)
		}
	})
}
