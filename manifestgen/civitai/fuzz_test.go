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
	f.Add([]byte(`{"items":[{"id":3,"tags":[1],"modelVersions":[]},{"id":4,"allowNoCredit":"yes"},{"id":5,"modelVersions":[{"baseModel":"A","images":[{"type":"video","url":"v","nsfwLevel":1},{"type":"image","url":"i","nsfwLevel":2,"width":5}]},{"baseModel":"B","files":"x"}]}]}`))
	f.Add([]byte(`{"items":[{"id":6,"modelVersions":[{"baseModel":"A","files":[{"sizeKB":"big"}]},{"baseModel":"SDXL 1.0","publishedAt":"2020-01-01T00:00:00Z"}]},{"id":-1},null,7]}`))
	f.Add([]byte(`{"error":"Unauthorized"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, pageURL := range []string{"http://127.0.0.1:1/api/v1/models?limit=100&types=LORA", "http://127.0.0.1:1/api/v1/models?baseModels=SDXL+1.0&limit=100"} {
			fuzzDecodePage(t, pageURL, body)
		}
	})
}

// fuzzDecodePage is one FuzzDecodePage check of body listed at pageURL.
func fuzzDecodePage(t *testing.T, pageURL string, body []byte) {
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
		if err == nil && !samePage(p, want) {
			t.Fatalf("decode %+v\nencoding/json %+v\nfor %q", p, want, body)
		}
	}
	if err != nil || p.Next == "" {
		return
	}
	if len(p.Models)+len(p.Skipped) == 0 {
		t.Fatalf("next %q after an empty page", p.Next)
	}
	u, err := url.Parse(p.Next)
	if err != nil || u.Scheme != "http" || u.Host != "127.0.0.1:1" {
		t.Fatalf("next %q: not on the requested host (%v)", p.Next, err)
	}
}

// twoBytes reads at most two bytes at a time (one, behind a HalfReader).
type twoBytes struct{ r io.Reader }

func (t *twoBytes) Read(p []byte) (int, error) { return t.r.Read(p[:min(len(p), 2)]) }

// oracleDecode decodes body with encoding/json into the members Manifest
// reads, the way the typed Model would take them, one item at a time: an
// item that does not decode is skipped, as are the details (files, images,
// download URL) of versions after the selected one.
func oracleDecode(pageURL string, body []byte) (Page, error) {
	type head struct {
		ID          int64  `json:"id"`
		BaseModel   string `json:"baseModel"`
		PublishedAt string `json:"publishedAt"`
	}
	type details struct {
		Files []struct {
			SizeKB      float64 `json:"sizeKB"`
			Primary     bool    `json:"primary"`
			DownloadURL string  `json:"downloadUrl"`
		} `json:"files"`
		Images []struct {
			URL       string    `json:"url"`
			NSFWLevel NSFWLevel `json:"nsfwLevel"`
			Width     int       `json:"width"`
			Height    int       `json:"height"`
			Type      string    `json:"type"`
		} `json:"images"`
		DownloadURL string `json:"downloadUrl"`
	}
	type item struct {
		ID                    int64         `json:"id"`
		Name                  string        `json:"name"`
		Type                  string        `json:"type"`
		NSFW                  bool          `json:"nsfw"`
		Tags                  []string      `json:"tags"`
		AllowCommercialUse    CommercialUse `json:"allowCommercialUse"`
		AllowNoCredit         *bool         `json:"allowNoCredit"`
		AllowDerivatives      *bool         `json:"allowDerivatives"`
		AllowDifferentLicense *bool         `json:"allowDifferentLicense"`
		Stats                 *struct {
			DownloadCount int64 `json:"downloadCount"`
			ThumbsUpCount int64 `json:"thumbsUpCount"`
		} `json:"stats"`
		Creator *struct {
			Username string `json:"username"`
		} `json:"creator"`
		ModelVersions []json.RawMessage `json:"modelVersions"`
	}
	var page struct {
		Items    *[]json.RawMessage `json:"items"`
		Metadata *struct {
			NextCursor json.RawMessage `json:"nextCursor"`
			NextPage   string          `json:"nextPage"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return Page{}, err
	}
	if page.Items == nil {
		return Page{}, errors.New(`no "items"`)
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return Page{}, err
	}
	bases := u.Query()["baseModels"]
	p := Page{Models: []manifest.Model{}}
	for i, raw := range *page.Items {
		skip := func(err error) { p.Skipped = append(p.Skipped, manifest.SkippedItem{Position: i, Reason: err.Error()}) }
		var it item
		if err := json.Unmarshal(raw, &it); err != nil {
			skip(err)
			continue
		}
		m := Model{ID: it.ID, Name: it.Name, Type: it.Type, NSFW: it.NSFW, Tags: it.Tags, AllowCommercialUse: it.AllowCommercialUse,
			AllowNoCredit: it.AllowNoCredit, AllowDerivatives: it.AllowDerivatives, AllowDifferentLicense: it.AllowDifferentLicense}
		if it.Stats != nil {
			m.Stats = &ModelStats{DownloadCount: it.Stats.DownloadCount, ThumbsUpCount: it.Stats.ThumbsUpCount}
		}
		if it.Creator != nil {
			m.Creator = &Creator{Username: it.Creator.Username}
		}
		var (
			bad      error
			vbad     []error
			selected bool
		)
		for _, rv := range it.ModelVersions {
			var h head
			if err := json.Unmarshal(rv, &h); err != nil {
				bad = err
				break
			}
			mv := ModelVersion{ID: h.ID, BaseModel: h.BaseModel, PublishedAt: h.PublishedAt}
			var verr error
			if !selected {
				var d details
				verr = json.Unmarshal(rv, &d)
				mv.DownloadURL = d.DownloadURL
				for _, f := range d.Files {
					mv.Files = append(mv.Files, File{SizeKB: f.SizeKB, Primary: f.Primary, DownloadURL: f.DownloadURL})
				}
				for _, img := range d.Images {
					mv.Images = append(mv.Images, Image{URL: img.URL, NSFWLevel: img.NSFWLevel, Width: img.Width, Height: img.Height, Type: img.Type})
				}
			}
			vbad = append(vbad, verr)
			m.ModelVersions = append(m.ModelVersions, mv)
			selected = selected || len(bases) == 0 || slices.Contains(bases, h.BaseModel)
		}
		if bad == nil && len(m.ModelVersions) > 0 {
			bad = vbad[selectVersion(m.ModelVersions, bases)]
		}
		switch {
		case bad != nil:
			skip(bad)
		case m.ID <= 0:
			skip(errors.New("no positive id"))
		default:
			p.Models = append(p.Models, m.Manifest(bases))
		}
	}
	if manifest.TooManySkipped(len(p.Skipped), len(*page.Items)) {
		return Page{}, errors.New("too many malformed items")
	}
	var md *Metadata
	if page.Metadata != nil {
		md = &Metadata{NextCursor: page.Metadata.NextCursor, NextPage: page.Metadata.NextPage}
	}
	p.Next, err = nextURL(pageURL, md, origin.Rule{})
	return p, err
}

