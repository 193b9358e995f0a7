package huggingface

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Gated is a repo's access gate. The hub sends false or a string ("auto",
// "manual"); the zero value means not gated.
type Gated string

// Gate values.
const (
	NotGated    Gated = ""
	GatedAuto   Gated = "auto"   // access granted automatically after the form
	GatedManual Gated = "manual" // access reviewed by the owner
	GatedTrue   Gated = "true"   // a bare true, not documented but accepted
)

// UnmarshalJSON implements json.Unmarshaler: false and null are NotGated,
// true is GatedTrue, a string is kept as is.
func (g *Gated) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "null", "false":
		*g = NotGated
		return nil
	case "true":
		*g = GatedTrue
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("gated: want false or a string: %w", err)
	}
	*g = Gated(s)
	return nil
}

// MarshalJSON implements json.Marshaler: NotGated is false, GatedTrue is
// true, anything else a string.
func (g Gated) MarshalJSON() ([]byte, error) {
	switch g {
	case NotGated:
		return []byte("false"), nil
	case GatedTrue:
		return []byte("true"), nil
	}
	return json.Marshal(string(g))
}
