package config

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLock: `lock` is fail or wait, fail by default; MANIFESTGEN_LOCK wins
// over the file; anything else is an error naming its place.
func TestLock(t *testing.T) {
	tests := []struct {
		name, file string
		env        string
		want       string
		wantErr    string
	}{
		{name: "default", want: LockFail},
		{name: "file", file: "lock: wait\n", want: LockWait},
		{name: "env over file", file: "lock: wait\n", env: "fail", want: LockFail},
		{name: "env", env: "wait", want: LockWait},
		{name: "bad file", file: "lock: block\n", wantErr: `c.yaml:1: lock: want fail or wait, got "block"`},
		{name: "bad env", env: "yes", wantErr: EnvLock + `: want fail or wait, got "yes"`},
	}
	base := "sources:\n  civitai:\n    filters:\n      - {name: a, query: {types: LORA}, limit: 5}\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{EnvConfig: write(t, filepath.Join(dir, "c.yaml"), tt.file+base), EnvLock: tt.env}
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
			if cfg.Lock != tt.want {
				t.Fatalf("Lock = %q, want %q", cfg.Lock, tt.want)
			}
		})
	}
	cfg, err := Load(nil, t.TempDir()) // the embedded default
	if err != nil || cfg.Lock != LockFail {
		t.Fatalf("embedded default: %v, Lock %q", err, cfg.Lock)
	}
}
