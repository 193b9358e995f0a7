package config

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
)

// fingerprintVersion changes whenever the fingerprinted fields change.
const fingerprintVersion = "manifestgen/config fingerprint v2\n"

// Fingerprint returns a stable hex SHA-256 of everything that decides what
// the output contains: each source's name, endpoint, page size, page cap and
// filters (name, label, query, limit, match, previewNSFW), and whether
// mismatches are flagged rather than dropped. Filter order, limits on request
// rates, retries, the output dir and tokens do not count.
func (c *Config) Fingerprint() string {
	type filter struct {
		Name    string     `json:"name"`
		Label   string     `json:"label"`
		Query   url.Values `json:"query"`
		Limit   int        `json:"limit"`
		Size    string     `json:"size"`
		License []string   `json:"license"`
		Preview string     `json:"previewNSFW,omitempty"`
	}
	type source struct {
		Name     string   `json:"name"`
		Endpoint string   `json:"endpoint"`
		PageSize int      `json:"pageSize"`
		MaxPages int      `json:"maxPages"`
		Flag     bool     `json:"flagMismatches,omitempty"`
		Filters  []filter `json:"filters"`
	}
	var doc []source
	for _, s := range c.Sources {
		src := source{Name: s.Name, Endpoint: s.Endpoint, PageSize: s.PageSize, MaxPages: s.MaxPages, Flag: c.Mismatches == MismatchesFlag}
		for _, f := range s.Filters {
			fl := filter{f.Name, f.Label, f.Query, f.Limit, f.Match.Size, f.Match.License, f.PreviewNSFW}
			if len(fl.Query) == 0 {
				fl.Query = nil // nil and empty ask the same
			}
			if len(fl.License) == 0 {
				fl.License = nil
			}
			src.Filters = append(src.Filters, fl)
		}
		slices.SortStableFunc(src.Filters, func(a, b filter) int { return cmp.Compare(a.Name, b.Name) })
		doc = append(doc, src)
	}
	slices.SortStableFunc(doc, func(a, b source) int { return cmp.Compare(a.Name, b.Name) })
	b, err := json.Marshal(doc) // maps encode with sorted keys
	if err != nil {
		panic("config: fingerprint: " + err.Error()) // cannot happen: plain strings and ints
	}
	sum := sha256.Sum256(append([]byte(fingerprintVersion), b...))
	return hex.EncodeToString(sum[:])
}
