//go:build ignore

// Zero-install Mage: `go run magefile.go <target>` builds and runs the
// targets in magefiles/ with only Go installed. `mage <target>` works too.
// A first run says that it compiles them, and a `kill` of `go run` stops
// the target (see package zeroinstall).
package main

import (
	"os"

	"github.com/manifestgen/manifestgen/manifestgen/zeroinstall"
)

func main() { os.Exit(zeroinstall.Main()) }
