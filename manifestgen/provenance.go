package manifestgen

import (
	"fmt"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// sourceOrigins returns the origin each source's entries record: the
// embedded hub's fixed origin (its port is random per run), else the origin
// of the source's endpoint.
func sourceOrigins(sources []*config.Source, hub string) ([]string, error) {
	out := make([]string, len(sources))
	for i, s := range sources {
		if hub == manifest.HubEmbedded {
			out[i] = manifest.OriginEmbedded
			continue
		}
		o := s.Origin()
		if err := manifest.CheckProvenance(manifest.HubLive, o); err != nil {
			return nil, fmt.Errorf("%s endpoint: %w", s.Name, err)
		}
		out[i] = o
	}
	return out, nil
}
