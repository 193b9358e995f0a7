package manifest

import "testing"

func TestCheckProvenance(t *testing.T) {
	tests := []struct {
		hub, origin string
		ok          bool
	}{
		{HubLive, "https://civitai.com", true},
		{HubLive, "http://127.0.0.1:8765", true},
		{HubLive, OriginEmbedded, false},
		{HubLive, "", false},
		{HubLive, "https://civitai.com/", false},
		{HubLive, "https://civitai.com:", false},
		{HubLive, "https://civitai.com:123456", false},
		{HubEmbedded, OriginEmbedded, true},
		{HubEmbedded, "http://127.0.0.1:41234", false},
		{"cache", OriginEmbedded, false},
	}
	for _, tt := range tests {
		if err := CheckProvenance(tt.hub, tt.origin); (err == nil) != tt.ok {
			t.Errorf("CheckProvenance(%q, %q) = %v, want ok %v", tt.hub, tt.origin, err, tt.ok)
		}
	}
}
