package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"github.com/manifestgen/manifestgen/manifestgen/schemas"
)

// seenDigest is the SHA-256 digest of seen.schema.json that parseSeen was
// written for; see fastDigests.
const seenDigest = "8a133dac871b803f669a14ef197c663dd99acdd2af669dcd379da04c25b6a8b7"

// fastSeen reports whether parseSeen may be used, checked once.
var fastSeen = sync.OnceValue(func() bool {
	data, err := schemas.FS.ReadFile(schemas.Seen)
	sum := sha256.Sum256(data)
	return err == nil && hex.EncodeToString(sum[:]) == seenDigest
})

// seenDoc is what the cross-file checks need of a seen file.
type seenDoc struct {
	source  string
	removed map[string]bool // by model id: whether the entry has removedAt
}

// parseSeen is the fast path for a seen file (seen.schema.json): it accepts
// only what the full path accepts without a violation, and decodes it the
// same way.
func parseSeen(data []byte) (*seenDoc, bool) {
	s := scanner{b: data}
	d := &seenDoc{}
	var have uint8
	ok := s.object(func(k []byte) bool {
		var bit uint8
		ok := true
		switch string(k) {
		case "source":
			bit = 1
			d.source, ok = s.str()
			ok = ok && isSourceName(d.source)
		case "models":
			bit = 2
			d.removed = make(map[string]bool, len(data)/160)
			ok = s.object(func(key []byte) bool {
				id := string(key)
				if _, dup := d.removed[id]; dup || id == "" {
					return false
				}
				removed, ok := s.seenEntry()
				d.removed[id] = removed
				return ok
			})
		default:
			return false
		}
		if !ok || have&bit != 0 {
			return false
		}
		have |= bit
		return true
	})
	return d, ok && have == 3 && s.end()
}

// seenEntry parses one entry of a seen file's models and reports whether it
// has removedAt.
func (s *scanner) seenEntry() (removed, ok bool) {
	var have uint8
	ok = s.object(func(k []byte) bool {
		var bit uint8
		switch string(k) {
		case "firstSeenAt":
			bit = 1
		case "changedAt":
			bit = 2
		case "removedAt":
			bit = 4
		default:
			return false
		}
		v, ok := s.str()
		if !ok || !isDateTime(v) || have&bit != 0 {
			return false
		}
		have |= bit
		return true
	})
	return have&4 != 0, ok && have&3 == 3
}

// SeenEntries reads a seen file the way the fast path does, without the
// schema library: its source and, per model id, whether the entry is marked
// removed. ok is false when the file is not exactly as the writer writes
// it (the caller then decodes it in full). The writer uses it to reuse an
// unchanged seen file cheaply.
func SeenEntries(data []byte) (source string, removed map[string]bool, ok bool) {
	if !fastSeen() {
		return "", nil, false
	}
	d, ok := parseSeen(data)
	if !ok {
		return "", nil, false
	}
	return d.source, d.removed, true
}
