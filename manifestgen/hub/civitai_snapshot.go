package hub

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
)

// civitaiSeed is the fixed seed of the CivitAI snapshot.
const civitaiSeed = 0x43495649544149 // "CIVITAI"

// civitaiCount is the number of models in the CivitAI snapshot.
const civitaiCount = 3000

// civModel is one CivitAI model of the snapshot: what filtering and sorting
// need. The bulky details (files, images, hashes, descriptions) are derived
// from seed when the model is rendered.
type civModel struct {
	id         int64
	name       string
	typ        string
	nsfw       bool
	nsfwLevel  int
	creator    civCreator
	tags       []string
	commercial []string
	noCredit   bool
	derivs     bool
	difLicense bool
	supportGen bool
	stats      civStats
	collected  int64        // "Most Collected" key (not in the item body)
	imageCount int64        // "Most Images" key (not in the item body)
	versions   []civVersion // newest first
	latest     time.Time    // publishedAt of the newest version; unique across the snapshot
	seed       uint64
}

// civStats are a model's counters as the list shows them.
type civStats struct {
	downloads, thumbsUp, thumbsDown, comments, tipped int64
}

// civVersion is one published version.
type civVersion struct {
	id        int64
	name      string
	base      string
	published time.Time
}

// civCreator is a user who publishes models.
type civCreator struct {
	username string
	image    string
}

// civitaiSnapshot is the CivitAI half of the snapshot, with every sort order
// precomputed.
type civitaiSnapshot struct {
	models []*civModel            // by id ascending
	sorted map[string][]*civModel // by sort name, in listing order
}

// civCoreCombos are the (type, base model) pairs that are guaranteed enough
// recent SFW models for the default configuration's Week and Month listings.
var civCoreCombos = struct{ types, bases []string }{
	types: []string{"LORA", "Checkpoint"},
	bases: []string{"SDXL 1.0", "Pony", "Illustrious", "Flux.1 D"},
}

// buildCivitAI generates the CivitAI snapshot from seed.
func buildCivitAI(seed uint64) *civitaiSnapshot { return buildCivitAIN(seed, civitaiCount) }

// buildCivitAIN generates a CivitAI snapshot of count models from seed. The
// first models drawn do not depend on count.
func buildCivitAIN(seed uint64, count int) *civitaiSnapshot {
	g := newGen(seed, 1)
	creators := make([]civCreator, 450)
	seen := map[string]bool{}
	for i := range creators {
		var name string
		for name == "" || seen[strings.ToLower(name)] {
			name = civUsername(g)
		}
		seen[strings.ToLower(name)] = true
		creators[i] = civCreator{
			username: name,
			image:    "https://image.civitai.com/xG1nkqKTMzGDvpLrqFT7WA/" + g.uuid() + "/width=96/" + name + ".jpeg",
		}
	}

	models := make([]*civModel, 0, count)
	for _, typ := range civCoreCombos.types {
		for _, base := range civCoreCombos.bases {
			for i := range 24 {
				age := g.uniform(0.05, 6.9)
				if i >= 6 {
					age = g.uniform(7.5, 30.5)
				}
				models = append(models, newCivModel(g, creators, typ, base, age, false))
			}
		}
	}
	for len(models) < count {
		typ := pickWeighted(g, civTypeWeights)
		age := 1100 * math.Pow(g.float(), 1.6)
		base := pickCivBase(g, typ, daysBefore(age))
		models = append(models, newCivModel(g, creators, typ, base, age, g.chance(0.2)))
	}

	// Ids grow with the first publication, like the real ones; newest-version
	// times are made unique so that a date is a complete cursor.
	slices.SortStableFunc(models, func(a, b *civModel) int {
		return a.versions[len(a.versions)-1].published.Compare(b.versions[len(b.versions)-1].published)
	})
	id := int64(4000)
	var versions []*civVersion
	for _, m := range models {
		id += int64(g.between(80, 1300))
		m.id = id
		for i := range m.versions {
			versions = append(versions, &m.versions[i])
		}
	}
	slices.SortStableFunc(versions, func(a, b *civVersion) int { return a.published.Compare(b.published) })
	vid := int64(10000)
	for _, v := range versions {
		vid += int64(g.between(100, 1400))
		v.id = vid
	}
	byLatest := slices.Clone(models)
	slices.SortStableFunc(byLatest, func(a, b *civModel) int { return a.latest.Compare(b.latest) })
	for i := 1; i < len(byLatest); i++ {
		if !byLatest[i].latest.After(byLatest[i-1].latest) {
			byLatest[i].latest = byLatest[i-1].latest.Add(time.Millisecond)
			byLatest[i].versions[0].published = byLatest[i].latest
		}
	}

	s := &civitaiSnapshot{models: models}
	s.sortAll()
	return s
}

