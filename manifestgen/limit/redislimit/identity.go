package redislimit

import (
	"crypto/sha256"
	"encoding/hex"
)

// Anonymous is the identity of requests sent without a token.
const Anonymous = "anon"

// Identity names whose quota a token draws on, for Options.Identity: the
// first 16 hex digits of its SHA-256, or Anonymous for "". The token itself
// never reaches Redis.
func Identity(token string) string {
	if token == "" {
		return Anonymous
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:8])
}
