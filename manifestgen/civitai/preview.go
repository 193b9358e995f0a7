package civitai

import (
	"net/url"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// PreviewAllowance is the most explicit preview level a listing asked with
// q may show: XXX when it asked for nsfw=true (every level), else PG (what
// the API lists without nsfw=true).
func PreviewAllowance(q url.Values) int {
	if q.Get("nsfw") == "true" {
		return manifest.NSFWXXX
	}
	return manifest.NSFWPG
}

// legacyLevels maps the string levels of responses from before 2024.
var legacyLevels = map[string]int{"None": manifest.NSFWPG, "Soft": manifest.NSFWPG13, "Mature": manifest.NSFWR, "X": manifest.NSFWX}

// Level returns l as one browsing level: the most explicit bit of Flags
// (PG to XXX), or the legacy string's level; 0 (unknown) when l is unset,
// has the Blocked bit or bits beyond it, or is a string it does not know.
func (l NSFWLevel) Level() int {
	if l.Legacy != "" {
		return legacyLevels[l.Legacy]
	}
	if l.Flags <= 0 || l.Flags >= 32 {
		return 0
	}
	level := 1
	for level*2 <= l.Flags {
		level *= 2
	}
	return level
}

// previewCandidates returns the images of v a preview may be chosen from:
// images (not videos) of a known level, in order, each less explicit than
// all before it. The first candidate within an allowance is then v's first
// image within it.
func previewCandidates(images []Image) []manifest.Preview {
	var out []manifest.Preview
	for i := range images {
		img := &images[i]
		level := img.NSFWLevel.Level()
		if img.Type != "image" || img.URL == "" || level == 0 {
			continue
		}
		if n := len(out); n > 0 && level >= out[n-1].NSFWLevel {
			continue
		}
		out = append(out, manifest.Preview{URL: img.URL, Width: max(img.Width, 0), Height: max(img.Height, 0), Type: img.Type, NSFWLevel: level})
	}
	return out
}
