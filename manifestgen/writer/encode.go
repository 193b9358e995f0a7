package writer

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// encode renders v the one way manifestgen writes JSON: 2-space indent, map
// keys sorted (encoding/json does that), no HTML escaping, trailing newline.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return b.Bytes(), nil
}

// encodeFile is encode for the files build writes. Filter and models files,
// which hold nearly all of a generation's bytes, are appended by hand
// without reflection or a second indenting pass; the result is the same
// byte for byte (tested against encode), and while the manifest types do
// not have the exact shape the hand-written encoders were made for,
// encodeFile falls back to encode.
func encodeFile(v any) ([]byte, error) {
	if handShaped() {
		switch v := v.(type) {
		case manifest.FilterFile:
			return appendFilterFile(nil, &v), nil
		case manifest.ModelsFile:
			if v.Models == nil {
				break // null
			}
			ids := slices.Sorted(maps.Keys(v.Models))
			return appendModelsFile(nil, v.Source, v.Count, ids, func(id string) manifest.Model { return v.Models[id] }), nil
		}
	}
	return encode(v)
}

// field is one struct field as the hand-written encoders expect it.
type field struct{ name, typ, tag string }

// The manifest types' fields, in order, as appendFilterFile and
// appendModelsFile encode them.
var (
	filterFileFields = []field{{"Source", "string", "source"}, {"Filter", "string", "filter"}, {"ModelIDs", "[]string", "modelIds"},
		{"Versions", "[]manifest.SelectedVersion", "versions,omitempty"}}
	selectedFields = []field{{"ID", "int64", "id"}, {"BaseModel", "string", "baseModel,omitempty"}, {"SizeBytes", "int64", "sizeBytes,omitempty"},
		{"DownloadURL", "string", "downloadUrl,omitempty"}}
	modelsFileFields = []field{{"Source", "string", "source"}, {"Count", "int", "count"}, {"Models", "map[string]manifest.Model", "models"}}
	modelFields      = []field{
		{"ID", "string", "id"},
		{"Name", "string", "name"},
		{"Author", "string", "author,omitempty"},
		{"Downloads", "int64", "downloads"},
		{"Likes", "int64", "likes"},
		{"Tags", "[]string", "tags"},
		{"Type", "string", "type,omitempty"},
		{"NSFW", "bool", "nsfw"},
		{"URL", "string", "url"},
		{"License", "string", "license,omitempty"},
		{"CommercialUse", "[]string", "commercialUse,omitempty"},
		{"AllowNoCredit", "*bool", "allowNoCredit,omitempty"},
		{"AllowDerivatives", "*bool", "allowDerivatives,omitempty"},
		{"AllowDifferentLicense", "*bool", "allowDifferentLicense,omitempty"},
		{"VersionID", "int64", "versionId,omitempty"},
		{"BaseModel", "string", "baseModel,omitempty"},
		{"BaseModels", "[]string", "baseModels,omitempty"},
		{"Library", "string", "library,omitempty"},
		{"Parameters", "int64", "parameters,omitempty"},
		{"SizeBytes", "int64", "sizeBytes,omitempty"},
		{"DownloadURL", "string", "downloadUrl,omitempty"},
		{"Preview", "*manifest.Preview", "preview,omitempty"},
		{"CreatedAt", "string", "createdAt,omitempty"},
		{"UpdatedAt", "string", "updatedAt,omitempty"},
		{"LastModified", "string", "lastModified,omitempty"},
		{"SHA", "string", "sha,omitempty"},
		{"PreviewCandidates", "[]manifest.Preview", "-"},
	}
	previewFields = []field{
		{"URL", "string", "url"},
		{"Width", "int", "width,omitempty"},
		{"Height", "int", "height,omitempty"},
		{"Type", "string", "type"},
		{"NSFWLevel", "int", "nsfwLevel"},
	}
)

