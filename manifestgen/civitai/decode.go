package civitai

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"

	"github.com/manifestgen/manifestgen/manifestgen/internal/jsonstream"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// decodePage reads a list page from body as it arrives and keeps only what
// the output needs: it holds one value at a time, never the page, decodes
// the members Manifest reads and passes over the rest (descriptions,
// hashes, image metadata, and the files and images of every version after
// the selected one: most of a page's bytes). pageURL is the URL asked for:
// its baseModels select the versions, and the next page's URL is built
// from it (rule judges its nextPage). Errors say which part of the page is wrong, and the caller
// names the URL.
//
// An item whose members that Manifest reads have the wrong type, or which
// has no positive id, is left out and listed in Page.Skipped; the page
// fails only when it is not JSON, is cut short, or has too many such items
// (manifest.TooManySkipped). Members Manifest does not read are never
// looked at beyond their JSON syntax.
func decodePage(pageURL string, body io.Reader, rule origin.Rule) (Page, error) {
	const want = `expected object with "items"`
	r := jsonstream.NewReader(body)
	defer r.Release()
	var bases []string
	if u, err := url.Parse(pageURL); err == nil {
		bases = u.Query()["baseModels"]
	}
	var (
		p        Page
		total    int
		md       *Metadata
		hasItems bool
		errBody  []byte
		inner    error // an error of a member, already said in full
	)
	err := r.Object(func(name string) error {
		var err error
		switch name {
		case "items":
			hasItems = true
			p.Models, p.Skipped, total, err = decodeItems(r, bases)
			inner = err
		case "metadata":
			md, err = decodeMetadata(r)
			if err != nil {
				err = fmt.Errorf("metadata: %w", err)
			}
			inner = err
		case "error":
			var raw []byte
			if raw, err = r.Value(); err == nil {
				errBody = append([]byte(nil), raw...)
			}
		default:
			err = r.Skip()
		}
		return err
	})
	if err == nil {
		err = r.End()
	}
	switch {
	case inner != nil:
		return Page{}, inner
	case err != nil:
		return Page{}, fmt.Errorf("%s: %w", want, err)
	case !hasItems && errBody != nil:
		return Page{}, fmt.Errorf("%s: got error %.200s", want, errBody)
	case !hasItems:
		return Page{}, fmt.Errorf("%s: %w", want, errors.New(`no "items" key`))
	case manifest.TooManySkipped(len(p.Skipped), total):
		s := p.Skipped[0]
		return Page{}, fmt.Errorf("%d of %d items malformed (item %d: %s)", len(p.Skipped), total, s.Position, s.Reason)
	}
	next, err := nextURL(pageURL, md, rule)
	if err != nil {
		return Page{}, fmt.Errorf("metadata: %w", err)
	}
	p.Next = next
	return p, nil
}

// decodeItems reads the items array (null is empty), one item at a time,
// and returns the usable items' models, the skipped items and the number of
// items.
func decodeItems(r *jsonstream.Reader, bases []string) ([]manifest.Model, []manifest.SkippedItem, int, error) {
	if c, err := r.Peek(); err != nil {
		return nil, nil, 0, err
	} else if c != '[' && c != 'n' {
		return nil, nil, 0, fmt.Errorf(`"items" is not an array: got %s`, jsonstream.KindName(c))
	}
	models := []manifest.Model{}
	var (
		skipped []manifest.SkippedItem
		total   int
		it      Model // one for the page, with d's scratch: Manifest copies what it keeps
		d       = itemDecoder{r: r, bases: bases}
	)
	err := r.Array(func(i int) error {
		total++
		it = Model{}
		d.bad = nil
		if err := d.item(&it); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		sel := 0
		if len(it.ModelVersions) > 0 {
			sel = selectVersion(it.ModelVersions, bases)
			if d.bad == nil && d.sc.vbad[sel] != nil {
				d.bad = d.sc.vbad[sel]
			}
		}
		switch {
		case d.bad != nil:
			skipped = append(skipped, skippedItem(i, it.ID, d.bad.Error()))
		case it.ID <= 0:
			skipped = append(skipped, skippedItem(i, 0, "no positive id"))
		default:
			models = append(models, it.Manifest(bases))
		}
		return nil
	})
	if err != nil {
		return nil, nil, 0, err
	}
	return models, skipped, total, nil
}

