package targets

import (
	"cmp"
	"fmt"
	"io"
	"os"

	"github.com/manifestgen/manifestgen/manifestgen/tstypes"
)

// TypesEnv names the file manifests:types writes (default manifests.d.ts in
// the current dir). When it is set, manifests:all, manifests:civitai and
// manifests:huggingface write the types there too after each generation.
const TypesEnv = "MANIFESTGEN_TYPES"

// Types writes manifests.d.ts: TypeScript types of the output files, generated from the JSON Schemas.
//
// One type per file (Index, ModelsFile, FilterFile, Changes, SeenFile) and
// one per object they share, with the schemas' descriptions as doc
// comments. MANIFESTGEN_TYPES sets the path (default ./manifests.d.ts); the
// file is rewritten only when it changes.
func (Manifests) Types() error {
	return writeTypes(os.Stderr, cmp.Or(os.Getenv(TypesEnv), tstypes.File))
}

// writeTypes writes the types to path and says so on w.
func writeTypes(w io.Writer, path string) error {
	wrote, err := tstypes.Write(path)
	if err != nil {
		return err
	}
	if wrote {
		fmt.Fprintf(w, "Wrote %s\n", path)
	} else {
		fmt.Fprintf(w, "%s is up to date\n", path)
	}
	return nil
}
