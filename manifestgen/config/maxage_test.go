package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMaxAgeAndCacheDir(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		env       map[string]string
		wantAge   time.Duration
		wantCache string
		wantErr   string
	}{
		{name: "defaults", wantAge: DefaultMaxAge, wantCache: DefaultCacheDir},
		{name: "file", file: "maxAge: 6h\ncache: /tmp/c\n", wantAge: 6 * time.Hour, wantCache: "/tmp/c"},
		{name: "env over file", file: "maxAge: 6h\ncache: /tmp/c\n",
			env: map[string]string{EnvMaxAge: "0", EnvCacheDir: "off"}, wantAge: 0, wantCache: ""},
		{name: "env duration", env: map[string]string{EnvMaxAge: "90s"}, wantAge: 90 * time.Second, wantCache: DefaultCacheDir},
		{name: "bad env", env: map[string]string{EnvMaxAge: "soon"}, wantErr: EnvMaxAge + `: want a duration such as 6h or 0, got "soon"`},
		{name: "negative env", env: map[string]string{EnvMaxAge: "-1h"}, wantErr: EnvMaxAge},
		{name: "bad file", file: "maxAge: often\n", wantErr: `c.yaml:1: maxAge: want a duration`},
		{name: "negative file", file: "maxAge: -1m\n", wantErr: `maxAge: must not be negative`},
	}
	base := "sources:\n  civitai:\n    filters:\n      - {name: a, query: {types: LORA}, limit: 5}\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = v
			}
			env[EnvConfig] = write(t, filepath.Join(dir, "c.yaml"), tt.file+base)
			cfg, err := Load(func(k string) string { return env[k] }, dir)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.MaxAge != tt.wantAge || cfg.CacheDir != tt.wantCache {
				t.Fatalf("maxAge %v cache %q, want %v %q", cfg.MaxAge, cfg.CacheDir, tt.wantAge, tt.wantCache)
			}
		})
	}
}