// sortAll computes every listing order of s.models.
func (s *civitaiSnapshot) sortAll() {
	models := s.models
	s.sorted = map[string][]*civModel{}
	for _, sort := range civSorts {
		order := slices.Clone(models)
		slices.SortFunc(order, func(a, b *civModel) int { return compareKeys(civSortKey(sort, a), civSortKey(sort, b)) })
		s.sorted[sort] = order
	}
	s.sorted[civQuerySort] = slices.Clone(models)
	slices.SortFunc(s.sorted[civQuerySort], func(a, b *civModel) int {
		return compareKeys(civSortKey(civQuerySort, a), civSortKey(civQuerySort, b))
	})
}

// civQuerySort is the internal order of full-text search results: id
// descending, as the search index returns them.
const civQuerySort = "query"

// civKey is a position in a listing order: listings ascend by key.
type civKey [3]int64

func compareKeys(a, b civKey) int {
	for i := range a {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// civSortKey returns m's key in the given order. Numeric sorts descend by a
// primary and a secondary counter, then by id.
func civSortKey(sort string, m *civModel) civKey {
	s := m.stats
	switch sort {
	case "Most Downloaded":
		return civKey{-s.downloads, -s.thumbsUp, -m.id}
	case "Most Liked":
		return civKey{-s.thumbsUp, -s.downloads, -m.id}
	case "Most Discussed":
		return civKey{-s.comments, -s.thumbsUp, -m.id}
	case "Most Collected":
		return civKey{-m.collected, -s.thumbsUp, -m.id}
	case "Most Images":
		return civKey{-m.imageCount, -s.thumbsUp, -m.id}
	case "Newest":
		return civKey{-m.latest.UnixMilli(), -m.id, 0}
	case "Oldest":
		return civKey{m.latest.UnixMilli(), m.id, 0}
	case civQuerySort:
		return civKey{-m.id, 0, 0}
	default: // Highest Rated
		return civKey{-(s.thumbsUp - 4*s.thumbsDown), -s.downloads, -m.id}
	}
}

// pickCivBase picks a base model for typ among those that existed at t.
func pickCivBase(g *gen, typ string, t time.Time) string {
	ws, ok := civBaseWeights[typ]
	if !ok {
		ws = civBaseWeights["LORA"]
		if typ != "LoCon" && typ != "DoRA" {
			ws = civBaseWeights["other"]
		}
	}
	var avail []weighted[string]
	for _, w := range ws {
		if !civBaseSince(w.v).After(t) {
			avail = append(avail, w)
		}
	}
	if len(avail) == 0 {
		return "SD 1.5"
	}
	return pickWeighted(g, avail)
}

func civBaseSince(base string) time.Time {
	t, err := time.Parse(time.DateOnly, civBases[base].since)
	if err != nil {
		panic("hub: bad base model date for " + base)
	}
	return t
}

// newCivModel generates one model whose newest version is ageDays old.
func newCivModel(g *gen, creators []civCreator, typ, base string, ageDays float64, nsfw bool) *civModel {
	m := &civModel{typ: typ, nsfw: nsfw, seed: g.r.Uint64(), creator: pick(g, creators)}
	m.latest = daysBefore(ageDays)
	m.name = civModelName(g, typ, base)

	n := 1
	for n < 5 && g.chance(0.38) {
		n++
	}
	scheme := g.intn(4)
	at := m.latest
	firstDay := civBaseSince("SD 1.5")
	for i := range n {
		b := base
		if i > 0 && g.chance(0.12) {
			b = pickCivBase(g, typ, at)
		}
		m.versions = append(m.versions, civVersion{name: civVersionName(scheme, n-i, b), base: b, published: at})
		at = at.Add(-time.Duration(g.uniform(2, 80) * float64(24*time.Hour))).Truncate(time.Millisecond)
		if at.Before(firstDay) {
			break
		}
	}

	if nsfw {
		m.nsfwLevel = pickWeighted(g, []weighted[int]{{28, 30}, {31, 40}, {12, 10}, {24, 10}, {15, 10}})
	} else {
		m.nsfwLevel = pickWeighted(g, []weighted[int]{{1, 40}, {3, 25}, {7, 15}, {15, 10}, {31, 10}})
	}
	m.tags = civTags(g, typ, nsfw)
	m.commercial = pick(g, [][]string{{}, {"Image"}, {"Image", "RentCivit"}, {"RentCivit", "Rent", "Image"}, {"Image", "RentCivit", "Rent", "Sell"}})
	m.noCredit, m.derivs, m.difLicense = g.chance(0.6), g.chance(0.85), g.chance(0.5)
	m.supportGen = (typ == "LORA" || typ == "Checkpoint") && g.chance(0.7)

	// Downloads grow with age and a heavy-tailed popularity.
	pop := g.lognormal(1.5)
	switch typ {
	case "Checkpoint":
		pop *= 3
	case "TextualInversion", "VAE", "Upscaler":
		pop *= 1.5
	}
	dl := int64(pop * 35 * math.Pow(ageDays+2, 0.75))
	up := int64(float64(dl) * g.uniform(0.02, 0.11))
	m.stats = civStats{
		downloads:  dl,
		thumbsUp:   up,
		thumbsDown: int64(float64(up) * g.uniform(0, 0.012)),
		comments:   int64(float64(up) * g.uniform(0.004, 0.03)),
		tipped:     int64(float64(dl) * g.uniform(0, 0.04)),
	}
	m.collected = int64(float64(up) * g.uniform(0.3, 1.3))
	m.imageCount = int64(float64(up)*g.uniform(0.03, 0.4)) + int64(n)
	return m
}

// civUsername makes a creator name such as "NeonFox", "pixel_monk42".
func civUsername(g *gen) string {
	head, tail := pick(g, civUserHeads), pick(g, civUserTails)
	switch g.intn(4) {
	case 0:
		return titleWord(head) + titleWord(tail)
	case 1:
		return head + "_" + tail + itoa(g.between(1, 99))
	case 2:
		return titleWord(head) + titleWord(tail) + itoa(g.between(1, 9))
	default:
		return head + tail
	}
}

// civModelName makes a plausible model name for the type and base model.
func civModelName(g *gen, typ, base string) string {
	style, subject := pick(g, civStyles), pick(g, civSubjects)
	short := civBases[base].short
	var name string
	switch typ {
	case "Checkpoint":
		name = pick(g, civCheckpointHeads) + pick(g, civCheckpointTails)
		switch {
		case base == "SDXL 1.0" || base == "SDXL Lightning":
			name += pick(g, []string{" XL", "XL", " SDXL"})
		case short != "" && base != "SD 1.5" && g.chance(0.7):
			name += " " + short
		}
		return name
	case "TextualInversion":
		return pick(g, []string{
			"Easy" + strings.ReplaceAll(pick(g, civBodyParts), " ", "") + " Negative",
			"Bad " + pick(g, civBodyParts) + " Embedding",
			style + " Embedding",
			"Negative " + style,
		})
	case "Controlnet":
		return "ControlNet " + pick(g, civControlModes) + " " + cmp.Or(short, "SD1.5")
	case "VAE":
		return pick(g, []string{pick(g, civCheckpointHeads) + " VAE", cmp.Or(short, "SD1.5") + " Fixed VAE", "Color Boost VAE " + short})
	case "Upscaler":
		return pick(g, []string{"4x-", "2x-", "8x-"}) + pick(g, civCheckpointHeads) + pick(g, civCheckpointTails)
	case "Workflows":
		return pick(g, []string{subject + " Workflow for ComfyUI", "All-in-one " + cmp.Or(short, "SDXL") + " Workflow", style + " img2img Workflow"})
	case "Poses":
		return subject + " Pose Pack"
	case "MotionModule":
		return "AnimateDiff " + style + " Motion"
	case "Wildcards":
		return subject + " Wildcards"
	case "Detection":
		return pick(g, civBodyParts) + " Detailer (YOLO)"
	case "Other":
		return style + " Toolkit"
	}
	switch g.intn(7) {
	case 0:
		name = style + " Style"
	case 1:
		name = subject + " Enhancer"
	case 2:
		name = subject + " Slider"
	case 3:
		name = style + " " + subject
	case 4:
		name = "Better " + subject
	case 5:
		name = subject + " Concept"
	default:
		name = style + " Aesthetic"
	}
	if typ != "LORA" {
		name += " " + typ
	}
	if short != "" && g.chance(0.45) {
		name += pick(g, []string{" - " + short, " [" + short + "]", " | " + short, " (" + short + ")"})
	}
	return name
}

// civVersionName names the num-th version (1-based) in a model's scheme.
func civVersionName(scheme, num int, base string) string {
	switch scheme {
	case 0:
		return "v" + itoa(num) + ".0"
	case 1:
		return "V" + itoa(num)
	case 2:
		return "v1." + itoa(num-1)
	default:
		if s := civBases[base].short; s != "" {
			return s + " v" + itoa(num)
		}
		return "v" + itoa(num)
	}
}

// civTags picks a model's tags: a kind for its type, then a few topics.
func civTags(g *gen, typ string, nsfw bool) []string {
	var tags []string
	switch typ {
	case "Checkpoint":
		tags = []string{"base model", pick(g, civCheckpointStyles)}
	case "LORA", "LoCon", "DoRA":
		tags = []string{pick(g, civLoraKinds)}
	case "TextualInversion":
		tags = []string{pick(g, []string{"negative embedding", "style", "concept"})}
	case "Workflows", "Wildcards", "Upscaler", "Detection", "VAE", "Controlnet":
		tags = []string{"tool"}
	case "Poses":
		tags = []string{"poses"}
	default:
		tags = []string{"concept"}
	}
	for range g.intn(5) {
		tags = append(tags, pick(g, civTagPool))
	}
	if nsfw {
		tags = append(tags, pick(g, civNSFWTags))
	}
	slices.Sort(tags[1:])
	return slices.Compact(tags)
}
