package hub

import (
	"fmt"
	"slices"
	"strings"
)

// Misbehaviour is how a hub's listing itself goes wrong, as CivitAI's issue
// tracker reports it: filters silently ignored, cursor pages that repeat
// items, empty pages that still carry a next cursor, and a cursor that does
// not advance. The zero value behaves.
type Misbehaviour struct {
	// Ignore lists query parameters the API accepts and then does not
	// apply: CivitAI "nsfw" (nsfw=false still lists nsfw models),
	// "baseModels", "types", "period", "username"; Hugging Face
	// "pipeline_tag", "library", "author", "search", "filter".
	Ignore []string
	// DupPages: every page after the first starts with the last model of
	// the page before (each page still holds at most limit models).
	DupPages bool
	// EmptyCursor: the last page still announces a next page, which is
	// empty and announces itself again.
	EmptyCursor bool
	// RepeatPage: the cursor is ignored, so every page is the first page,
	// announcing the same next page.
	RepeatPage bool
}

// ignores reports whether the API ignores query parameter p.
func (m Misbehaviour) ignores(p string) bool { return slices.Contains(m.Ignore, p) }

// Misbehaviour names of ParseMisbehaviours, each with the APIs' ignored
// parameters or the flag it sets.
var misbehaviourNames = map[string]struct {
	civitai, hf string              // parameter ignored by each API ("": none)
	set         func(*Misbehaviour) // or the flag it sets, on both APIs
}{
	"ignore-nsfw":      {civitai: "nsfw"},
	"ignore-basemodel": {civitai: "baseModels"},
	"ignore-types":     {civitai: "types"},
	"ignore-period":    {civitai: "period"},
	"ignore-username":  {civitai: "username"},
	"ignore-pipeline":  {hf: "pipeline_tag"},
	"ignore-library":   {hf: "library"},
	"ignore-author":    {hf: "author"},
	"ignore-search":    {hf: "search"},
	"ignore-filter":    {hf: "filter"},
	"dup-pages":        {set: func(m *Misbehaviour) { m.DupPages = true }},
	"empty-cursor":     {set: func(m *Misbehaviour) { m.EmptyCursor = true }},
	"repeat-page":      {set: func(m *Misbehaviour) { m.RepeatPage = true }},
}

// MisbehaviourNames are the names ParseMisbehaviours accepts, sorted.
func MisbehaviourNames() []string {
	var out []string
	for n := range misbehaviourNames {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// ParseMisbehaviours reads a comma-separated list of misbehaviour names
// ("ignore-nsfw,dup-pages") into the misbehaviours of the CivitAI and the
// Hugging Face API. An ignore-* name concerns the API that has the
// parameter; dup-pages, empty-cursor and repeat-page concern both.
func ParseMisbehaviours(list string) (civitai, hf Misbehaviour, err error) {
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		mb, ok := misbehaviourNames[name]
		if !ok {
			return Misbehaviour{}, Misbehaviour{}, fmt.Errorf("unknown hub misbehaviour %q (known: %s)", name, strings.Join(MisbehaviourNames(), ", "))
		}
		switch {
		case mb.set != nil:
			mb.set(&civitai)
			mb.set(&hf)
		case mb.civitai != "":
			civitai.Ignore = append(civitai.Ignore, mb.civitai)
		default:
			hf.Ignore = append(hf.Ignore, mb.hf)
		}
	}
	return civitai, hf, nil
}
