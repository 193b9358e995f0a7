package manifest

// CivitAI browsing levels, the values of Preview.NSFWLevel. A level is one
// bit; an allowance is the most explicit level a filter may show.
const (
	NSFWPG   = 1  // safe for work
	NSFWPG13 = 2  // suggestive
	NSFWR    = 4  // mature
	NSFWX    = 8  // explicit
	NSFWXXX  = 16 // most explicit
)

// nsfwNames are the allowance names accepted in config, by level.
var nsfwNames = map[string]int{"PG": NSFWPG, "PG13": NSFWPG13, "R": NSFWR, "X": NSFWX, "XXX": NSFWXXX}

// NSFWLevelByName returns the level named "PG", "PG13", "R", "X" or "XXX".
func NSFWLevelByName(name string) (int, bool) {
	l, ok := nsfwNames[name]
	return l, ok
}

// PickPreview returns the first of cands whose level is within allowance
// (a level of 0, unknown, never is), or nil. cands are as in
// Model.PreviewCandidates; the result is a copy.
func PickPreview(cands []Preview, allowance int) *Preview {
	for _, p := range cands {
		if p.NSFWLevel > 0 && p.NSFWLevel <= allowance {
			return &p
		}
	}
	return nil
}
