package civitai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// CommercialUse is a model's allowCommercialUse list ("None", "Image",
// "RentCivit", "Rent", "Sell"). It decodes from a JSON array, from a
// Postgres array literal such as "{Image,RentCivit}" (the documented
// example) or from a single legacy string such as "Sell"; null is empty.
// It encodes as a JSON array.
type CommercialUse []string

// UnmarshalJSON implements json.Unmarshaler.
func (c *CommercialUse) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*c = nil
		return nil
	case len(b) > 0 && b[0] == '[':
		var vs []string
		if err := json.Unmarshal(b, &vs); err != nil {
			return fmt.Errorf("allowCommercialUse: %w", err)
		}
		*c = compact(vs)
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("allowCommercialUse: %w", err)
		}
		*c = parsePGArray(s)
		return nil
	}
	return fmt.Errorf("allowCommercialUse: want array or string, got %.20q", b)
}

// commercialUseOrder is the order of the known values, least to most
// permissive; Normalize puts unknown values after them, sorted.
var commercialUseOrder = []string{"None", "Image", "RentCivit", "Rent", "Sell"}

// Normalize returns the values deduplicated, known ones in the order None,
// Image, RentCivit, Rent, Sell, then unknown ones sorted; nil when there
// are none.
func (c CommercialUse) Normalize() []string {
	if len(c) == 0 {
		return nil
	}
	vs := slices.Clone([]string(c))
	rank := func(v string) int {
		if i := slices.Index(commercialUseOrder, v); i >= 0 {
			return i
		}
		return len(commercialUseOrder)
	}
	slices.SortFunc(vs, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(vs)
}

// parsePGArray splits "{a,b}" (elements possibly double-quoted) or a bare
// "a" into its values.
func parsePGArray(s string) []string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		s = s[1 : len(s)-1]
	}
	var vs []string
	for _, v := range strings.Split(s, ",") {
		vs = append(vs, strings.Trim(strings.TrimSpace(v), `"`))
	}
	return compact(vs)
}

// compact drops empty values, keeping order; nil when nothing is left.
func compact(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
