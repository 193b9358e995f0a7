package verify

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/schemas"
)

// The fast path. Decoding every file into generic values, validating those
// against the JSON Schemas and decoding them again for the cross-file checks
// costs several seconds for a large generation, nearly all of it on files
// that are fine. So each file is first read by a strict parser written for
// its schema, which accepts it only when the full path would find no
// violation in it and decode the same values: valid JSON that conforms to
// the schema, in the shapes the writer produces. Anything else, whether
// broken or merely unusual (a number written as 1.0, a duplicate key,
// invalid UTF-8, a huge number), is left to the full path, which finds and
// words the violations exactly as before. The parser may thus be stricter
// than the schema, never more lenient.
//
// The parser encodes the schemas as they are; fastDigests pins them. When a
// schema file changes, its digest no longer matches and its files always take
// the full path until the parser and the digest are updated (a test fails
// meanwhile).

// fastDigests are the SHA-256 digests of the schema files the fast parsers
// were written for.
var fastDigests = map[string]string{
	schemas.Index:  "0c383b9236776e1ee131539686a458b88ed0ebd00e11602978d0ea905afc985a",
	schemas.Models: "c652f5a038c36c134e8990da8d87d94da007138cbb2ccd1ef584b5891180bf26",
	schemas.Filter: "ec88b9138b1685506d81d95be166c88febc36e0ff8097849013992843d6c61fc",
}

// fastFor reports, per schema file, whether its fast parser may be used.
type fastFor struct{ index, models, filter, seen bool }

// fastSchemas checks the embedded schema files against fastDigests, once.
var fastSchemas = sync.OnceValue(func() fastFor {
	ok := func(name string) bool {
		data, err := schemas.FS.ReadFile(name)
		if err != nil {
			return false
		}
		sum := sha256.Sum256(data)
		return hex.EncodeToString(sum[:]) == fastDigests[name]
	}
	return fastFor{index: ok(schemas.Index), models: ok(schemas.Models), filter: ok(schemas.Filter), seen: fastSeen()}
})