// skippedItem describes the item at position i; id <= 0 is unknown.
func skippedItem(i int, id int64, reason string) manifest.SkippedItem {
	s := manifest.SkippedItem{Position: i, Reason: reason}
	if id > 0 {
		s.ID = strconv.FormatInt(id, 10)
	}
	return s
}

// Members the decoder reads, by object; everything else is skipped.
var (
	metadataKeys = jsonstream.NewKeys("nextCursor", "nextPage")
	itemKeys     = jsonstream.NewKeys("id", "name", "type", "nsfw", "tags", "allowCommercialUse",
		"allowNoCredit", "allowDerivatives", "allowDifferentLicense", "stats", "creator", "modelVersions")
	statsKeys   = jsonstream.NewKeys("downloadCount", "thumbsUpCount")
	creatorKeys = jsonstream.NewKeys("username")
	versionKeys = jsonstream.NewKeys("id", "baseModel", "publishedAt", "files", "images", "downloadUrl")
	fileKeys    = jsonstream.NewKeys("sizeKB", "primary", "downloadUrl")
	imageKeys   = jsonstream.NewKeys("url", "nsfwLevel", "width", "height", "type")
)

// Indexes in itemKeys.
const (
	itemID = iota
	itemName
	itemType
	itemNSFW
	itemTags
	itemCommercialUse
	itemNoCredit
	itemDerivatives
	itemDifferentLicense
	itemStats
	itemCreator
	itemVersions
)

// decodeMetadata reads the metadata object (null is nil).
func decodeMetadata(r *jsonstream.Reader) (*Metadata, error) {
	var md *Metadata
	err := r.Members(metadataKeys, func(k int) error {
		if md == nil {
			md = &Metadata{}
		}
		var err error
		if k == 0 {
			var raw []byte
			if raw, err = r.Value(); err == nil {
				md.NextCursor = append(md.NextCursor[:0], raw...) // checked by nextURL
			}
		} else {
			md.NextPage, err = r.String()
		}
		return wrap(metadataKeys.Name(k), err)
	})
	return md, err
}

// itemDecoder reads items. A member of the wrong type does not stop it: the
// first such error is kept in bad (in vbad for a version's files and
// images, which count only for the selected version) and the item read to
// its end, so that the next item can be read.
type itemDecoder struct {
	r     *jsonstream.Reader
	bases []string
	bad   error
	vbad  *error // where a type error goes: &bad, or the current version's vbad
	sc    itemScratch

	interned map[string]string // see short
}

// itemScratch is the storage an item's stats, creator and versions are
// decoded into, reused from item to item: Manifest copies the values it
// keeps, and keeps none of these (the tags are allocated per item).
type itemScratch struct {
	stats    ModelStats
	creator  Creator
	versions []ModelVersion
	vbad     []error // per version: a type error in its files or images
}

// note keeps err as the item's first type error and returns nil; any other
// error (the page is not JSON, or cut short) is returned, prefixed with
// name.
func (d *itemDecoder) note(name string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, jsonstream.ErrType) {
		if *d.vbad == nil {
			*d.vbad = wrap(name, err)
		}
		return nil
	}
	return wrap(name, err)
}

// noteIn is note for the member name of the object at prefix; the
// name is put together only for an error.
func (d *itemDecoder) noteIn(prefix, name string, err error) error {
	if err == nil {
		return nil
	}
	return d.note(prefix+": "+name, err)
}

// short reads a string that repeats from item to item (a base model, an
// image type), allocating each distinct plain value once per page; null
// is "", as with String.
func (d *itemDecoder) short() (string, error) {
	raw, err := d.r.Value()
	if err != nil {
		return "", err
	}
	if n := len(raw); n >= 2 && n <= 66 && raw[0] == '"' && raw[n-1] == '"' {
		body := raw[1 : n-1]
		plain := true
		for _, c := range body {
			if c < 0x20 || c == '\\' || c == '"' || c >= 0x80 {
				plain = false
				break
			}
		}
		if plain {
			if s, ok := d.interned[string(body)]; ok {
				return s, nil
			}
			if d.interned == nil {
				d.interned = map[string]string{}
			}
			s := string(body)
			if len(d.interned) < 256 {
				d.interned[s] = s
			}
			return s, nil
		}
	}
	if string(raw) == "null" {
		return "", nil
	}
	if raw[0] != '"' {
		return "", jsonstream.WrongKind('"', raw[0])
	}
	var s string // escapes or non-ASCII: encoding/json decides, as String does
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%w: bad string: %w", jsonstream.ErrSyntax, err)
	}
	return s, nil
}

