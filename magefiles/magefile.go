//go:build mage

// The manifestgen project's build graph. The manifests, hub and dev targets
// come from package targets (other repos import them the same way); the
// project's own build, test, ci and clean targets are defined here.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/magefile/mage/mg"
	"github.com/magefile/mage/sh"

	"github.com/manifestgen/manifestgen/manifestgen"
	"github.com/manifestgen/manifestgen/manifestgen/bench"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	// mage:import
	"github.com/manifestgen/manifestgen/manifestgen/targets"
)

// Build generates the manifests (skipped when fresh), verifies them, then builds and vets every Go package.
//
// The manifests are a dependency of the build, like a site's prebuild step.
func Build(ctx context.Context) error {
	mg.SerialCtxDeps(ctx, targets.Manifests.All, targets.Manifests.Verify)
	if err := sh.RunV("go", "build", "./..."); err != nil {
		return err
	}
	return sh.RunV("go", "vet", "./...")
}

// Test runs the test suite with the race detector (the README's test command).
func Test() error {
	return sh.RunV("go", "test", "-race", "./...")
}

// CI runs the CI sequence: gofmt check, build (manifests on the embedded hub, verify, vet), tests.
func CI(ctx context.Context) error {
	files, err := sh.Output("git", "ls-files", "*.go")
	if err != nil {
		return err
	}
	out, err := sh.Output("gofmt", append([]string{"-l"}, strings.Fields(files)...)...)
	if err != nil {
		return err
	}
	if out != "" {
		return fmt.Errorf("gofmt would change:\n%s", out)
	}
	os.Setenv("MANIFESTGEN_HUB", "embedded")
	mg.SerialCtxDeps(ctx, Build, Test)
	return nil
}

// Bench runs the side-by-side benchmark against the embedded hub and writes report/bench.json.
//
// Strategies: sequential, unbounded parallel, the classic busy-wait limiter
// and manifestgen; workloads: the default 25 filters, a 5 req/s server
// bucket, a fixed-window quota, injected faults, 2,000 filters / 200,000
// models, second runs, and a fleet of 4 runner processes against one server
// bucket with per-process vs shared (Redis) limiters. BENCH_WORKLOADS and BENCH_STRATEGIES
// (comma-separated names) select a subset; BENCH_CPUPROFILE=FILE profiles the
// scale workload's client. It fails when a target is missed.
func Bench(ctx context.Context) error {
	_, err := bench.Run(ctx, bench.Options{
		Workloads:  list(os.Getenv("BENCH_WORKLOADS")),
		Strategies: list(os.Getenv("BENCH_STRATEGIES")),
		JSON:       "report/bench.json",
	})
	return err
}

// list splits a comma-separated value; "" gives nil.
func list(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// Clean removes generated manifests, the run report and the HTTP cache's entries.
func Clean(ctx context.Context) error {
	mg.CtxDeps(ctx, targets.Manifests.Clean)
	if err := sh.Rm("report"); err != nil {
		return err
	}
	cfg, err := config.Load(os.Getenv, ".")
	if err != nil {
		return err
	}
	n, err := manifestgen.CleanCache(cfg)
	if err == nil && n > 0 {
		fmt.Fprintf(os.Stderr, "Removed %d HTTP cache files from %s.\n", n, cfg.CacheDir)
	}
	return err
}
