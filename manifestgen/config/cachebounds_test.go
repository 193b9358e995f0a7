package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The cache bounds: embedded defaults, file, environment over file, and
// errors that name the place.
func TestCacheBounds(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		env      map[string]string
		wantAge  time.Duration
		wantSize int64
		wantErr  string
	}{
		{name: "defaults", wantAge: DefaultCacheMaxAge, wantSize: DefaultCacheMaxSize},
		{name: "file", file: "cacheMaxAge: 48h\ncacheMaxSize: 10MB\n", wantAge: 48 * time.Hour, wantSize: 10e6},
		{name: "env over file", file: "cacheMaxAge: 48h\ncacheMaxSize: 10MB\n",
			env: map[string]string{EnvCacheAge: "0", EnvCacheSize: "1GiB"}, wantAge: 0, wantSize: 1 << 30},
		{name: "no bounds", file: "cacheMaxAge: 0s\ncacheMaxSize: 0\n", wantAge: 0, wantSize: 0},
		{name: "bad env age", env: map[string]string{EnvCacheAge: "monthly"}, wantErr: EnvCacheAge + `: want a duration such as 720h or 0, got "monthly"`},
		{name: "negative env age", env: map[string]string{EnvCacheAge: "-1h"}, wantErr: EnvCacheAge},
		{name: "bad env size", env: map[string]string{EnvCacheSize: "-5MiB"}, wantErr: EnvCacheSize + `: want a size like 8MiB`},
		{name: "bad file size", file: "cacheMaxSize: lots\n", wantErr: `c.yaml:1: cacheMaxSize: want a size like 8MiB`},
		{name: "negative file age", file: "cacheMaxAge: -1m\n", wantErr: `cacheMaxAge: must not be negative`},
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
			if cfg.CacheMaxAge != tt.wantAge || cfg.CacheMaxSize != tt.wantSize {
				t.Fatalf("cacheMaxAge %v cacheMaxSize %d, want %v %d", cfg.CacheMaxAge, cfg.CacheMaxSize, tt.wantAge, tt.wantSize)
			}
		})
	}
}
