package hub

import "sync"

// The snapshot is built on first use and shared by every Hub.
var (
	civitai     = sync.OnceValue(func() *civitaiSnapshot { return buildCivitAI(civitaiSeed) })
	huggingface = sync.OnceValue(func() *hfSnapshot { return buildHF(hfSeed) })
)
