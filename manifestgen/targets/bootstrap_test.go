package targets

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/config"
)

func TestGoAtLeast(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"go1.26.8", true}, {"go1.26", true}, {"go1.27rc1", true}, {"go1.25.9", false}, {"go2.0", true}, {"go1.3", false},
	}
	for _, tt := range tests {
		if got := goAtLeast(tt.v, "go1.26"); got != tt.want {
			t.Errorf("goAtLeast(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestBootstrap(t *testing.T) {
	dir := t.TempDir()
	var generated int
	env := func(out *bytes.Buffer, goVersion string) bootstrapEnv {
		return bootstrapEnv{
			getenv: func(string) string { return "" },
			dir:    dir,
			out:    out,
			goCmd: func(_ context.Context, args ...string) (string, error) {
				if args[0] == "env" {
					return goVersion, nil
				}
				return "", nil
			},
			generate: func(context.Context) error { generated++; return nil },
		}
	}
	var first bytes.Buffer
	if err := bootstrap(context.Background(), env(&first, "go1.26.8")); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, config.FileName)
	data, err := os.ReadFile(cfgPath)
	if err != nil || !bytes.Equal(data, config.Default()) {
		t.Fatalf("config not created from the default: %v", err)
	}
	if !strings.Contains(first.String(), "wrote "+cfgPath) || !strings.Contains(first.String(), "go run magefile.go build") {
		t.Errorf("first run output:\n%s", first.String())
	}

	// Idempotent: the edited config is kept, manifests are asked for again
	// (Run itself skips them when fresh).
	if err := os.WriteFile(cfgPath, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := bootstrap(context.Background(), env(&second, "go1.26.8")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(cfgPath); string(data) != "# mine\n" {
		t.Error("bootstrap overwrote an existing config")
	}
	if !strings.Contains(second.String(), "kept as it is") || generated != 2 {
		t.Errorf("second run: generated %d\n%s", generated, second.String())
	}

	var old bytes.Buffer
	if err := bootstrap(context.Background(), env(&old, "go1.22.1")); err == nil || !strings.Contains(err.Error(), "needs go1.26") {
		t.Errorf("old Go: err = %v", err)
	}
}

func TestBootstrapGenerateFailureSuggestsEmbedded(t *testing.T) {
	err := bootstrap(context.Background(), bootstrapEnv{
		getenv:   func(string) string { return "" },
		dir:      t.TempDir(),
		out:      &bytes.Buffer{},
		goCmd:    func(context.Context, ...string) (string, error) { return "go1.26.0", nil },
		generate: func(context.Context) error { return errors.New("dial tcp: no route") },
	})
	if err == nil || !strings.Contains(err.Error(), "MANIFESTGEN_HUB=embedded") {
		t.Fatalf("err = %v", err)
	}
}

// TestBootstrapHintsKeepHub: after an embedded bootstrap every "next"
// command that generates manifests keeps MANIFESTGEN_HUB=embedded (a bare
// build would go live); after a live one none adds it.
func TestBootstrapHintsKeepHub(t *testing.T) {
	for _, hub := range []string{"", "live", "embedded"} {
		var out bytes.Buffer
		err := bootstrap(context.Background(), bootstrapEnv{
			getenv: func(k string) string {
				if k == "MANIFESTGEN_HUB" {
					return hub
				}
				return ""
			},
			dir:      t.TempDir(),
			out:      &out,
			goCmd:    func(context.Context, ...string) (string, error) { return "go1.26.0", nil },
			generate: func(context.Context) error { return nil },
		})
		if err != nil {
			t.Fatal(err)
		}
		_, hints, _ := strings.Cut(out.String(), "Next:\n")
		var generating int
		for _, line := range strings.Split(strings.TrimSpace(hints), "\n") {
			cmd, _, _ := strings.Cut(strings.TrimSpace(line), "#")
			if !strings.Contains(cmd, "magefile.go") {
				continue
			}
			generating++
			if embedded := strings.HasPrefix(cmd, "MANIFESTGEN_HUB=embedded "); embedded != (hub == "embedded") {
				t.Errorf("hub %q: hint %q", hub, line)
			}
		}
		if generating != 2 {
			t.Errorf("hub %q: %d generating hints, want 2:\n%s", hub, generating, hints)
		}
	}
}
