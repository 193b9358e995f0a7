package civitai

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// NSFWLevel is a browsing level. Current responses send bit flags as a
// number (PG=1, PG13=2, R=4, X=8, XXX=16, Blocked=32); responses from before
// 2024 sent image levels as a string ("None", "Soft", "Mature", "X"), kept
// in Legacy. null decodes to the zero value.
type NSFWLevel struct {
	Flags  int    // numeric form
	Legacy string // string form, when the hub sent one
}

// UnmarshalJSON implements json.Unmarshaler.
func (l *NSFWLevel) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = NSFWLevel{}
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &l.Legacy); err != nil {
			return fmt.Errorf("nsfwLevel: %w", err)
		}
		return nil
	}
	if err := json.Unmarshal(b, &l.Flags); err != nil {
		return fmt.Errorf("nsfwLevel: want number or string: %w", err)
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the string form when Legacy is
// set, else the number.
func (l NSFWLevel) MarshalJSON() ([]byte, error) {
	if l.Legacy != "" {
		return json.Marshal(l.Legacy)
	}
	return json.Marshal(l.Flags)
}
