package bench

import (
	"fmt"
	"strings"

	"github.com/manifestgen/manifestgen/manifestgen/hub"
)

// WorkloadFleet is the multi-process workload: FleetRunners runner
// processes generate the same filters against one hub whose CivitAI API
// has a server token bucket of 5 req/s, burst 5.
const WorkloadFleet = "fleet"

// Strategies of the fleet workload.
const (
	PerProcess = "per-process" // each runner with its own in-process limiter only
	Shared     = "shared"      // every runner sharing each host's rate through one redis-server (cfg.Redis.URL)
)

// FleetStrategies returns the fleet workload's strategy names, in run order.
func FleetStrategies() []string { return []string{PerProcess, Shared} }

// Sizes of the fleet workload.
const (
	FleetRunners        = 4   // runner processes
	DefaultFleetFilters = 25  // CivitAI filters per runner, one page each
	MaxFleetFilters     = 100 // distinct filters fleetYAML can write
)

// Client limits of every fleet runner's CivitAI source.
const (
	fleetConcurrency = 3
	fleetRPS         = 5
)

// fleetLimit is the hub's CivitAI bucket in the fleet workload.
var fleetLimit = hub.Bucket{Rate: 5, Burst: 5}

// fleetDesc describes the fleet workload with n filters per runner.
func fleetDesc(n int) string {
	return fmt.Sprintf("%d runner processes x %d CivitAI filters (one page each), 3 in flight / 5 req/s per runner, "+
		"against one hub with a token bucket of 5 req/s, burst 5 (429 with Retry-After); per-process = each runner's own limiter, "+
		"shared = one redis-server (fail: closed); lower bound = the hub's bucket alone; CPU = the runners'", FleetRunners, n)
}

// fleetYAML returns the config document of one fleet runner with n
// filters (1 to MaxFleetFilters): sorts x periods x types, in that order.
func fleetYAML(n int) func(endpoint, out string) string {
	sorts := []string{"Highest Rated", "Most Downloaded", "Most Liked", "Most Discussed", "Most Collected"}
	periods := []string{"AllTime", "Year", "Month", "Week", "Day"}
	types := []string{"LORA", "Checkpoint", "TextualInversion", "LoCon"}
	return func(endpoint, out string) string {
		var b strings.Builder
		b.WriteString(header(out))
		fmt.Fprintf(&b, "  civitai:\n    endpoint: %s\n    profile: default\n    concurrency: %d\n    rps: %d\n    burst: 1\n"+
			"    pageSize: 20\n    maxPages: 5\n    filters:\n", endpoint, fleetConcurrency, fleetRPS)
		for i := range n {
			fmt.Fprintf(&b, "      - {name: f%03d, limit: 20, query: {sort: %s, period: %s, types: %s}}\n",
				i, quote(sorts[i%5]), periods[i/5%5], types[i/25%4])
		}
		return b.String()
	}
}

// redisYAML is the top-level redis key pointing a runner at url; closed:
// a runner that loses Redis fails instead of pacing alone.
func redisYAML(url string) string {
	return "redis:\n  url: " + quote(url) + "\n  fail: closed\n"
}
