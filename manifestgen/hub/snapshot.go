package hub

import "sync"

// The snapshot is built on first use and shared by every Hub.
var (
	civitai     = sync.OnceValue(func() *civitaiSnapshot { return buildCivitAI(civitaiSeed) })
	huggingface = sync.OnceValue(func() *hfSnapshot { return buildHF(hfSeed) })
)

// Scaled CivitAI snapshots (Options.Scale > 1), by scale, built on first
// use and kept for the life of the process.
var (
	scaledMu sync.Mutex
	scaled   = map[int]*civitaiSnapshot{}
)

// civitaiScaled returns the CivitAI snapshot of scale*civitaiCount models
// (the default snapshot for scale <= 1). Its first civitaiCount models are
// drawn exactly as the default snapshot's.
func civitaiScaled(scale int) *civitaiSnapshot {
	if scale <= 1 {
		return civitai()
	}
	scaledMu.Lock()
	defer scaledMu.Unlock()
	s, ok := scaled[scale]
	if !ok {
		s = buildCivitAIN(civitaiSeed, scale*civitaiCount)
		scaled[scale] = s
	}
	return s
}
