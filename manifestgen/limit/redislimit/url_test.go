package redislimit

import (
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		name, url string
		wantAddr  string
		wantPass  string
		wantDB    int
		wantRead  time.Duration
		wantErr   string
	}{
		{"unset", "", "", "", 0, 0, ""},
		{"plain", "redis://127.0.0.1:6379", "127.0.0.1:6379", "", 0, DefaultTimeout, ""},
		{"password and db", "redis://:hunter2@redis.internal:6380/3", "redis.internal:6380", "hunter2", 3, DefaultTimeout, ""},
		{"timeout kept", "redis://127.0.0.1:6379?read_timeout=2s", "127.0.0.1:6379", "", 0, 2 * time.Second, ""},
		{"bad scheme", "http://:hunter2@h:1", "", "", 0, 0, "invalid URL scheme"},
		{"bad db", "redis://:hunter2@h:1/x", "", "", 0, 0, "invalid database number"},
		{"not a URL", "redis://:hun%zzter2@h:1", "", "", 0, 0, "not a valid URL"},
		{"unknown option", "redis://:hunter2@h:1?password=hunter2", "", "", 0, 0, "unexpected option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := ParseURL(envMap{EnvURL: tt.url}.get)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseURL = %v; want error %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "hun%zz") {
					t.Errorf("error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.url == "" {
				if opts != nil {
					t.Fatalf("ParseURL of unset = %+v; want nil", opts)
				}
				return
			}
			if opts.Addr != tt.wantAddr || opts.Password != tt.wantPass || opts.DB != tt.wantDB ||
				opts.ReadTimeout != tt.wantRead || opts.DialTimeout != DefaultTimeout || !opts.ContextTimeoutEnabled {
				t.Errorf("ParseURL = addr %q pass %q db %d read %v dial %v ctx %v", opts.Addr, opts.Password, opts.DB,
					opts.ReadTimeout, opts.DialTimeout, opts.ContextTimeoutEnabled)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"redis://:hunter2@h:6379/0", "redis://:xxxxx@h:6379/0"},
		{"redis://user:hunter2@h:6379", "redis://user:xxxxx@h:6379"},
		{"redis://h:6379", "redis://h:6379"},
		{"redis://:hun%zz@h", "(unparsable URL)"},
		{"redis:hunter2@h:1", "redis:xxxxx"},
		{"redis://h:1/2?password=hunter2&dial_timeout=1s#hunter2", "redis://h:1/2?dial_timeout=xxxxx&password=xxxxx"},
		{"redis://u@h:1/:hunter2@", "redis://u@h:1/xxxxx"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzURL: whatever surrounds a password in MANIFESTGEN_REDIS_URL, neither
// Redact nor ParseURL's error shows it. The fuzzer varies what stands before
// and after ":<password>@"; the password is a marker that nothing else in
// the URL can spell by chance.
func FuzzURL(f *testing.F) {
	for _, s := range [][2]string{
		{"redis://", "127.0.0.1:6379/0"},
		{"rediss://default", "redis.example:6380/1?dial_timeout=1s"},
		{"redis://u", "h:1/x"}, {"unix://", "/tmp/redis.sock?db=2"}, {"redis://", "h:1?protocol=x"},
		{"redis://", "h:1?password=x"}, {"http://", "h"}, {"//", "\x80000"}, {"redis://x", "h#frag"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, before, after string) {
		raw := before + ":" + fuzzPassword + "@" + after
		if strings.Count(raw, fuzzPassword) != 1 { // a second one may stand anywhere, the host too
			return
		}
		if r := Redact(raw); strings.Contains(r, fuzzPassword) {
			t.Errorf("Redact(%q) = %q shows the password", raw, r)
		}
		if _, err := ParseURL(envMap{EnvURL: raw}.get); err != nil && strings.Contains(err.Error(), fuzzPassword) {
			t.Errorf("ParseURL(%q) error %q shows the password", raw, err)
		}
	})
}

// fuzzPassword is FuzzURL's password.
const fuzzPassword = "Zq9PwX7k"
