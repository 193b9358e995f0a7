//go:build mage

// The manifestgen project's build graph: the manifests targets come from
// package targets (importable by other repos the same way), the project's own
// build and test targets are defined here.
package main

import (
	"context"

	"github.com/magefile/mage/mg"
	"github.com/magefile/mage/sh"

	// mage:import
	"github.com/manifestgen/manifestgen/manifestgen/targets"
)

// Build generates the manifests (a dependency, like a site's prebuild step), then builds and vets every Go package.
func Build(ctx context.Context) error {
	mg.CtxDeps(ctx, targets.Manifests.All)
	if err := sh.RunV("go", "build", "./..."); err != nil {
		return err
	}
	return sh.RunV("go", "vet", "./...")
}

// Test runs the test suite with the race detector (the README's test command).
func Test() error {
	return sh.RunV("go", "test", "-race", "./...")
}
