package targets

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestInvoked(t *testing.T) {
	tests := []struct {
		args    []string
		zero    string
		mod     string
		command string
		prefix  string
		imp     bool
	}{
		{[]string{"dev:bootstrap"}, "1", Module, "go run magefile.go", "", false},
		{[]string{"-v", "Models:Dev:Bootstrap"}, "", "example.com/site", "mage", "models:", true},
		{[]string{"site", "web:models:dev:bootstrap"}, "", "example.com/site", "mage", "web:models:", true},
		{nil, "", "", "mage", "", false},
	}
	for _, tt := range tests {
		inv := invoked("dev:bootstrap", tt.args, func(k string) string {
			if k == ZeroInstallEnv {
				return tt.zero
			}
			return ""
		}, tt.mod)
		if inv.command != tt.command || inv.prefix != tt.prefix || inv.imported != tt.imp {
			t.Errorf("%q in %q: %+v; want %q %q imported %v", tt.args, tt.mod, inv, tt.command, tt.prefix, tt.imp)
		}
	}
	if m := modulePath("../../go.mod"); m != Module {
		t.Errorf("modulePath = %q; want %q", m, Module)
	}
}

// Imported into another repository, bootstrap's hints name the targets
// under their alias and the importing repo's way of running mage, and no
// target of this project's own build.
func TestBootstrapHintsImported(t *testing.T) {
	var out bytes.Buffer
	err := bootstrap(context.Background(), bootstrapEnv{
		getenv:   func(string) string { return "" },
		dir:      t.TempDir(),
		out:      &out,
		goCmd:    func(context.Context, ...string) (string, error) { return "go1.26.0", nil },
		generate: func(context.Context) error { return nil },
		run:      invocation{command: "go tool mage", prefix: "models:", imported: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, hints, _ := strings.Cut(out.String(), "Next:\n")
	for _, want := range []string{"go tool mage models:manifests:all", "go tool mage models:manifests:verify"} {
		if !strings.Contains(hints, want) {
			t.Errorf("hints lack %q:\n%s", want, hints)
		}
	}
	for _, not := range []string{"magefile.go", " build", "go test"} {
		if strings.Contains(hints, not) {
			t.Errorf("hints name %q:\n%s", not, hints)
		}
	}
}

// dev:bootstrap says what -race lacks: cgo, or the C compiler go env CC
// names, with what to install.
func TestRaceHint(t *testing.T) {
	tests := []struct {
		env, found string
		want       string // "": no hint
	}{
		{"1\ngcc", "gcc", ""},
		{"1\nclang -m64", "clang", ""},
		{"0\ngcc", "gcc", "needs cgo, and CGO_ENABLED=0"},
		{"1\ngcc", "", "CC=gcc is not found; install gcc or clang"},
		{"1\n", "", "go env CC is empty"},
	}
	for _, tt := range tests {
		hint := raceHint(context.Background(), bootstrapEnv{
			goCmd: func(context.Context, ...string) (string, error) { return tt.env, nil },
			lookPath: func(name string) (string, error) {
				if name == tt.found {
					return "/usr/bin/" + name, nil
				}
				return "", errors.New("not found")
			},
		})
		if (tt.want == "") != (hint == "") || !strings.Contains(hint, tt.want) {
			t.Errorf("%q: hint %q; want %q", tt.env, hint, tt.want)
		}
	}
}
