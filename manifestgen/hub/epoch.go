package hub

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// epochSeed seeds the steps of Options.Epoch (a stream per step).
const epochSeed = 0x45504f4348 // "EPOCH"

// Shifted snapshots (Options.Epoch > 0), by scale and epoch, built on first
// use and kept for the life of the process.
var (
	shiftedMu sync.Mutex
	shiftedAt = map[[2]int]struct {
		civ *civitaiSnapshot
		hf  *hfSnapshot
	}{}
)

// shifted returns the snapshots of the given scale moved by epoch steps
// (capped at MaxEpoch). The snapshots as built are not modified: changed
// models are copies.
func shifted(scale, epoch int) (*civitaiSnapshot, *hfSnapshot) {
	epoch = min(epoch, MaxEpoch)
	scale = max(scale, 1)
	shiftedMu.Lock()
	defer shiftedMu.Unlock()
	k := [2]int{scale, epoch}
	if s, ok := shiftedAt[k]; ok {
		return s.civ, s.hf
	}
	civ, hf := buildShifted(civitaiScaled(scale), huggingface(), epoch)
	shiftedAt[k] = struct {
		civ *civitaiSnapshot
		hf  *hfSnapshot
	}{civ, hf}
	return civ, hf
}

// buildShifted returns civ and hf moved by epoch steps, leaving them as
// they are.
func buildShifted(civ *civitaiSnapshot, hf *hfSnapshot, epoch int) (*civitaiSnapshot, *hfSnapshot) {
	c := &civitaiSnapshot{models: slices.Clone(civ.models)}
	h := &hfSnapshot{models: slices.Clone(hf.models)}
	for step := 1; step <= epoch; step++ {
		g := newGen(epochSeed, uint64(step))
		stepCivitAI(g, c)
		stepHF(g, h)
	}
	c.sortAll()
	h.sortAll()
	return c, h
}

// fraction returns about p of n, at least 1 when n > 0.
func fraction(n int, p float64) int {
	if n == 0 {
		return 0
	}
	return max(1, int(float64(n)*p))
}

// stepCivitAI moves s.models one step: removals, new versions, counter
// moves, new models. Ids, version ids and newest-version times stay unique
// and keep growing, as the real ones do.
func stepCivitAI(g *gen, s *civitaiSnapshot) {
	ms := s.models
	n := len(ms)
	var maxID, maxVid int64
	var maxLatest time.Time
	for _, m := range ms {
		maxID = max(maxID, m.id)
		for _, v := range m.versions {
			maxVid = max(maxVid, v.id)
		}
		if m.latest.After(maxLatest) {
			maxLatest = m.latest
		}
	}
	next := func() time.Time { maxLatest = maxLatest.Add(time.Millisecond); return maxLatest }

	for range fraction(n, 0.01) { // removed (taken down)
		i := g.intn(len(ms))
		ms = slices.Delete(ms, i, i+1)
	}
	for range fraction(n, 0.02) { // a new version
		i := g.intn(len(ms))
		m := *ms[i]
		maxVid += int64(g.between(100, 1400))
		v := civVersion{id: maxVid, name: fmt.Sprintf("v%d.0", len(m.versions)+1), base: m.versions[0].base, published: next()}
		m.versions = append([]civVersion{v}, m.versions...)
		m.latest = v.published
		m.stats.downloads += int64(g.between(50, 5000))
		ms[i] = &m
	}
	for range fraction(n, 0.05) { // counters move
		i := g.intn(len(ms))
		m := *ms[i]
		m.stats.downloads = int64(float64(m.stats.downloads)*g.uniform(1.1, 3)) + int64(g.between(100, 2000))
		m.stats.thumbsUp = int64(float64(m.stats.thumbsUp)*g.uniform(1.1, 2)) + int64(g.between(10, 200))
		ms[i] = &m
	}
	for range fraction(n, 0.01) { // new models
		src := pick(g, ms)
		m := newCivModel(g, []civCreator{pick(g, ms).creator}, src.typ, src.versions[0].base, g.uniform(0.05, 6), src.nsfw)
		maxID += int64(g.between(80, 1300))
		m.id = maxID
		for i := len(m.versions) - 1; i >= 0; i-- {
			maxVid += int64(g.between(100, 1400))
			m.versions[i].id = maxVid
		}
		m.latest = next()
		m.versions[0].published = m.latest
		m.stats.downloads += int64(g.between(1000, 50000)) // a hit, so that listings show it
		m.stats.thumbsUp += int64(g.between(100, 5000))
		ms = append(ms, m)
	}
	s.models = ms
}

// stepHF moves s.models one step: removals, new commits, counter moves,
// new repos (forks of existing ones under a new name).
func stepHF(g *gen, s *hfSnapshot) {
	ms := s.models
	n := len(ms)
	ids := make(map[string]bool, len(ms))
	var maxModified time.Time
	for _, m := range ms {
		ids[m.id] = true
		if m.modified.After(maxModified) {
			maxModified = m.modified
		}
	}
	next := func() time.Time {
		maxModified = maxModified.Add(time.Duration(g.between(1, 3600)) * time.Second)
		return maxModified
	}

	for range fraction(n, 0.01) { // removed (deleted or made private)
		i := g.intn(len(ms))
		ms = slices.Delete(ms, i, i+1)
	}
	for range fraction(n, 0.02) { // a new commit
		i := g.intn(len(ms))
		m := *ms[i]
		m.sha = g.hex(40)
		m.modified = next()
		ms[i] = &m
	}
	for range fraction(n, 0.05) { // counters move
		i := g.intn(len(ms))
		m := *ms[i]
		m.downloads = int64(float64(m.downloads)*g.uniform(1.1, 3)) + int64(g.between(100, 5000))
		m.likes = int64(float64(m.likes)*g.uniform(1.1, 2)) + int64(g.between(10, 100))
		m.trending += int64(g.between(1, 50))
		ms[i] = &m
	}
	for range fraction(n, 0.01) { // new repos
		m := *pick(g, ms)
		for n := 2; ; n++ {
			id := fmt.Sprintf("%s-v%d", m.id, n)
			if !ids[id] {
				m.id = id
				break
			}
		}
		ids[m.id] = true
		m.oid = g.hex(24)
		m.sha = g.hex(40)
		m.created = next()
		m.modified = m.created
		m.seed = g.r.Uint64()
		m.downloads = int64(g.between(5000, 500000))
		m.likes = int64(g.between(10, 500))
		m.trending = int64(g.between(20, 200))
		ms = append(ms, &m)
	}
	s.models = ms
}
