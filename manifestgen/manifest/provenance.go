package manifest

import (
	"fmt"
	"strings"
)

// OriginEmbedded is the origin recorded for data served by the embedded
// hub: its address is a random loopback port per run, so the index names
// the hub instead of an address that means nothing after the run.
const OriginEmbedded = "embedded"

// CheckProvenance reports whether an entry may record origin for hub:
// OriginEmbedded for HubEmbedded, an http(s) origin as config.Source.Origin
// returns it for HubLive.
func CheckProvenance(hub, origin string) error {
	switch hub {
	case HubEmbedded:
		if origin != OriginEmbedded {
			return fmt.Errorf("origin %q, want %q for the embedded hub", origin, OriginEmbedded)
		}
	case HubLive:
		if !IsOrigin(origin) {
			return fmt.Errorf("origin %q, want scheme://host[:port] of the live endpoint", origin)
		}
	default:
		return fmt.Errorf("hub %q, want %q or %q", hub, HubLive, HubEmbedded)
	}
	return nil
}

// IsOrigin reports whether s is an origin as config.Source.Origin returns
// it, matching
// index.schema.json's pattern
// ^https?://([a-z0-9._-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$.
func IsOrigin(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	var host, port string
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return false
		}
		host, port = rest[1:end], rest[end+1:]
		if host == "" || strings.Trim(host, "0123456789abcdef:.") != "" {
			return false
		}
	} else {
		host, port, _ = strings.Cut(rest, ":")
		if host == "" || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
			return false
		}
		if port != "" || strings.Contains(rest, ":") {
			port = ":" + port
		}
	}
	if port == "" {
		return true
	}
	digits, ok := strings.CutPrefix(port, ":")
	return ok && len(digits) >= 1 && len(digits) <= 5 && strings.Trim(digits, "0123456789") == ""
}
