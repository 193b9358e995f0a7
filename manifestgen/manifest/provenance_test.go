package manifest

import "testing"

func TestOrigin(t *testing.T) {
	tests := []struct{ endpoint, want string }{
		{"https://civitai.com", "https://civitai.com"},
		{"https://CivitAI.com:443/", "https://civitai.com"},
		{"HTTP://huggingface.co:80/api", "http://huggingface.co"},
		{"http://127.0.0.1:8765", "http://127.0.0.1:8765"},
		{"https://mirror.example:8443/hf/", "https://mirror.example:8443"},
		{"http://[::1]:9000", "http://[::1]:9000"},
		{"https://user:pw@host.example", "https://host.example"},
		{"ftp://host.example", ""},
		{"/relative", ""},
		{"https://", ""},
		{"https://bad_host$.example", ""},
	}
	for _, tt := range tests {
		got, err := Origin(tt.endpoint)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("Origin(%q) = %q, %v; want %q", tt.endpoint, got, err, tt.want)
		}
		if err != nil && tt.endpoint == "https://user:pw@host.example" {
			t.Errorf("error names the password: %v", err)
		}
	}
}

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
