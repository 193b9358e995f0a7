package schemas

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSchemasCompile checks each schema is a valid draft 2020-12 schema whose
// $id ends with its file name, and that FS holds exactly the named files.
func TestSchemasCompile(t *testing.T) {
	files, err := fs.Glob(FS, "*")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(files, ",") != "changes.schema.json,filter.schema.json,index.schema.json,models.schema.json,seen.schema.json" {
		t.Fatalf("FS holds %v", files)
	}
	for _, name := range Names {
		data, err := FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if !strings.HasSuffix(id, "/"+name) {
			t.Errorf("%s: $id %q does not end with the file name", name, id)
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource(id, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := c.Compile(id); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// conditional names the keywords whose subschemas only restate constraints on
// properties declared elsewhere; they need no descriptions of their own.
var conditional = map[string]bool{"allOf": true, "if": true, "then": true}

// TestSchemasDescribed checks the schemas document themselves: the root, every
// $defs entry and every declared property has a description.
func TestSchemasDescribed(t *testing.T) {
	for _, name := range Names {
		data, err := FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var root map[string]any
		if err := json.Unmarshal(data, &root); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var missing []string
		need := func(ptr string, v any) {
			if m, ok := v.(map[string]any); ok {
				if d, _ := m["description"].(string); d == "" {
					missing = append(missing, ptr)
				}
			}
		}
		need("", root)
		var walk func(ptr string, v any)
		walk = func(ptr string, v any) {
			switch v := v.(type) {
			case map[string]any:
				for _, group := range []string{"properties", "$defs"} {
					if kids, ok := v[group].(map[string]any); ok {
						for k, kid := range kids {
							need(ptr+"/"+group+"/"+k, kid)
						}
					}
				}
				for k, kid := range v {
					if !conditional[k] {
						walk(ptr+"/"+k, kid)
					}
				}
			case []any:
				for _, kid := range v {
					walk(ptr+"/[]", kid)
				}
			}
		}
		walk("", root)
		for _, p := range missing {
			t.Errorf("%s: %s has no description", name, p)
		}
	}
}
