package changes

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"sync"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Counter is the reporting threshold of a popularity counter: a move is
// reported when it is at least Min and at least Relative times the previous
// value, so that the daily drift of every model's downloads does not turn
// the whole catalog into updates.
type Counter struct {
	Min      int64   // smallest absolute move reported
	Relative float64 // smallest move reported, as a fraction of the previous value
}

// Counters are the thresholds of the models.json fields that drift on every
// fetch: downloads moves of at least 100 and 10%, likes moves of at least
// 10 and 10%. Every other field is reported on any change.
var Counters = map[string]Counter{
	"downloads": {Min: 100, Relative: 0.10},
	"likes":     {Min: 10, Relative: 0.10},
}

// reported reports whether a counter's move from a to b passes c.
func (c Counter) reported(a, b int64) bool {
	d := b - a
	if d < 0 {
		d = -d
	}
	return d >= c.Min && float64(d) >= c.Relative*math.Abs(float64(a))
}

// modelField is one field of manifest.Model as models.json encodes it.
type modelField struct {
	index     int
	name      string // JSON name
	omitEmpty bool   // absent from the JSON when zero
	counter   *Counter
}

// modelFields lists manifest.Model's encoded fields, found by reflection so
// that a field added to the model is compared without a change here.
var modelFields = sync.OnceValue(func() []modelField {
	t := reflect.TypeFor[manifest.Model]()
	var out []modelField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		f := modelField{index: i, name: name, omitEmpty: strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")}
		if c, ok := Counters[name]; ok && sf.Type.Kind() == reflect.Int64 {
			f.counter = &c
		}
		out = append(out, f)
	}
	return out
})

// diffModel returns the reported field changes from a to b, nil when none.
// Field values are compared as Go values; a nil and an empty slice are
// equal, as the writer encodes both as [].
func diffModel(a, b *manifest.Model) map[string]FieldChange {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	var out map[string]FieldChange
	for _, f := range modelFields() {
		fa, fb := va.Field(f.index), vb.Field(f.index)
		if equalValues(fa, fb) {
			continue
		}
		if f.counter != nil && !f.counter.reported(fa.Int(), fb.Int()) {
			continue
		}
		if out == nil {
			out = map[string]FieldChange{}
		}
		out[f.name] = FieldChange{From: fieldJSON(f, fa), To: fieldJSON(f, fb)}
	}
	return out
}

// equalValues compares two values of the same field.
func equalValues(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.String:
		return a.String() == b.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return a.Uint() == b.Uint()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Slice:
		if a.Len() == 0 && b.Len() == 0 {
			return true
		}
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// fieldJSON is a field's value as models.json holds it: null when the field
// is omitted there.
func fieldJSON(f modelField, v reflect.Value) json.RawMessage {
	if f.omitEmpty && v.IsZero() {
		return json.RawMessage("null")
	}
	if v.Kind() == reflect.Slice && v.IsNil() {
		return json.RawMessage("[]")
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return json.RawMessage("null") // not reachable for manifest.Model's field types
	}
	return data
}
