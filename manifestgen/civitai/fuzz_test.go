package civitai

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// FuzzDecodePage checks the streaming decode against an encoding/json
// decode of the same members (oracleDecode): on valid JSON both accept or
// both refuse, with the same page; reading one byte at a time changes
// nothing; and a next URL is an absolute URL on the requested host.
func FuzzDecodePage(f *testing.F) {
	f.Add(readSample(f, "civitai-models-page.json"))
	f.Add([]byte(`{"items":[` + string(readSample(f, "civitai-model-item-2025.json")) + `],"metadata":{"nextCursor":146864}}`))
	f.Add([]byte(`{"items":[{"id":1,"allowCommercialUse":"{Image,RentCivit}","modelVersions":[{"images":[{"nsfwLevel":"Soft"}]}]}],"metadata":{"nextCursor":"2024-03-10T21:35:22.332Z","nextPage":"/x?cursor=1"}}`))
	f.Add([]byte(`{"items":[],"metadata":{"nextCursor":null}}`))
	f.Add([]byte(`{"items":[{"id":2,"name":"a\u00e9\ud800","tags":["x",null],"stats":{"downloadCount":5},"modelVersions":[{"files":[null,{"sizeKB":1.5,"primary":true}],"images":[{"url":"u"},7]},3]}]}`))
	f.Add([]byte(`{"error":"Unauthorized"}`))
	f.Add([]byte(`[]`))
	const pageURL = "http://127.0.0.1:1/api/v1/models?limit=100&types=LORA"
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePage(pageURL, bytes.NewReader(body), origin.Rule{})
		for _, src := range []io.Reader{iotest.OneByteReader(bytes.NewReader(body)), iotest.HalfReader(&twoBytes{bytes.NewReader(body)})} {
			p1, err1 := decodePage(pageURL, src, origin.Rule{})
			if (err == nil) != (err1 == nil) || !reflect.DeepEqual(p, p1) {
				t.Fatalf("in small reads: %+v, %v; whole: %+v, %v", p1, err1, p, err)
			}
		}
		if json.Valid(body) && !foldedKey(body) {
			want, werr := oracleDecode(pageURL, body)
			if (err == nil) != (werr == nil) {
				t.Fatalf("decode err %v, encoding/json err %v, for %q", err, werr, body)
			}
			if err == nil && !reflect.DeepEqual(p, want) {
				t.Fatalf("decode %+v\nencoding/json %+v\nfor %q", p, want, body)
			}
		}
		if err != nil || p.Next == "" {
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

// twoBytes reads at most two bytes at a time (one, behind a HalfReader).
type twoBytes struct{ r io.Reader }

func (t *twoBytes) Read(p []byte) (int, error) { return t.r.Read(p[:min(len(p), 2)]) }

// oracleDecode decodes body with encoding/json into the members Manifest
// reads, the way the typed Model would take them.
func oracleDecode(pageURL string, body []byte) (Page, error) {
	type version struct {
		BaseModel   string            `json:"baseModel"`
		PublishedAt string            `json:"publishedAt"`
		Files       []File            `json:"files"`
		Images      []json.RawMessage `json:"images"`
	}
	type item struct {
		ID                 int64         `json:"id"`
		Name               string        `json:"name"`
		Type               string        `json:"type"`
		NSFW               bool          `json:"nsfw"`
		Tags               []string      `json:"tags"`
		AllowCommercialUse CommercialUse `json:"allowCommercialUse"`
		Stats              *struct {
			DownloadCount int64 `json:"downloadCount"`
			ThumbsUpCount int64 `json:"thumbsUpCount"`
		} `json:"stats"`
		Creator *struct {
			Username string `json:"username"`
		} `json:"creator"`
		ModelVersions []json.RawMessage `json:"modelVersions"`
	}
	var page struct {
		Items    *[]item   `json:"items"`
		Metadata *Metadata `json:"metadata"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return Page{}, err
	}
	if page.Items == nil {
		return Page{}, errors.New(`no "items"`)
	}
	p := Page{Models: []manifest.Model{}}
	for _, it := range *page.Items {
		m := Model{ID: it.ID, Name: it.Name, Type: it.Type, NSFW: it.NSFW, Tags: it.Tags, AllowCommercialUse: it.AllowCommercialUse}
		if m.ID <= 0 {
			return Page{}, errors.New("no positive id")
		}
		if it.Stats != nil {
			m.Stats = &ModelStats{DownloadCount: it.Stats.DownloadCount, ThumbsUpCount: it.Stats.ThumbsUpCount}
		}
		if it.Creator != nil {
			m.Creator = &Creator{Username: it.Creator.Username}
		}
		if len(it.ModelVersions) > 0 {
			var v version
			if err := json.Unmarshal(it.ModelVersions[0], &v); err != nil {
				return Page{}, err
			}
			mv := ModelVersion{BaseModel: v.BaseModel, PublishedAt: v.PublishedAt}
			for _, f := range v.Files {
				mv.Files = append(mv.Files, File{SizeKB: f.SizeKB, Primary: f.Primary})
			}
			if len(v.Images) > 0 {
				var img struct {
					URL string `json:"url"`
				}
				if err := json.Unmarshal(v.Images[0], &img); err != nil {
					return Page{}, err
				}
				mv.Images = []Image{{URL: img.URL}}
			}
			m.ModelVersions = []ModelVersion{mv}
		}
		p.Models = append(p.Models, m.Manifest())
	}
	var err error
	p.Next, err = nextURL(pageURL, page.Metadata, len(p.Models), origin.Rule{})
	return p, err
}

// foldedKey reports whether body has a member name that equals a name the
// decoder reads only when case is ignored: encoding/json takes those, the
// decoder (like the API) does not.
func foldedKey(body []byte) bool {
	known := []string{"items", "metadata", "nextCursor", "nextPage", "id", "name", "type", "nsfw", "tags",
		"allowCommercialUse", "stats", "downloadCount", "thumbsUpCount", "creator", "username", "modelVersions",
		"baseModel", "publishedAt", "files", "sizeKB", "primary", "images", "url"}
	d := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err == io.EOF || err != nil {
			return false
		}
		if s, ok := tok.(string); ok && slices.ContainsFunc(known, func(k string) bool { return k != s && strings.EqualFold(k, s) }) {
			return true
		}
	}
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
