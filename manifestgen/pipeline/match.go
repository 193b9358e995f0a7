package pipeline

import (
	"slices"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/huggingface"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// Matches reports whether m passes the client-side predicates of a filter.
// An empty Match accepts every model.
func Matches(p config.Match, m manifest.Model) bool {
	if p.Size != "" && huggingface.SizeClass(m.Parameters) != p.Size {
		return false
	}
	if len(p.License) > 0 && !slices.Contains(p.License, m.License) {
		return false
	}
	return true
}
