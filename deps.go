//go:build tools

package tools

import (
	_ "github.com/magefile/mage/mage"
	_ "github.com/magefile/mage/mg"
	_ "github.com/magefile/mage/sh"
	_ "github.com/sourcegraph/conc/pool"
	_ "go.uber.org/goleak"
	_ "golang.org/x/time/rate"
	_ "gopkg.in/yaml.v3"
	_ "golang.org/x/sys/unix"
)