// kind checks that the next value is of kind c (or null): when it is
// not, it notes a type error, skips the value and returns false.
func (d *itemDecoder) kind(name string, c byte, err *error) bool {
	got, perr := d.r.Peek()
	switch {
	case perr != nil:
		*err = wrap(name, perr)
		return false
	case got == c || got == 'n':
		return true
	}
	*err = d.note(name, jsonstream.WrongKind(c, got))
	if *err == nil {
		*err = wrap(name, d.r.Skip())
	}
	return false
}

// object reads an object's members of keys (see Members), or notes a
// value of another kind.
func (d *itemDecoder) object(name string, keys *jsonstream.Keys, f func(k int) error) error {
	var err error
	if d.kind(name, '{', &err) {
		err = d.r.Members(keys, f)
	}
	return err
}

// array reads an array's elements (see Array), or notes a value of
// another kind.
func (d *itemDecoder) array(name string, f func(i int) error) error {
	var err error
	if d.kind(name, '[', &err) {
		err = d.r.Array(f)
	}
	return err
}

// item reads one item into m: the members Manifest reads, and the files
// and images of its versions up to the selected one. m's stats, creator
// and versions live in d.sc until the next item.
func (d *itemDecoder) item(m *Model) error {
	r, sc := d.r, &d.sc
	d.vbad = &d.bad
	var err error
	if !d.kind("item", '{', &err) {
		return err
	}
	return r.Members(itemKeys, func(k int) error {
		var err error
		name := itemKeys.Name(k)
		switch k {
		case itemID:
			m.ID, err = r.Int64()
		case itemName:
			m.Name, err = r.String()
		case itemType:
			m.Type, err = r.String()
		case itemNSFW:
			m.NSFW, err = r.Bool()
		case itemTags:
			m.Tags, err = d.strings(name)
			return err
		case itemCommercialUse:
			m.AllowCommercialUse, err = d.commercialUse(name)
			return err
		case itemNoCredit:
			m.AllowNoCredit, err = nullableBool(r)
		case itemDerivatives:
			m.AllowDerivatives, err = nullableBool(r)
		case itemDifferentLicense:
			m.AllowDifferentLicense, err = nullableBool(r)
		case itemStats:
			m.Stats = nil
			return d.object(name, statsKeys, func(k int) error {
				if m.Stats == nil {
					sc.stats = ModelStats{}
					m.Stats = &sc.stats
				}
				var err error
				if k == 0 {
					m.Stats.DownloadCount, err = r.Int64()
				} else {
					m.Stats.ThumbsUpCount, err = r.Int64()
				}
				return d.noteIn("stats", statsKeys.Name(k), err)
			})
		case itemCreator:
			m.Creator = nil
			return d.object(name, creatorKeys, func(int) error {
				sc.creator = Creator{}
				m.Creator = &sc.creator
				var err error
				m.Creator.Username, err = r.String()
				return d.note("creator: username", err)
			})
		case itemVersions:
			return d.versions(m)
		}
		return d.note(name, err)
	})
}

// versions reads modelVersions into m.ModelVersions (sc.versions): every
// version's id, base model and publication, and the files and images of
// each version until one is selected.
func (d *itemDecoder) versions(m *Model) error {
	sc := &d.sc
	m.ModelVersions = nil
	selected := false
	n := 0
	err := d.array("modelVersions", func(i int) error {
		if n == len(sc.versions) {
			sc.versions = append(sc.versions, ModelVersion{})
			sc.vbad = append(sc.vbad, nil)
		}
		v := &sc.versions[n]
		*v = ModelVersion{Files: v.Files[:0], Images: v.Images[:0]}
		sc.vbad[n] = nil
		n++
		m.ModelVersions = sc.versions[:n]
		var err error
		if !d.kind("modelVersions", '{', &err) {
			return err
		}
		if err := d.version(v, &sc.vbad[n-1], !selected); err != nil {
			return err
		}
		selected = selected || len(d.bases) == 0 || slices.Contains(d.bases, v.BaseModel)
		return nil
	})
	return err
}

