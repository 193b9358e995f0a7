package hub

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"
)

// stateDigest hashes what the epoch steps change, in listing order (cheaper
// than snapshotDigest, which renders every model).
func stateDigest(c *civitaiSnapshot, h *hfSnapshot) string {
	sum := sha256.New()
	for _, m := range c.sorted["Most Downloaded"] {
		fmt.Fprintln(sum, m.id, m.name, m.stats, m.latest.UnixMilli(), m.versions)
	}
	for _, m := range h.sorted["downloads"] {
		fmt.Fprintln(sum, m.id, m.oid, m.sha, m.modified.UnixMilli(), m.downloads, m.likes, m.trending)
	}
	return fmt.Sprintf("%x", sum.Sum(nil))
}

// TestEpochShifts: an epoch is deterministic, moves the data (models gone,
// new ones, new versions and commits), and leaves the snapshot as built
// (epoch 0) untouched.
func TestEpochShifts(t *testing.T) {
	before := stateDigest(civitai(), huggingface())
	c1, h1 := buildShifted(civitai(), huggingface(), 2)
	c2, h2 := buildShifted(civitai(), huggingface(), 2)
	if stateDigest(c1, h1) != stateDigest(c2, h2) {
		t.Fatal("two builds of epoch 2 differ")
	}
	if stateDigest(civitai(), huggingface()) != before {
		t.Fatal("shifting changed the snapshot as built")
	}
	e1c, e1h := buildShifted(civitai(), huggingface(), 1)
	if stateDigest(e1c, e1h) == stateDigest(c1, h1) {
		t.Error("epochs 1 and 2 give the same data")
	}

	base := map[int64]*civModel{}
	for _, m := range civitai().models {
		base[m.id] = m
	}
	var added, removed, versioned int
	now := map[int64]bool{}
	for _, m := range e1c.models {
		now[m.id] = true
		b, ok := base[m.id]
		switch {
		case !ok:
			added++
		case m.versions[0].id != b.versions[0].id:
			versioned++
		}
	}
	for id := range base {
		if !now[id] {
			removed++
		}
	}
	if added != 30 || removed != 30 || versioned < 50 {
		t.Errorf("civitai epoch 1: %d added, %d removed, %d new versions", added, removed, versioned)
	}
	hfBase := map[string]*hfModel{}
	for _, m := range huggingface().models {
		hfBase[m.id] = m
	}
	var hfAdded, commits int
	for _, m := range e1h.models {
		b, ok := hfBase[m.id]
		switch {
		case !ok:
			hfAdded++
		case m.sha != b.sha:
			commits++
		}
	}
	if hfAdded == 0 || commits == 0 || len(e1h.models) != len(huggingface().models) {
		t.Errorf("huggingface epoch 1: %d added, %d new commits, %d models (was %d)", hfAdded, commits, len(e1h.models), len(huggingface().models))
	}

	// Through the API: epoch 0 answers as the default hub, epoch 1 differently.
	u := civURL("limit", "100", "sort", "Newest")
	_, def := get(t, New(Options{}), u)
	_, zero := get(t, New(Options{Epoch: 0}), u)
	_, one := get(t, New(Options{Epoch: 1}), u)
	if !bytes.Equal(def, zero) || bytes.Equal(def, one) {
		t.Error("epoch 0 must answer as the default hub and epoch 1 differently")
	}
	hu := hfURL("limit", "1000", "sort", "lastModified")
	_, hdef := get(t, New(Options{}), hu)
	_, hone := get(t, New(Options{Epoch: 1}), hu)
	if bytes.Equal(hdef, hone) {
		t.Error("Hugging Face epoch 1 answers as epoch 0")
	}
}
