package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
)

// Workload names, in the order Run runs them.
const (
	WorkloadDefault = "default" // the embedded default config: 16 CivitAI + 9 Hugging Face filters
	WorkloadBucket  = "bucket"  // 100 CivitAI filters against a server token bucket of 5 req/s, burst 5
	WorkloadWindow  = "window"  // 100 Hugging Face filters against a fixed window of 30 requests per 5 s
	WorkloadFaults  = "faults"  // the default config against 10% 5xx and 2% connection resets
	WorkloadScale   = "scale"   // 2,000 CivitAI filters of 100 models (200,000 entries) over a 201,000-model snapshot, at the default ceilings
	WorkloadRerun   = "rerun"   // second runs of the default config: within maxAge, and past it with the HTTP cache
)

// Workloads returns every workload name, in run order (WorkloadFleet is in
// fleet.go).
func Workloads() []string {
	return []string{WorkloadDefault, WorkloadBucket, WorkloadWindow, WorkloadFaults, WorkloadScale, WorkloadFleet, WorkloadRerun}
}

// Strategy names of every workload but fleet (see FleetStrategies).
const (
	Sequential  = "sequential"   // one request at a time, no limiter, no retries
	Unbounded   = "unbounded"    // every filter at once, no limiter, no retries
	Classic     = "classic"      // the hand-made busy-wait limiter, one for the run: 3 in flight, 100 ms between starts; no retries
	ClassicHost = "classic/host" // the same limiter, one per host (default workload only)
	Manifestgen = "manifestgen"  // manifestgen.Generate with the workload's config
)

// Strategies returns every strategy name but the fleet's, in run order.
func Strategies() []string { return []string{Sequential, Unbounded, Classic, ClassicHost, Manifestgen} }

// baselines are the strategies every workload but scale runs.
var baselines = []string{Sequential, Unbounded, Classic, Manifestgen}

// Server limits of the bucket and window workloads.
var (
	bucketLimit = hub.Bucket{Rate: 5, Burst: 5}
	windowLimit = hub.Window{Quota: 30, Period: 5 * time.Second}
)

// Injected faults of the faults workload.
const (
	faultErrorRate = 0.10
	faultResetRate = 0.02
)

// scaleFactor makes the scale workload's CivitAI snapshot 67*3000 = 201,000
// models.
const scaleFactor = 67

// Client limits of the scale workload: manifestgen's defaults for both
// hubs (config/default.yaml), the pace a build runs at unless told
// otherwise. They are already above what the hubs advise or grant most
// users: CivitAI publishes no limit and advises 1-2 req/s; Hugging Face's
// free "api" quota is 1,000 requests per 5 minutes (3.3 req/s).
const (
	scaleConcurrency = 3
	scaleRPS         = 10.0
	scaleBurst       = 1
)

// workload is one benchmark scenario: a hub and a config, and the
// strategies that run it.
type workload struct {
	name       string
	desc       string
	hub        hub.Options
	strategies []string
	skipped    string // why the other strategies do not run; "" when all do
	runner     bool   // manifestgen runs in a runner process (-measure), the hub in this one
	// yaml returns the config document for a hub at endpoint, output to out.
	yaml func(endpoint, out string) string
}

// newWorkload returns the named workload; latency is the hub's fixed
// latency (scaleLatency for the scale workload).
func newWorkload(name string, latency, scaleLatency time.Duration) (workload, error) {
	switch name {
	case WorkloadDefault:
		return workload{
			name: name, desc: "embedded default config: 16 CivitAI + 9 HF filters, 3 in flight / 10 req/s per source; classic = one busy-wait limiter for the run, classic/host = one per host",
			hub: hub.Options{Latency: latency}, strategies: Strategies(), yaml: defaultYAML,
		}, nil
	case WorkloadBucket:
		b := bucketLimit
		return workload{
			name: name, desc: "100 CivitAI filters; server token bucket 5 req/s, burst 5, 429 with Retry-After; client 3 in flight / 10 req/s",
			hub: hub.Options{Latency: latency, CivitAI: hub.Faults{TokenBucket: &b}}, strategies: baselines, yaml: bucketYAML,
		}, nil
	case WorkloadWindow:
		w := windowLimit
		return workload{
			name: name, desc: "100 HF filters; fixed window 30 requests / 5 s (RateLimit headers, 429 with Retry-After); client 3 in flight / 10 req/s",
			hub: hub.Options{Latency: latency, HuggingFace: hub.Faults{FixedWindow: &w}}, strategies: baselines, yaml: windowYAML,
		}, nil
	case WorkloadFaults:
		f := hub.Faults{ErrorRate: faultErrorRate, ResetRate: faultResetRate}
		return workload{
			name: name, desc: "embedded default config; 10% 500/502/503 and 2% connection resets on both APIs",
			hub: hub.Options{Latency: latency, CivitAI: f, HuggingFace: f, Seed: 7}, strategies: baselines, yaml: defaultYAML,
		}, nil
	case WorkloadScale:
		return workload{
			name: name, desc: fmt.Sprintf("2,000 CivitAI filters x 100 models (200,000 entries) over a 201,000-model snapshot, hub latency %s; "+
				"client %d in flight / %g req/s, burst %d (manifestgen's default ceilings); "+
				"manifestgen runs in a runner process, the hub here: wall, CPU and heap are the client's",
				scaleLatency, scaleConcurrency, scaleRPS, scaleBurst),
			hub: hub.Options{Latency: scaleLatency, Scale: scaleFactor}, strategies: []string{Manifestgen}, runner: true,
			skipped: "not run: scale measures manifestgen's own cost at a quota's pace; the baselines ignore it (unbounded) or need > 200 s (sequential, classic)",
			yaml:    scaleYAML,
		}, nil
	case WorkloadFleet:
		b := fleetLimit
		return workload{
			name: name, desc: fleetDesc(DefaultFleetFilters),
			hub: hub.Options{Latency: latency, CivitAI: hub.Faults{TokenBucket: &b}}, strategies: FleetStrategies(),
			yaml: fleetYAML(DefaultFleetFilters),
		}, nil
	}
	return workload{}, fmt.Errorf("unknown workload %q (known: %s)", name, strings.Join(Workloads(), ", "))
}