// version reads a version object: its id, base model, publication and
// download URL, and with details its files and images; a type error in
// those goes to *vbad.
func (d *itemDecoder) version(v *ModelVersion, vbad *error, details bool) error {
	r := d.r
	return r.Members(versionKeys, func(k int) error {
		var err error
		switch k {
		case 0:
			v.ID, err = r.Int64()
		case 1:
			v.BaseModel, err = d.short()
		case 2:
			v.PublishedAt, err = r.String()
		case 3, 4, 5:
			if !details {
				return r.Skip()
			}
			itemBad := d.vbad
			d.vbad = vbad
			switch k {
			case 3:
				err = d.files(v, "modelVersions: files")
			case 4:
				err = d.images(v, "modelVersions: images")
			default:
				v.DownloadURL, err = r.String()
				err = d.noteIn("modelVersions", "downloadUrl", err)
			}
			d.vbad = itemBad
			return err
		}
		return d.noteIn("modelVersions", versionKeys.Name(k), err)
	})
}

// files reads a version's files: what mainFile reads of them.
func (d *itemDecoder) files(v *ModelVersion, name string) error {
	r := d.r
	v.Files = v.Files[:0]
	return d.array(name, func(int) error {
		v.Files = append(v.Files, File{})
		f := &v.Files[len(v.Files)-1]
		return d.object(name, fileKeys, func(k int) error {
			var err error
			switch k {
			case 0:
				f.SizeKB, err = r.Float64()
			case 1:
				f.Primary, err = r.Bool()
			case 2:
				f.DownloadURL, err = r.String()
			}
			return d.noteIn(name, fileKeys.Name(k), err)
		})
	})
}

// images reads a version's images: what previewCandidates reads of them.
func (d *itemDecoder) images(v *ModelVersion, name string) error {
	r := d.r
	v.Images = v.Images[:0]
	return d.array(name, func(int) error {
		v.Images = append(v.Images, Image{})
		img := &v.Images[len(v.Images)-1]
		return d.object(name, imageKeys, func(k int) error {
			var err error
			var n int64
			switch k {
			case 0:
				img.URL, err = r.String()
			case 1:
				img.NSFWLevel, err = decodeNSFWLevel(r)
			case 2:
				n, err = r.Int64()
				img.Width = int(n)
			case 3:
				n, err = r.Int64()
				img.Height = int(n)
			case 4:
				img.Type, err = d.short()
			}
			return d.noteIn(name, imageKeys.Name(k), err)
		})
	})
}

// strings reads an array of strings (null is nil; a null element is "");
// a value of another kind is noted.
func (d *itemDecoder) strings(name string) ([]string, error) {
	var out []string
	err := d.array(name, func(int) error {
		s, err := d.r.String()
		out = append(out, s)
		return d.note(name, err)
	})
	return out, err
}

// nullableBool reads true, false or null (nil).
func nullableBool(r *jsonstream.Reader) (*bool, error) {
	if c, err := r.Peek(); err != nil || c == 'n' {
		if err == nil {
			err = r.Skip()
		}
		return nil, err
	}
	b, err := r.Bool()
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// decodeNSFWLevel reads a level as NSFWLevel's UnmarshalJSON does: a
// number, a legacy string, or null.
func decodeNSFWLevel(r *jsonstream.Reader) (NSFWLevel, error) {
	c, err := r.Peek()
	if err != nil {
		return NSFWLevel{}, err
	}
	if c == '"' {
		s, err := r.String()
		return NSFWLevel{Legacy: s}, err
	}
	n, err := r.Int64()
	if err != nil || n != int64(int(n)) {
		return NSFWLevel{}, err
	}
	return NSFWLevel{Flags: int(n)}, nil
}

// commercialUse reads allowCommercialUse as CommercialUse's UnmarshalJSON
// does: an array, a Postgres array literal or a single string; null is
// empty. A value of another kind is noted.
func (d *itemDecoder) commercialUse(name string) (CommercialUse, error) {
	c, err := d.r.Peek()
	if err != nil {
		return nil, err
	}
	switch c {
	case '"':
		s, err := d.r.String()
		return parsePGArray(s), err
	case '[', 'n':
		vs, err := d.strings(name)
		return compact(vs), err
	}
	if err := d.r.Skip(); err != nil {
		return nil, err
	}
	return nil, d.note(name, jsonstream.WrongKind('[', c))
}

// wrap prefixes err with the member name it came from.
func wrap(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", name, err)
}