// samePage reports whether two pages have the same models, next URL and
// skipped positions (the reasons are worded differently).
func samePage(a, b Page) bool {
	pos := func(p Page) []int {
		var out []int
		for _, s := range p.Skipped {
			out = append(out, s.Position)
		}
		return out
	}
	return reflect.DeepEqual(a.Models, b.Models) && a.Next == b.Next && slices.Equal(pos(a), pos(b))
}

// foldedKey reports whether body has a member name that equals a name the
// decoder reads only when case is ignored: encoding/json takes those, the
// decoder (like the API) does not.
func foldedKey(body []byte) bool {
	known := []string{"items", "metadata", "nextCursor", "nextPage", "id", "name", "type", "nsfw", "tags",
		"allowCommercialUse", "allowNoCredit", "allowDerivatives", "allowDifferentLicense", "stats", "downloadCount",
		"thumbsUpCount", "creator", "username", "modelVersions", "baseModel", "publishedAt", "files", "sizeKB", "primary",
		"downloadUrl", "images", "url", "nsfwLevel", "width", "height"}
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
// and that Normalize does not depend on their order.
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
		if l, r := c.Normalize(), rev.Normalize(); !slices.Equal(l, r) {
			t.Fatalf("Normalize depends on order: %q vs %q", l, r)
		}
	})
}
