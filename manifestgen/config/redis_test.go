package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRedisConfig(t *testing.T) {
	base := "sources:\n  civitai:\n    filters:\n      - {name: a, query: {types: LORA}, limit: 5}\n"
	tests := []struct {
		name    string
		file    string
		env     map[string]string
		want    Redis
		wantErr string
	}{
		{name: "off by default"},
		{name: "file", file: "redis: {url: \"redis://r:6379/1\", fail: closed, fallbackRPS: 2}\n",
			want: Redis{URL: "redis://r:6379/1", Fail: "closed", FallbackRPS: 2}},
		{name: "env over file", file: "redis: {url: \"redis://r:6379/1\", fail: closed}\n",
			env:  map[string]string{EnvRedisURL: "redis://:pw@other:6379/0", EnvRedisFail: "local"},
			want: Redis{URL: "redis://:pw@other:6379/0", Fail: "local"}},
		{name: "bad fail", file: "redis: {fail: open}\n", wantErr: `redis.fail: want local or closed, got "open"`},
		{name: "bad env fail", env: map[string]string{EnvRedisFail: "maybe"}, wantErr: EnvRedisFail},
		{name: "unknown key", file: "redis: {uri: x}\n", wantErr: "c.yaml:1: redis.uri: unknown key (known: url, fail, fallbackRPS)"},
		{name: "negative fallback", file: "redis: {fallbackRPS: -1}\n", wantErr: "redis.fallbackRPS: must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{EnvConfig: write(t, filepath.Join(dir, "c.yaml"), tt.file+base)}
			for k, v := range tt.env {
				env[k] = v
			}
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
			if cfg.Redis != tt.want {
				t.Fatalf("redis %+v, want %+v", cfg.Redis, tt.want)
			}
		})
	}
}
