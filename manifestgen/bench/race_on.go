//go:build race

package bench

// raceEnabled reports whether this binary was built with -race: the fleet
// runner is built the same way, so that it reuses the build cache.
const raceEnabled = true
