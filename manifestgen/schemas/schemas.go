// Package schemas embeds the JSON Schemas (draft 2020-12) of the files
// manifestgen publishes: index.json, <source>/models.json,
// <source>/filters/<name>.json, changes.json and <source>/seen.json. Package
// verify validates output dirs with them; consumers may copy them as
// documentation of the output contract.
package schemas

import "embed"

// File names of the schemas inside FS.
const (
	Index   = "index.schema.json"   // index.json
	Models  = "models.schema.json"  // <source>/models.json
	Filter  = "filter.schema.json"  // <source>/filters/<name>.json
	Changes = "changes.schema.json" // changes.json
	Seen    = "seen.schema.json"    // <source>/seen.json
)

// FS holds the schema files, named by the constants above.
//
//go:embed *.schema.json
var FS embed.FS

// Names lists every schema file in FS.
var Names = []string{Index, Models, Filter, Changes, Seen}
