// Package targets holds manifestgen's Mage targets. Import it into any
// magefile with
//
//	import (
//		// mage:import
//		"github.com/manifestgen/manifestgen/manifestgen/targets"
//	)
//
// and the targets appear as manifests:all, manifests:civitai, ... (or under
// an alias: "// mage:import site" gives site:manifests:all). Each target is
// a thin call into package manifestgen; the work and its tests live there.
package targets

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"

	"github.com/magefile/mage/mg"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
	"github.com/manifestgen/manifestgen/manifestgen/writer"
)

// Manifests generates, checks and removes the model manifests.
type Manifests mg.Namespace

// Civitai generates the CivitAI manifests (other sources' files are kept).
//
// Environment: CIVITAI_ENDPOINT, CIVITAI_API_KEY, MANIFESTGEN_CONFIG,
// MANIFESTGEN_OUT, MANIFESTGEN_HUB=embedded for the offline snapshot.
func (Manifests) Civitai(ctx context.Context) error {
	return generate(ctx, config.CivitAI)
}

// Huggingface generates the Hugging Face manifests (other sources' files are kept).
//
// Environment: HF_ENDPOINT, HF_TOKEN, MANIFESTGEN_CONFIG, MANIFESTGEN_OUT,
// MANIFESTGEN_HUB=embedded for the offline snapshot.
func (Manifests) Huggingface(ctx context.Context) error {
	return generate(ctx, config.HuggingFace)
}

// All generates the manifests of every configured source, concurrently.
//
// Each source has its own limits (they are different hosts). Environment as
// for manifests:civitai and manifests:huggingface.
func (Manifests) All(ctx context.Context) error {
	return generate(ctx)
}

// Clean removes the generated output (only files manifestgen wrote).
func (Manifests) Clean() error {
	cfg, err := config.Load(os.Getenv, ".")
	if err != nil {
		return err
	}
	return writer.Clean(cfg.Output)
}

// Verify checks the output dir against the schemas and cross-file rules.
func (Manifests) Verify() error {
	cfg, err := config.Load(os.Getenv, ".")
	if err != nil {
		return err
	}
	rep, err := verify.Dir(cfg.Output)
	if err != nil {
		return err
	}
	if err := rep.Err(); err != nil {
		fmt.Fprintln(os.Stderr, rep.String())
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: ok\n", cfg.Output)
	return nil
}

// Dev prepares a developer machine.
type Dev mg.Namespace

// Bootstrap sets up a machine: checks Go, downloads modules, writes manifestgen.yaml if missing, generates manifests.
//
// It never overwrites an existing config. Manifests are generated live unless
// MANIFESTGEN_HUB=embedded (offline work), and only when missing or stale, so
// a second run finishes in about a second. It ends with the next commands.
func (Dev) Bootstrap(ctx context.Context) error {
	return bootstrap(ctx, bootstrapEnv{
		getenv: os.Getenv, dir: ".", out: os.Stderr,
		goCmd: func(ctx context.Context, args ...string) (string, error) {
			out, err := exec.CommandContext(ctx, "go", args...).CombinedOutput()
			return strings.TrimSpace(string(out)), err
		},
		generate: func(ctx context.Context) error { return generate(ctx) },
		run:      osInvocation("dev:bootstrap"),
	})
}

// Hub runs the embedded hub.
type Hub mg.Namespace

// Serve runs the embedded hub on 127.0.0.1 until interrupted.
//
// MANIFESTGEN_HUB_ADDR sets the address (default 127.0.0.1:8765, loopback
// only); MANIFESTGEN_HUB_LATENCY adds a fixed latency to every response,
// MANIFESTGEN_HUB_EPOCH=N moves the snapshot N deterministic steps.
func (Hub) Serve(ctx context.Context) error {
	addr := os.Getenv("MANIFESTGEN_HUB_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8765"
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := untilOrphaned(ctx)
	defer cancel()
	opts, err := manifestgen.HubOptions(os.Getenv)
	if err != nil {
		return err
	}
	srv, err := hub.Listen(addr, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "Embedded hub serving CivitAI and Hugging Face APIs at %s (Ctrl-C or kill to stop)\n"+
		"  CIVITAI_ENDPOINT=%[1]s HF_ENDPOINT=%[1]s\n", srv.URL())
	<-ctx.Done()
	fmt.Fprintln(os.Stderr, "Embedded hub stopped.")
	return srv.Close()
}

// generate runs manifestgen for the named sources (all when none).
func generate(ctx context.Context, sources ...string) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := beforeDeadline(ctx)
	defer cancel()
	ctx, orphaned := untilOrphaned(ctx)
	defer orphaned()
	_, err := manifestgen.Run(ctx, manifestgen.Options{Sources: sources})
	if path := os.Getenv(TypesEnv); path != "" && ctx.Err() == nil {
		if terr := writeTypes(os.Stderr, path); terr != nil && err == nil {
			err = terr
		}
	}
	return failed(err)
}
