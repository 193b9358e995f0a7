// Command runner is one process of the bench's fleet workload: it runs
// manifestgen's generation for a config file when its parent says so and
// prints its figures as one JSON line (see bench.RunRunner).
package main

import (
	"os"

	"github.com/manifestgen/manifestgen/manifestgen/bench"
)

func main() { os.Exit(bench.RunRunner(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
