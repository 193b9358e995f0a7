package writer

import (
	"bytes"
	"encoding/json"
	"fmt"
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
