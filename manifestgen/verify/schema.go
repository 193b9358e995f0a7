package verify

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/manifestgen/manifestgen/manifestgen/schemas"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// compiled holds the output schemas, compiled once.
type compiled struct {
	index, models, filter, changes, seen *jsonschema.Schema
}

var loadSchemas = sync.OnceValues(func() (*compiled, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	var out compiled
	for _, s := range []struct {
		name string
		dst  **jsonschema.Schema
	}{
		{schemas.Index, &out.index}, {schemas.Models, &out.models}, {schemas.Filter, &out.filter},
		{schemas.Changes, &out.changes}, {schemas.Seen, &out.seen},
	} {
		data, err := schemas.FS.ReadFile(s.name)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", s.name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", s.name, err)
		}
		// Resources are addressed by file name; the $id inside rebases them.
		if err := c.AddResource(s.name, doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", s.name, err)
		}
		if *s.dst, err = c.Compile(s.name); err != nil {
			return nil, fmt.Errorf("schema %s: %w", s.name, err)
		}
	}
	return &out, nil
})

// schemaViolations validates doc (as decoded by jsonschema.UnmarshalJSON)
// and returns one violation per failed leaf keyword.
func schemaViolations(file string, s *jsonschema.Schema, doc any) []Violation {
	err := s.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Violation{{File: file, Message: "schema: " + err.Error()}}
	}
	var out []Violation
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, Violation{
				File:    file,
				Pointer: pointer(e.InstanceLocation...),
				Message: "schema: " + leafMessage(e),
			})
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}

// leafMessage renders one leaf error (no causes) in the library's own words,
// except for false schemas, which the index schema uses to forbid a property
// for an entry's status.
func leafMessage(e *jsonschema.ValidationError) string {
	if _, ok := e.ErrorKind.(*kind.FalseSchema); ok {
		return "property not allowed here"
	}
	if u := e.BasicOutput(); u.Error != nil {
		return u.Error.String()
	}
	return e.Error()
}