// parseConfig parses a workload's config document.
func (w workload) config(endpoint, out string) (*config.Config, error) {
	cfg, err := config.Parse(w.name+".yaml", []byte(w.yaml(endpoint, out)))
	if err != nil {
		return nil, fmt.Errorf("workload %s config: %w", w.name, err)
	}
	return cfg, nil
}

// defaultYAML is the embedded default config, pointed at endpoint and out,
// without the HTTP cache and always regenerating.
func defaultYAML(endpoint, out string) string {
	s := string(config.Default())
	for _, repl := range [][2]string{
		{"endpoint: https://civitai.com", "endpoint: " + endpoint},
		{"endpoint: https://huggingface.co", "endpoint: " + endpoint},
		{"\noutput: output\n", "\noutput: " + quote(out) + "\n"},
		{"\nmaxAge: 1h\n", "\nmaxAge: 0s\n"},
		{"\ncache: .cache/manifestgen\n", "\ncache: \"\"\n"},
	} {
		if !strings.Contains(s, repl[0]) {
			panic("bench: embedded default config lacks " + repl[0])
		}
		s = strings.Replace(s, repl[0], repl[1], 1)
	}
	return s
}

// header is the top of every generated config.
func header(out string) string {
	return "output: " + quote(out) + "\nallowStale: false\nmaxAge: 0s\ncache: \"\"\nsources:\n"
}

// classicLimits is a source's limits in the classic workload: the default
// profile (3 in flight, 10 req/s, burst 1, 5 attempts, 60 s server wait).
const classicLimits = `    profile: default
    concurrency: 3
    rps: 10
    burst: 1
`

// bucketYAML: 5 sorts x 5 periods x 4 types = 100 CivitAI filters of 20
// models, one page each.
func bucketYAML(endpoint, out string) string {
	return header(out) + `  civitai:
    endpoint: ` + endpoint + "\n" + classicLimits + `    pageSize: 20
    maxPages: 5
    matrix:
      - limit: 20
        dimensions:
          - param: sort
            values: [Highest Rated, Most Downloaded, Most Liked, Most Discussed, Most Collected]
          - param: period
            values: [AllTime, Year, Month, Week, Day]
          - param: types
            values: [LORA, Checkpoint, TextualInversion, LoCon]
`
}

// windowYAML: 5 sorts x 17 pipelines + 5 sorts x 3 libraries = 100
// Hugging Face filters of 20 models, one page each.
func windowYAML(endpoint, out string) string {
	return header(out) + `  huggingface:
    endpoint: ` + endpoint + "\n" + classicLimits + `    pageSize: 20
    maxPages: 5
    matrix:
      - limit: 20
        dimensions:
          - param: sort
            values: [trendingScore, downloads, likes, createdAt, lastModified]
          - param: pipeline_tag
            values: [text-generation, text-to-image, sentence-similarity, automatic-speech-recognition,
              image-classification, text-classification, fill-mask, token-classification, feature-extraction,
              image-text-to-text, translation, summarization, text-to-speech, object-detection, text-to-video,
              zero-shot-classification, zero-shot-image-classification]
      - limit: 20
        dimensions:
          - param: sort
            values: [trendingScore, downloads, likes, createdAt, lastModified]
          - param: library
            values: [transformers, diffusers, sentence-transformers]
`
}

// scaleYAML: 8 sorts x 25 tags x 5 types x 2 periods = 2,000 CivitAI
// filters of 100 models, one page each; every one of them lists at least
// 100 models of the scaled snapshot, so the manifests hold 200,000 entries.
func scaleYAML(endpoint, out string) string {
	return header(out) + `  civitai:
    endpoint: ` + endpoint + `
    profile: aggressive
` + fmt.Sprintf("    concurrency: %d\n    rps: %g\n    burst: %d\n", scaleConcurrency, scaleRPS, scaleBurst) + `    pageSize: 100
    maxPages: 5
    maxBody: 16MiB
    matrix:
      - limit: 100
        query: {nsfw: "true"}
        dimensions:
          - param: sort
            values: [Highest Rated, Most Downloaded, Most Liked, Most Discussed, Most Collected, Most Images, Newest, Oldest]
          - param: tag
            values: [woman, man, fantasy, sci-fi, landscape, portrait, architecture, animal, vehicle, cyberpunk, horror,
              cute, girls, armor, food, nature, scenery, retro, comics, game character, photography, cartoon, art style,
              detailed, lighting]
          - param: types
            values: [LORA, Checkpoint, TextualInversion, LoCon, Controlnet]
          - param: period
            values: [AllTime, Year]
`
}

// quote returns s as a YAML double-quoted scalar.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
