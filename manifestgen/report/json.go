package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes rep as indented JSON (report.json).
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("report: write JSON: %w", err)
	}
	return nil
}
