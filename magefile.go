//go:build ignore

// Zero-install Mage: `go run magefile.go <target>` builds and runs the
// targets in magefiles/ with only Go installed. `mage <target>` works too.
package main

import (
	"os"

	"github.com/magefile/mage/mage"
)

func main() { os.Exit(mage.Main()) }