// parseModels is the fast path for a models file (models.schema.json).
func parseModels(data []byte) (*modelsDoc, bool) {
	s := scanner{b: data}
	d := &modelsDoc{}
	var seen uint8
	ok := s.object(func(k []byte) bool {
		var bit uint8
		switch string(k) {
		case "source":
			bit = 1
			v, ok := s.str()
			if !ok || !isSourceName(v) {
				return false
			}
			d.source = v
		case "count":
			bit = 2
			n, ok := s.integer()
			if !ok || n < 0 {
				return false
			}
			d.count = int(n)
		case "models":
			bit = 4
			if seen&bit != 0 {
				return false
			}
			// count comes first in the writer's files; trust it as a
			// size hint only as far as the data could back it.
			d.init(min(d.count, len(data)/64))
			ok := s.object(func(key []byte) bool {
				k, i := string(key), len(d.keys)
				if d.index[k] = i; len(d.index) != i+1 {
					return false // a duplicate key
				}
				id, ok := s.model(k)
				d.keys, d.ids = append(d.keys, k), append(d.ids, id)
				return ok
			})
			if !ok {
				return false
			}
		default:
			return false
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	return d, ok && seen == 7 && s.end()
}

// lookup returns the index of the model under key; d may be nil.
func (d *modelsDoc) lookup(key []byte) (int, bool) {
	if d == nil {
		return 0, false
	}
	i, ok := d.index[string(key)]
	return i, ok
}

// Fields of a model (models.schema.json $defs/model) as bits.
const (
	mID = 1 << iota
	mName
	mAuthor
	mDownloads
	mLikes
	mTags
	mType
	mNSFW
	mURL
	mLicense
	mCommercialUse
	mAllowNoCredit
	mAllowDerivatives
	mAllowDifferentLicense
	mVersionID
	mBaseModel
	mBaseModels
	mLibrary
	mParameters
	mSizeBytes
	mDownloadURL
	mPreview
	mCreatedAt
	mUpdatedAt
	mLastModified
	mSHA

	mRequired = mID | mName | mDownloads | mLikes | mTags | mNSFW | mURL
)

// model parses one model object stored under key and returns its id.
func (s *scanner) model(key string) (string, bool) {
	var seen uint32
	var id string
	ok := s.object(func(k []byte) bool {
		var bit uint32
		var ok bool
		switch string(k) {
		case "id":
			bit = mID
			var raw []byte
			var esc bool
			raw, esc, ok = s.rawString()
			switch {
			case !ok:
			case !esc && string(raw) == key:
				id = key // the usual case: no second copy
			default:
				id, ok = s.decode(raw, esc)
			}
			ok = ok && id != "" // minLength 1
		case "name":
			bit, ok = mName, s.skipString()
		case "author":
			bit, ok = mAuthor, s.skipString()
		case "downloads":
			bit, ok = mDownloads, s.skipInteger()
		case "likes":
			bit, ok = mLikes, s.skipInteger()
		case "tags":
			bit, ok = mTags, s.array(s.skipString)
		case "type":
			bit, ok = mType, s.skipString()
		case "nsfw":
			bit, ok = mNSFW, s.boolean()
		case "url":
			bit, ok = mURL, s.skipString()
		case "license":
			bit, ok = mLicense, s.skipString()
		case "commercialUse":
			bit, ok = mCommercialUse, s.distinctStrings(true)
		case "allowNoCredit":
			bit, ok = mAllowNoCredit, s.boolean()
		case "allowDerivatives":
			bit, ok = mAllowDerivatives, s.boolean()
		case "allowDifferentLicense":
			bit, ok = mAllowDifferentLicense, s.boolean()
		case "versionId":
			var n int64
			n, ok = s.integer()
			bit, ok = mVersionID, ok && n >= 1
		case "baseModel":
			bit, ok = mBaseModel, s.skipString()
		case "baseModels":
			bit, ok = mBaseModels, s.distinctStrings(false)
		case "library":
			bit, ok = mLibrary, s.skipString()
		case "parameters":
			bit, ok = mParameters, s.skipInteger()
		case "sizeBytes":
			bit, ok = mSizeBytes, s.skipInteger()
		case "downloadUrl":
			bit, ok = mDownloadURL, s.skipString()
		case "preview":
			bit, ok = mPreview, s.preview()
		case "createdAt":
			bit, ok = mCreatedAt, s.skipString()
		case "updatedAt":
			bit, ok = mUpdatedAt, s.skipString()
		case "lastModified":
			bit, ok = mLastModified, s.skipString()
		case "sha":
			bit, ok = mSHA, s.skipString()
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	return id, ok && seen&mRequired == mRequired
}

// versions parses a filter file's versions into d.Versions: a non-empty
// array of version objects.
func (s *scanner) versions(d *filterDoc) bool {
	d.Versions = []manifest.SelectedVersion{}
	ok := s.array(func() bool {
		var v manifest.SelectedVersion
		var seen uint8
		ok := s.object(func(k []byte) bool {
			var bit uint8
			ok := false
			switch string(k) {
			case "id":
				bit = 1
				v.ID, ok = s.integer()
				ok = ok && v.ID >= 0
			case "baseModel":
				bit = 2
				v.BaseModel, ok = s.str()
			case "sizeBytes":
				bit = 4
				v.SizeBytes, ok = s.integer()
			case "downloadUrl":
				bit = 8
				v.DownloadURL, ok = s.str()
			}
			if !ok || seen&bit != 0 {
				return false
			}
			seen |= bit
			return true
		})
		d.Versions = append(d.Versions, v)
		return ok && seen&1 == 1
	})
	return ok && len(d.Versions) > 0
}

// distinctStrings parses a non-empty array of distinct strings, each
// non-empty when nonEmpty is set (commercialUse, baseModels).
func (s *scanner) distinctStrings(nonEmpty bool) bool {
	var seen []string
	ok := s.array(func() bool {
		v, ok := s.str()
		if !ok || nonEmpty && v == "" || slices.Contains(seen, v) {
			return false
		}
		seen = append(seen, v)
		return true
	})
	return ok && len(seen) > 0
}

// preview parses a model's preview object.
func (s *scanner) preview() bool {
	const (
		pURL = 1 << iota
		pWidth
		pHeight
		pType
		pLevel
	)
	var seen uint8
	ok := s.object(func(k []byte) bool {
		var bit uint8
		ok := false
		switch string(k) {
		case "url":
			bit, ok = pURL, s.skipString()
		case "width", "height":
			bit = pWidth
			if string(k) == "height" {
				bit = pHeight
			}
			n, isInt := s.integer()
			ok = isInt && n >= 1
		case "type":
			v, isStr := s.str()
			bit, ok = pType, isStr && v == "image"
		case "nsfwLevel":
			n, isInt := s.integer()
			bit, ok = pLevel, isInt && (n == 1 || n == 2 || n == 4 || n == 8 || n == 16)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	return ok && seen&(pURL|pType|pLevel) == pURL|pType|pLevel
}

// parseFilter is the fast path for a filter file (filter.schema.json). seen
// is scratch space for the uniqueItems check. The ids of known, the models
// file of the source when loaded (else nil), are not allocated again.
func parseFilter(data []byte, seen map[string]struct{}, known *modelsDoc) (*filterDoc, bool) {
	s := scanner{b: data}
	d := &filterDoc{}
	var have uint8
	ok := s.object(func(k []byte) bool {
		var bit uint8
		switch string(k) {
		case "source":
			bit = 1
			v, ok := s.str()
			if !ok || !isSourceName(v) {
				return false
			}
			d.Source = v
		case "filter":
			bit = 2
			v, ok := s.str()
			if !ok || !isFilterName(v) {
				return false
			}
			d.Filter = v
		case "modelIds":
			bit = 4
			clear(seen)
			d.ModelIDs = []string{}
			ok := s.array(func() bool {
				raw, esc, ok := s.rawString()
				if !ok {
					return false
				}
				var id string
				if i, found := known.lookup(raw); found && !esc {
					id = known.keys[i]
				} else if id, ok = s.decode(raw, esc); !ok {
					return false
				}
				if id == "" { // minLength 1
					return false
				}
				if _, dup := seen[id]; dup { // uniqueItems
					return false
				}
				seen[id] = struct{}{}
				d.ModelIDs = append(d.ModelIDs, id)
				return true
			})
			if !ok {
				return false
			}
		case "versions":
			bit = 8
			if !s.versions(d) {
				return false
			}
		default:
			return false
		}
		if have&bit != 0 {
			return false
		}
		have |= bit
		return true
	})
	return d, ok && have&7 == 7 && s.end()
}

// Limits of index.schema.json's sourceName and filterName.
const (
	maxSourceName = 64
	maxFilterName = 200
)

// parseIndex is the fast path for index.json (index.schema.json).
func parseIndex(data []byte) (*looseIndex, bool) {
	s := scanner{b: data}
	idx := &looseIndex{}
	var have uint8
	ok := s.object(func(k []byte) bool {
		var bit uint8
		ok := true
		switch string(k) {
		case "schemaVersion":
			bit = 1
			n, iok := s.integer()
			ok = iok && n == 2 // const 2
		case "generatedAt":
			bit = 2
			v, sok := s.str()
			ok = sok && isDateTime(v)
			idx.GeneratedAt = looseString(v)
		case "generation":
			bit = 4
			v, sok := s.str()
			ok = sok && isGeneration(v)
		case "config":
			bit = 8
			ok = s.skipString()
		case "hub":
			bit = 16
			v, sok := s.str()
			ok = sok && isHub(v)
			idx.Hub = looseString(v)
		case "sources":
			bit = 32
			idx.Sources = map[string]looseSource{}
			ok = s.object(func(name []byte) bool {
				n := string(name)
				if _, dup := idx.Sources[n]; dup || len(n) > maxSourceName || !isSourceName(n) {
					return false
				}
				src, ok := s.indexSource()
				idx.Sources[n] = src
				return ok
			})
		case "filters":
			bit = 64
			idx.Filters = []looseEntry{}
			ok = s.array(func() bool {
				e, ok := s.indexEntry()
				idx.Filters = append(idx.Filters, e)
				return ok
			})
		default:
			return false
		}
		if !ok || have&bit != 0 {
			return false
		}
		have |= bit
		return true
	})
	const required = 1 | 2 | 4 | 16 | 32 | 64
	return idx, ok && have&required == required && s.end()
}

// indexSource parses a value of index.json's sources.
func (s *scanner) indexSource() (looseSource, bool) {
	var src looseSource
	var have uint8
	ok := s.object(func(k []byte) bool {
		var bit uint8
		ok := true
		switch string(k) {
		case "models":
			bit = 1
			src.Models, ok = s.str()
			ok = ok && isModelsPath(src.Models)
		case "count":
			bit = 2
			n, iok := s.integer()
			src.Count, ok = int(n), iok && n >= 0
		default:
			return false
		}
		if !ok || have&bit != 0 {
			return false
		}
		have |= bit
		return true
	})
	return src, ok && have == 3
}

// Fields of an index entry (index.schema.json $defs/filter) as bits.
const (
	eSource = 1 << iota
	eName
	eFile
	eCount
	eStatus
	eFetchedAt
	eError
	eLabel
	eQuery
	eHub
	eOrigin
	eChecks
)

// indexEntry parses an element of index.json's filters.
func (s *scanner) indexEntry() (looseEntry, bool) {
	var e looseEntry
	var status string
	var have uint16
	ok := s.object(func(k []byte) bool {
		var bit uint16
		ok := true
		switch string(k) {
		case "label":
			bit = eLabel
			v, sok := s.str()
			ok = sok && isLabel(v)
		case "query":
			bit = eQuery
			ok = s.query()
		case "checks":
			bit = eChecks
			e.Checks, ok = s.checks()
		case "source":
			bit = eSource
			e.Source, ok = s.str()
			ok = ok && len(e.Source) <= maxSourceName && isSourceName(e.Source)
		case "name":
			bit = eName
			e.Name, ok = s.str()
			ok = ok && len(e.Name) <= maxFilterName && isFilterName(e.Name)
		case "file":
			bit = eFile
			e.File, ok = s.str()
			ok = ok && isFilterPath(e.File)
		case "count":
			bit = eCount
			n, iok := s.integer()
			e.Count, ok = int(n), iok && n >= 0
		case "status":
			bit = eStatus
			status, ok = s.str()
			e.Status = status
		case "fetchedAt":
			bit = eFetchedAt
			v, sok := s.str()
			ok = sok && isDateTime(v)
			e.FetchedAt = looseString(v)
		case "hub":
			bit = eHub
			v, sok := s.str()
			ok = sok && isHub(v)
			e.Hub = looseString(v)
		case "origin":
			bit = eOrigin
			v, sok := s.str()
			ok = sok && isOriginValue(v)
			e.Origin = looseString(v)
		case "error":
			bit = eError
			v, sok := s.str()
			ok = sok && v != "" // minLength 1
		default:
			return false
		}
		if !ok || have&bit != 0 {
			return false
		}
		have |= bit
		return true
	})
	const required = eSource | eName | eCount | eStatus | eHub | eOrigin
	if !ok || have&required != required {
		return e, false
	}
	switch status {
	case "fresh":
		return e, have&(eFile|eFetchedAt|eError|eChecks) == eFile|eFetchedAt|eChecks
	case "stale":
		return e, have&(eFile|eFetchedAt|eError) == eFile|eFetchedAt|eError
	case "missing":
		return e, have&(eFile|eFetchedAt|eError|eChecks) == eError && e.Count == 0
	}
	return e, false
}

// maxLabel is index.schema.json's maxLength of a filter label.
const maxLabel = 1000

// isLabel matches a filter label: 1 to maxLabel characters, none of them a
// control character (the pattern ^[^\u0000-\u001f\u007f-\u009f]+$).
func isLabel(s string) bool {
	return s != "" && utf8.RuneCountInString(s) <= maxLabel && noControls(s)
}

// noControls reports whether s has no character in U+0000-U+001F or
// U+007F-U+009F.
func noControls(s string) bool {
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f {
			return false
		}
	}
	return true
}

// query parses an index entry's query: an object of non-empty names, each
// a non-empty array of strings, no name twice.
func (s *scanner) query() bool {
	seen := map[string]bool{}
	return s.object(func(k []byte) bool {
		name := string(k)
		if name == "" || seen[name] {
			return false
		}
		seen[name] = true
		n := 0
		ok := s.array(func() bool {
			n++
			return s.skipString()
		})
		return ok && n > 0
	})
}

// checks parses an index entry's checks (index.schema.json $defs/checks).
func (s *scanner) checks() (*looseChecks, bool) {
	c := &looseChecks{}
	var have uint8
	const mode, mismatches, reasons, flagged, duplicates, empty, repeated = 1, 2, 4, 8, 16, 32, 64
	ok := s.object(func(k []byte) bool {
		var bit uint8
		ok := true
		switch string(k) {
		case "mode":
			bit = mode
			v, sok := s.str()
			ok = sok && (v == "drop" || v == "flag")
		case "mismatches":
			bit = mismatches
			n, iok := s.integer()
			c.Mismatches, ok = int(n), iok && n >= 0
		case "reasons":
			bit = reasons
			seen := map[string]bool{}
			ok = s.object(func(k []byte) bool {
				name := string(k)
				if name == "" || seen[name] {
					return false
				}
				seen[name] = true
				n, ok := s.integer()
				return ok && n >= 1
			})
		case "flagged":
			bit = flagged
			c.Flagged = []string{}
			ok = s.array(func() bool {
				id, ok := s.str()
				c.Flagged = append(c.Flagged, id)
				return ok && id != ""
			}) && len(c.Flagged) > 0
		case "duplicates":
			bit = duplicates
			n, iok := s.integer()
			ok = iok && n >= 0
		case "emptyPageWithNext":
			bit = empty
			ok = s.boolean()
		case "repeatedPage":
			bit = repeated
			ok = s.boolean()
		default:
			return false
		}
		if !ok || have&bit != 0 {
			return false
		}
		have |= bit
		return true
	})
	const required = mode | mismatches | duplicates | empty | repeated
	return c, ok && have&required == required
}

// Patterns of the schemas, by hand (tested against the schemas' regexps).

// isHub matches index.schema.json's hub enum.
func isHub(s string) bool { return s == manifest.HubLive || s == manifest.HubEmbedded }

// isOriginValue matches
// ^(embedded|https?://([a-z0-9._-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?)$.
func isOriginValue(s string) bool { return s == manifest.OriginEmbedded || manifest.IsOrigin(s) }

func isLowerDigit(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// isSourceName matches ^[a-z0-9][a-z0-9_-]*$.
func isSourceName(s string) bool {
	if s == "" || !isLowerDigit(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLowerDigit(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// isFilterName matches ^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$.
func isFilterName(s string) bool {
	for seg := range strings.SplitSeq(s, "/") {
		if seg == "" || !isLowerDigit(seg[0]) {
			return false
		}
		for i := 1; i < len(seg); i++ {
			if c := seg[i]; !isLowerDigit(c) && c != '.' && c != '_' && c != '-' {
				return false
			}
		}
	}
	return true
}

// isGeneration matches ^[A-Za-z0-9._-]+$.
func isGeneration(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLowerDigit(c) && !('A' <= c && c <= 'Z') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// isModelsPath matches ^[a-z0-9][a-z0-9_-]*/models\.json$.
func isModelsPath(s string) bool {
	src, ok := strings.CutSuffix(s, "/models.json")
	return ok && isSourceName(src)
}

// isFilterPath matches
// ^[a-z0-9][a-z0-9_-]*/filters/[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*\.json$.
func isFilterPath(s string) bool {
	s, ok := strings.CutSuffix(s, ".json")
	if !ok {
		return false
	}
	src, name, ok := strings.Cut(s, "/filters/")
	return ok && isSourceName(src) && isFilterName(name)
}

// isDateTime accepts the RFC 3339 UTC timestamps Go writes
// (2006-01-02T15:04:05.999999999Z), a subset of what the schema library's
// date-time format accepts: an uppercase T and Z, at most nine fraction
// digits, no leap second.
func isDateTime(s string) bool {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	two := func(i int) int {
		if s[i] < '0' || s[i] > '9' || s[i+1] < '0' || s[i+1] > '9' {
			return 99
		}
		return int(s[i]-'0')*10 + int(s[i+1]-'0')
	}
	if two(11) > 23 || two(14) > 59 || two(17) > 59 {
		return false
	}
	if _, err := time.Parse(time.DateOnly, s[:10]); err != nil { // as the library checks the date
		return false
	}
	rest := s[19:]
	if frac, ok := strings.CutPrefix(rest, "."); ok {
		n := 0
		for n < len(frac) && n < 10 && '0' <= frac[n] && frac[n] <= '9' {
			n++
		}
		if n == 0 || n > 9 {
			return false
		}
		rest = frac[n:]
	}
	return rest == "Z"
}

// scanner reads one JSON document strictly: it fails on anything the fast
// path does not accept, leaving the document to the full path.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\n', '\t', '\r':
			s.i++
			// Skip what follows, likely indentation, eight spaces at a time.
			for s.i+8 <= len(s.b) {
				if x := binary.LittleEndian.Uint64(s.b[s.i:]) ^ 0x2020202020202020; x != 0 {
					s.i += bits.TrailingZeros64(x) / 8 // to the first byte not a space
					break
				}
				s.i += 8
			}
		default:
			return
		}
	}
}

// eat skips whitespace and consumes c if it comes next.
func (s *scanner) eat(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// end reports whether only whitespace is left.
func (s *scanner) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// object consumes an object, calling member for each key (decoded) with the
// scanner at the key's value, which member must consume.
func (s *scanner) object(member func(key []byte) bool) bool {
	if !s.eat('{') {
		return false
	}
	if s.eat('}') {
		return true
	}
	for {
		raw, esc, ok := s.rawString()
		if !ok {
			return false
		}
		key := raw
		if esc {
			k, ok := s.decode(raw, esc)
			if !ok {
				return false
			}
			key = []byte(k)
		}
		if !s.eat(':') || !member(key) {
			return false
		}
		if !s.eat(',') {
			return s.eat('}')
		}
	}
}

// array consumes an array, calling elem to consume each element.
func (s *scanner) array(elem func() bool) bool {
	if !s.eat('[') {
		return false
	}
	if s.eat(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if !s.eat(',') {
			return s.eat(']')
		}
	}
}

// plainRun returns the length of the longest prefix of b whose bytes stand
// for themselves in a JSON string: ASCII from 0x20 on, except '"' and '\\'.
// It tests eight bytes at a time.
func plainRun(b []byte) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		// Nonzero when some byte is below 0x20, is '"' or '\\' (is zero after
		// the xor), or has its high bit set.
		if ((w-ones*0x20)&^w|(quote-ones)&^quote|(backslash-ones)&^backslash|w)&high != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// rawString consumes a string and returns what is between its quotes; esc
// reports escapes in it. It fails on what JSON forbids in a string and on
// invalid UTF-8, which decoders would replace.
func (s *scanner) rawString() (raw []byte, esc, ok bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false, false
	}
	s.i++
	start, high := s.i, false
	for s.i < len(s.b) {
		s.i += plainRun(s.b[s.i:])
		if s.i == len(s.b) {
			break
		}
		c := s.b[s.i]
		switch {
		case c == '"':
			raw = s.b[start:s.i]
			s.i++
			if high && !utf8.Valid(raw) {
				return nil, false, false
			}
			return raw, esc, true
		case c == '\\':
			esc = true
			if s.i+1 >= len(s.b) {
				return nil, false, false
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) || !isHex(s.b[s.i+2]) || !isHex(s.b[s.i+3]) || !isHex(s.b[s.i+4]) || !isHex(s.b[s.i+5]) {
					return nil, false, false
				}
				s.i += 6
			default:
				return nil, false, false
			}
		case c >= utf8.RuneSelf:
			high = true
			s.i++
		default: // a control character
			return nil, false, false
		}
	}
	return nil, false, false
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// decode returns the value of the string that rawString just consumed and
// returned as raw, exactly as encoding/json decodes it.
func (s *scanner) decode(raw []byte, esc bool) (string, bool) {
	if !esc {
		return string(raw), true
	}
	var v string
	quoted := s.b[s.i-len(raw)-2 : s.i]
	if err := json.Unmarshal(quoted, &v); err != nil {
		return "", false
	}
	return v, true
}

// str consumes a string and returns its value.
func (s *scanner) str() (string, bool) {
	raw, esc, ok := s.rawString()
	if !ok {
		return "", false
	}
	return s.decode(raw, esc)
}

// skipString consumes a string.
func (s *scanner) skipString() bool {
	_, _, ok := s.rawString()
	return ok
}

// integer consumes an integer written without fraction or exponent and of at
// most 18 digits, so that it fits an int64 (and an int on 64-bit systems;
// elsewhere it fails beyond 32 bits).
func (s *scanner) integer() (int64, bool) {
	s.ws()
	neg := s.i < len(s.b) && s.b[s.i] == '-'
	if neg {
		s.i++
	}
	start := s.i
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
	}
	digits := s.b[start:s.i]
	if len(digits) == 0 || len(digits) > 18 || digits[0] == '0' && len(digits) > 1 {
		return 0, false
	}
	if s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		return 0, false
	}
	var n int64
	for _, d := range digits {
		n = n*10 + int64(d-'0')
	}
	if neg {
		n = -n
	}
	if int64(int(n)) != n {
		return 0, false
	}
	return n, true
}

// skipInteger consumes an integer as integer does.
func (s *scanner) skipInteger() bool {
	_, ok := s.integer()
	return ok
}

// boolean consumes true or false.
func (s *scanner) boolean() bool {
	s.ws()
	for _, lit := range []string{"true", "false"} {
		if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
			s.i += len(lit)
			return true
		}
	}
	return false
}
