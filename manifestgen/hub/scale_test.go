package hub

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// Options.Scale serves a CivitAI snapshot of Scale*3000 models, built once
// per scale; the default hub and the Hugging Face snapshot are unchanged.
func TestScale(t *testing.T) {
	big := New(Options{Scale: 2})
	if n := len(big.civitaiSnap().models); n != 2*civitaiCount {
		t.Fatalf("scale 2: %d models; want %d", n, 2*civitaiCount)
	}
	if New(Options{Scale: 2}).civitaiSnap() != big.civitaiSnap() {
		t.Error("a second hub of the same scale built the snapshot again")
	}
	for _, s := range []int{0, 1} {
		if New(Options{Scale: s}).civitaiSnap() != civitai() {
			t.Errorf("scale %d: not the default snapshot", s)
		}
	}
	count := func(h *Hub, u string) (int, []byte) {
		t.Helper()
		_, body := get(t, h, u)
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		return len(page.Items), body
	}
	// A rare type: fewer than a page in the default snapshot, more at scale 2.
	u := civURL("limit", "100", "types", "Poses", "nsfw", "true")
	small, _ := count(New(Options{}), u)
	large, _ := count(big, u)
	if large <= small {
		t.Errorf("scale 2 lists %d models, scale 1 lists %d; want more", large, small)
	}
	hfu := hfURL("limit", "50", "pipeline_tag", pTextGen)
	_, a := get(t, New(Options{}), hfu)
	_, b := get(t, big, hfu)
	if !bytes.Equal(a, b) {
		t.Error("the Hugging Face snapshot changed with the scale")
	}
	start := time.Now()
	New(Options{Scale: 2})
	if d := time.Since(start); d > time.Second {
		t.Errorf("a second hub of scale 2 took %v; want the cached snapshot", d)
	}
}