// handShaped reports whether the manifest types are exactly as the
// hand-written encoders expect: same fields, types and tags, and no
// marshalling methods of their own.
var handShaped = sync.OnceValue(func() bool {
	return shapedAs(reflect.TypeFor[manifest.FilterFile](), filterFileFields) &&
		shapedAs(reflect.TypeFor[manifest.SelectedVersion](), selectedFields) &&
		shapedAs(reflect.TypeFor[manifest.ModelsFile](), modelsFileFields) &&
		shapedAs(reflect.TypeFor[manifest.Model](), modelFields) &&
		shapedAs(reflect.TypeFor[manifest.Preview](), previewFields)
})

func shapedAs(t reflect.Type, want []field) bool {
	for _, m := range []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()} {
		if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
			return false
		}
	}
	if t.Kind() != reflect.Struct || t.NumField() != len(want) {
		return false
	}
	for i, w := range want {
		f := t.Field(i)
		if f.Name != w.name || f.Type.String() != w.typ || string(f.Tag) != `json:"`+w.tag+`"` {
			return false
		}
	}
	return true
}

// appendFilterFile appends what encode(*ff) returns.
func appendFilterFile(b []byte, ff *manifest.FilterFile) []byte {
	n := 64 + len(ff.Source) + len(ff.Filter)
	for _, id := range ff.ModelIDs {
		n += len(id) + 8
	}
	n += 120 * len(ff.Versions)
	b = slices.Grow(b, n)
	b = append(b, "{\n  \"source\": "...)
	b = appendString(b, ff.Source)
	b = append(b, ",\n  \"filter\": "...)
	b = appendString(b, ff.Filter)
	b = append(b, ",\n  \"modelIds\": "...)
	b = appendStrings(b, ff.ModelIDs, "\n    ", "\n  ")
	if len(ff.Versions) > 0 {
		const next = ",\n      \""
		b = append(b, ",\n  \"versions\": ["...)
		for i := range ff.Versions {
			v := &ff.Versions[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    {\n      \"id\": "...)
			b = strconv.AppendInt(b, v.ID, 10)
			b = appendOptString(b, next+`baseModel": `, v.BaseModel)
			b = appendOptInt(b, next+`sizeBytes": `, v.SizeBytes)
			b = appendOptString(b, next+`downloadUrl": `, v.DownloadURL)
			b = append(b, "\n    }"...)
		}
		b = append(b, "\n  ]"...)
	}
	return append(b, "\n}\n"...)
}

// appendModelsFile appends what encode returns for a manifest.ModelsFile
// of source and count whose models are those of ids, sorted, as model
// returns them.
func appendModelsFile(b []byte, source string, count int, ids []string, model func(id string) manifest.Model) []byte {
	b = append(b, "{\n  \"source\": "...)
	b = appendString(b, source)
	b = append(b, ",\n  \"count\": "...)
	b = strconv.AppendInt(b, int64(count), 10)
	b = append(b, ",\n  \"models\": "...)
	if len(ids) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, '{')
		start := len(b)
		for i, id := range ids {
			if i == sizeSample && len(ids) > 2*sizeSample {
				// Make room for the rest at once, judging by the first models.
				b = slices.Grow(b, (len(b)-start)/sizeSample*(len(ids)-i)*21/20)
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    "...)
			b = appendString(b, id)
			b = append(b, ": "...)
			m := model(id)
			b = appendModel(b, &m)
		}
		b = append(b, "\n  }"...)
	}
	return append(b, "\n}\n"...)
}

// sizeSample is how many models appendModelsFile encodes before it sizes
// its buffer for the rest.
const sizeSample = 256

