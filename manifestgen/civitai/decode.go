package civitai

import (
	"errors"
	"fmt"
	"io"

	"github.com/manifestgen/manifestgen/manifestgen/internal/jsonstream"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
)

// decodePage reads a list page from body as it arrives and keeps only what
// the output needs: it holds one value at a time, never the page, decodes
// the members Manifest reads and passes over the rest (descriptions,
// hashes, image metadata and every version after the newest: most of a
// page's bytes). pageURL is the URL asked for, from which the next page's
// URL is built (rule judges its nextPage); errors say which part of the
// page is wrong, and the caller names the URL.
func decodePage(pageURL string, body io.Reader, rule origin.Rule) (Page, error) {
	const want = `expected object with "items"`
	r := jsonstream.NewReader(body)
	defer r.Release()
	var (
		p        Page
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
			p.Models, err = decodeItems(r)
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
	}
	next, err := nextURL(pageURL, md, len(p.Models), rule)
	if err != nil {
		return Page{}, fmt.Errorf("metadata: %w", err)
	}
	p.Next = next
	return p, nil
}

// decodeItems reads the items array (null is empty), one item at a time.
func decodeItems(r *jsonstream.Reader) ([]manifest.Model, error) {
	if c, err := r.Peek(); err != nil {
		return nil, err
	} else if c != '[' && c != 'n' {
		return nil, fmt.Errorf(`"items" is not an array: got %s`, jsonstream.KindName(c))
	}
	models := []manifest.Model{}
	var (
		it Model // one for the page, with sc: Manifest copies what it keeps
		sc itemScratch
	)
	err := r.Array(func(i int) error {
		it = Model{}
		if err := decodeItem(r, &it, &sc); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		if it.ID <= 0 {
			return fmt.Errorf("item %d: no positive id (name %.80q)", i, it.Name)
		}
		models = append(models, it.Manifest())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return models, nil
}

// Members the decoder reads, by object; everything else is skipped.
var (
	metadataKeys = jsonstream.NewKeys("nextCursor", "nextPage")
	itemKeys     = jsonstream.NewKeys("id", "name", "type", "nsfw", "tags", "allowCommercialUse", "stats", "creator", "modelVersions")
	statsKeys    = jsonstream.NewKeys("downloadCount", "thumbsUpCount")
	creatorKeys  = jsonstream.NewKeys("username")
	versionKeys  = jsonstream.NewKeys("baseModel", "publishedAt", "files", "images")
	fileKeys     = jsonstream.NewKeys("sizeKB", "primary")
	imageKeys    = jsonstream.NewKeys("url")
)

// Indexes in itemKeys, versionKeys and the others.
const (
	itemID = iota
	itemName
	itemType
	itemNSFW
	itemTags
	itemCommercialUse
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

// itemScratch is the storage decodeItem puts an item's stats, creator and
// newest version in, reused from item to item: Manifest copies the values
// it keeps, and keeps none of these (the tags are allocated per item).
type itemScratch struct {
	stats   ModelStats
	creator Creator
	version [1]ModelVersion
	files   []File
	images  [1]Image
}

// decodeItem reads one item into m: the members Manifest reads, and only
// the newest (first) of its versions. m's stats, creator and version live
// in sc until the next item.
func decodeItem(r *jsonstream.Reader, m *Model, sc *itemScratch) error {
	return r.Members(itemKeys, func(k int) error {
		var err error
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
			m.Tags, err = stringList(r)
		case itemCommercialUse:
			m.AllowCommercialUse, err = decodeCommercialUse(r)
		case itemStats:
			m.Stats = nil
			err = r.Members(statsKeys, func(k int) error {
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
				return wrap(statsKeys.Name(k), err)
			})
		case itemCreator:
			m.Creator = nil
			err = r.Members(creatorKeys, func(int) error {
				sc.creator = Creator{}
				m.Creator = &sc.creator
				var err error
				m.Creator.Username, err = r.String()
				return wrap("username", err)
			})
		case itemVersions:
			m.ModelVersions = nil
			err = r.Array(func(i int) error {
				if i > 0 {
					return r.Skip()
				}
				sc.version[0] = ModelVersion{Files: sc.files[:0], Images: sc.images[:0]}
				m.ModelVersions = sc.version[:]
				err := decodeVersion(r, &sc.version[0])
				sc.files = sc.version[0].Files // keep what append grew
				return err
			})
		}
		return wrap(itemKeys.Name(k), err)
	})
}

// decodeVersion reads a version object: what Manifest reads of it (its
// files, and the URL of its first image).
func decodeVersion(r *jsonstream.Reader, v *ModelVersion) error {
	return r.Members(versionKeys, func(k int) error {
		var err error
		switch k {
		case 0:
			v.BaseModel, err = r.String()
		case 1:
			v.PublishedAt, err = r.String()
		case 2:
			v.Files = v.Files[:0]
			err = r.Array(func(int) error {
				var f File
				err := r.Members(fileKeys, func(k int) error {
					var err error
					if k == 0 {
						f.SizeKB, err = r.Float64()
					} else {
						f.Primary, err = r.Bool()
					}
					return wrap(fileKeys.Name(k), err)
				})
				v.Files = append(v.Files, f)
				return err
			})
		case 3: // Manifest reads the first image's URL only
			v.Images = v.Images[:0]
			err = r.Array(func(i int) error {
				if i > 0 {
					return r.Skip()
				}
				var img Image
				err := r.Members(imageKeys, func(int) error {
					var err error
					img.URL, err = r.String()
					return wrap("url", err)
				})
				v.Images = append(v.Images, img)
				return err
			})
		}
		return wrap(versionKeys.Name(k), err)
	})
}

// decodeCommercialUse reads allowCommercialUse as CommercialUse's
// UnmarshalJSON does: an array, a Postgres array literal or a single
// string; null is empty.
func decodeCommercialUse(r *jsonstream.Reader) (CommercialUse, error) {
	c, err := r.Peek()
	if err != nil {
		return nil, err
	}
	switch c {
	case 'n':
		return nil, r.Skip()
	case '[':
		vs, err := stringList(r)
		return compact(vs), err
	case '"':
		s, err := r.String()
		return parsePGArray(s), err
	}
	return nil, fmt.Errorf("want array or string, got %s", jsonstream.KindName(c))
}

// stringList reads an array of strings (null is nil; a null element is "").
func stringList(r *jsonstream.Reader) ([]string, error) {
	var out []string
	err := r.Array(func(int) error {
		s, err := r.String()
		out = append(out, s)
		return err
	})
	return out, err
}

// wrap prefixes err with the member name it came from.
func wrap(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", name, err)
}