// appendModel appends m as an object at the depth of a models file entry
// (closing brace indented by four spaces).
func appendModel(b []byte, m *manifest.Model) []byte {
	const next = ",\n      \""
	b = append(b, "{\n      \"id\": "...)
	b = appendString(b, m.ID)
	b = append(b, next+`name": `...)
	b = appendString(b, m.Name)
	if m.Author != "" {
		b = append(b, next+`author": `...)
		b = appendString(b, m.Author)
	}
	b = append(b, next+`downloads": `...)
	b = strconv.AppendInt(b, m.Downloads, 10)
	b = append(b, next+`likes": `...)
	b = strconv.AppendInt(b, m.Likes, 10)
	b = append(b, next+`tags": `...)
	b = appendStrings(b, m.Tags, "\n        ", "\n      ")
	if m.Type != "" {
		b = append(b, next+`type": `...)
		b = appendString(b, m.Type)
	}
	b = append(b, next+`nsfw": `...)
	b = strconv.AppendBool(b, m.NSFW)
	b = append(b, next+`url": `...)
	b = appendString(b, m.URL)
	b = appendOptString(b, next+`license": `, m.License)
	if len(m.CommercialUse) > 0 {
		b = append(b, next+`commercialUse": `...)
		b = appendStrings(b, m.CommercialUse, "\n        ", "\n      ")
	}
	b = appendOptBool(b, next+`allowNoCredit": `, m.AllowNoCredit)
	b = appendOptBool(b, next+`allowDerivatives": `, m.AllowDerivatives)
	b = appendOptBool(b, next+`allowDifferentLicense": `, m.AllowDifferentLicense)
	b = appendOptInt(b, next+`versionId": `, m.VersionID)
	b = appendOptString(b, next+`baseModel": `, m.BaseModel)
	if len(m.BaseModels) > 0 {
		b = append(b, next+`baseModels": `...)
		b = appendStrings(b, m.BaseModels, "\n        ", "\n      ")
	}
	b = appendOptString(b, next+`library": `, m.Library)
	b = appendOptInt(b, next+`parameters": `, m.Parameters)
	b = appendOptInt(b, next+`sizeBytes": `, m.SizeBytes)
	b = appendOptString(b, next+`downloadUrl": `, m.DownloadURL)
	if p := m.Preview; p != nil {
		const pnext = ",\n        \""
		b = append(b, next+`preview": {`+"\n        \"url\": "...)
		b = appendString(b, p.URL)
		b = appendOptInt(b, pnext+`width": `, int64(p.Width))
		b = appendOptInt(b, pnext+`height": `, int64(p.Height))
		b = append(b, pnext+`type": `...)
		b = appendString(b, p.Type)
		b = append(b, pnext+`nsfwLevel": `...)
		b = strconv.AppendInt(b, int64(p.NSFWLevel), 10)
		b = append(b, "\n      }"...)
	}
	b = appendOptString(b, next+`createdAt": `, m.CreatedAt)
	b = appendOptString(b, next+`updatedAt": `, m.UpdatedAt)
	b = appendOptString(b, next+`lastModified": `, m.LastModified)
	b = appendOptString(b, next+`sha": `, m.SHA)
	return append(b, "\n    }"...)
}

// appendOptBool appends key and *v unless v is nil (omitempty).
func appendOptBool(b []byte, key string, v *bool) []byte {
	if v == nil {
		return b
	}
	return strconv.AppendBool(append(b, key...), *v)
}

// appendOptString appends key and s unless s is empty (omitempty).
func appendOptString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendString(append(b, key...), s)
}

// appendOptInt appends key and n unless n is zero (omitempty).
func appendOptInt(b []byte, key string, n int64) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendInt(append(b, key...), n, 10)
}

// appendStrings appends ss as an indented array: each element after
// itemIndent, the closing bracket after endIndent; "[]" when empty and
// "null" when nil, as encoding/json does.
func appendStrings(b []byte, ss []string, itemIndent, endIndent string) []byte {
	switch {
	case ss == nil:
		return append(b, "null"...)
	case len(ss) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, itemIndent...)
		b = appendString(b, s)
	}
	b = append(b, endIndent...)
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s quoted exactly as encoding/json quotes a string
// with HTML escaping off: `"` and `\` escaped, control characters as \b, \f,
// \n, \r, \t or \u00XX, invalid UTF-8 bytes as \ufffd, U+2028 and U+2029 as
// \u2028 and \u2029, everything else as is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		i += plainRun(s[i:])
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainRun returns the length of the longest prefix of s whose bytes stand
// for themselves in a JSON string: ASCII from 0x20 on, except '"' and '\\'.
// It tests eight bytes at a time.
func plainRun(s string) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		// Nonzero when some byte is below 0x20, is '"' or '\\' (is zero after
		// the xor), or has its high bit set.
		if ((w-ones*0x20)&^w|(quote-ones)&^quote|(backslash-ones)&^backslash|w)&high != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			break
		}
	}
	return i
}
