// Package config loads manifestgen's YAML configuration: output dir, per-source
// endpoint and limits, and the filters (plain or expanded from a matrix).
//
// Precedence, everywhere: environment over file over embedded default.
package config

import (
	"net/url"
	"time"
)

// Source names.
const (
	CivitAI     = "civitai"
	HuggingFace = "huggingface"
)

// Default endpoints of the sources.
const (
	CivitAIEndpoint     = "https://civitai.com"
	HuggingFaceEndpoint = "https://huggingface.co"
)

// Environment variables read by Load.
const (
	EnvConfig             = "MANIFESTGEN_CONFIG"      // path of the config file; wins over <dir>/manifestgen.yaml
	EnvOut                = "MANIFESTGEN_OUT"         // overrides Config.Output
	EnvAllowStale         = "MANIFESTGEN_ALLOW_STALE" // overrides Config.AllowStale: 1, 0, true or false
	EnvCivitAIURL         = "CIVITAI_ENDPOINT"        // overrides the CivitAI endpoint
	EnvCivitAIKey         = "CIVITAI_API_KEY"         // the CivitAI token
	EnvHFURL              = "HF_ENDPOINT"             // overrides the Hugging Face endpoint
	EnvHFToken            = "HF_TOKEN"                // the Hugging Face token
	EnvMaxAge             = "MANIFESTGEN_MAX_AGE"     // overrides Config.MaxAge: a Go duration; 0 always regenerates
	EnvCacheDir           = "MANIFESTGEN_CACHE_DIR"   // overrides Config.CacheDir; "off" disables the HTTP cache
	EnvRedisURL           = "MANIFESTGEN_REDIS_URL"   // overrides Redis.URL: share each host's rate across processes
	EnvRedisFail          = "MANIFESTGEN_REDIS_FAIL"  // overrides Redis.Fail: "local" or "closed"
	EnvCivitAIPreviewNSFW = "CIVITAI_PREVIEW_NSFW"    // overrides previewNSFW of the CivitAI source and all its filters
	EnvLock               = "MANIFESTGEN_LOCK"        // overrides Config.Lock: "fail" or "wait"
	EnvMismatches         = "MANIFESTGEN_MISMATCHES"  // overrides Config.Mismatches: "drop" or "flag"
)

// Values of Config.Mismatches: what happens to a listed model that does not
// match what its filter asked the hub for.
const (
	MismatchesDrop = "drop" // left out of the manifest, counted (the default)
	MismatchesFlag = "flag" // kept in the manifest, counted and its id listed in the index
)

// What a run does when another run is writing the same output (Config.Lock).
const (
	LockFail = "fail" // stop at once, naming the other run (the default)
	LockWait = "wait" // wait until the other run is done
)

// Environment variables overriding a source's allowOrigins: origins
// separated by commas, or "none" for none.
const (
	EnvCivitAIAllow = "MANIFESTGEN_CIVITAI_ALLOW_ORIGINS"
	EnvHFAllow      = "MANIFESTGEN_HF_ALLOW_ORIGINS"
)

// Environment variables of the HTTP cache's bounds, read by Load.
const (
	EnvCacheAge  = "MANIFESTGEN_CACHE_MAX_AGE"  // overrides Config.CacheMaxAge: a Go duration; 0: no age limit
	EnvCacheSize = "MANIFESTGEN_CACHE_MAX_SIZE" // overrides Config.CacheMaxSize: a size like 256MiB; 0: no size limit
)

// Defaults of the top-level keys.
const (
	DefaultOutput   = "output"
	DefaultMaxAge   = time.Hour
	DefaultCacheDir = ".cache/manifestgen"
	// DefaultCacheMaxAge drops cache entries unused for 30 days: pages whose
	// cursor URLs no longer occur.
	DefaultCacheMaxAge = 30 * 24 * time.Hour
	// DefaultCacheMaxSize keeps the cache to 256 MiB, the most recently
	// used entries first: a few hundred pages of the largest listings.
	DefaultCacheMaxSize = 256 << 20
)

// FileName is the config file Load looks for in its dir.
const FileName = "manifestgen.yaml"

// EmbeddedName is Config.File when the embedded default was used.
const EmbeddedName = "embedded default"

// Config is a loaded, validated and env-overridden configuration.
type Config struct {
	Output     string        // output dir (MANIFESTGEN_OUT overrides)
	AllowStale bool          // publish with stale entries and exit 0 (MANIFESTGEN_ALLOW_STALE overrides)
	MaxAge     time.Duration // output younger than this, from the same config, is not regenerated; 0: always regenerate
	CacheDir   string        // on-disk HTTP cache for conditional requests; "": none
	Lock       string        // LockFail or LockWait: when another run writes Output (MANIFESTGEN_LOCK overrides)
	Mismatches string        // MismatchesDrop ("" too) or MismatchesFlag (MANIFESTGEN_MISMATCHES overrides)
	Redis      Redis         // shared limiter; off when URL is ""
	Sources    []*Source     // in the order CivitAI, HuggingFace; only sources present in the file
	File       string        // where the config came from: a path, or "embedded default"

	// CacheMaxAge and CacheMaxSize bound the HTTP cache, pruned after each
	// run: entries unused for longer, then the least recently used beyond
	// the size, are removed; 0: no such bound.
	CacheMaxAge  time.Duration
	CacheMaxSize int64
}

// Redis configures the shared (cross-process) limiter: every runner that
// points at the same Redis shares each host's configured rate, keyed per
// host and per token identity.
type Redis struct {
	URL         string  // redis://[:password@]host:port/db; prefer the env var for passwords
	Fail        string  // "local" (default: fall back to FallbackRPS in-process, loudly) or "closed" (stop)
	FallbackRPS float64 // in-process rate while Redis is unreachable; 0: a quarter of the source's rps
}

// Source is one hub: where it is, how hard we may ask, and what we ask for.
type Source struct {
	Name        string   // CivitAI or HuggingFace
	Profile     string   // preset the limits and retry policy started from
	Endpoint    string   // base URL without trailing slash (env CIVITAI_ENDPOINT / HF_ENDPOINT overrides)
	Token       string   // from env only (CIVITAI_API_KEY / HF_TOKEN); never from the file
	Mirrors     []string // allowOrigins: other origins (scheme://host[:port]) pages may come from; never sent the token
	Concurrency int      // max requests in flight to this host
	RPS         float64  // max request starts per second (token refill rate)
	Burst       int      // token bucket size, >= 1
	PageSize    int      // items per page requested
	MaxBody     int64    // largest accepted response body in bytes
	MaxPages    int      // most pages one filter may request; Limit <= PageSize*MaxPages
	Retry       Retry    // retry and adaptation policy
	Filters     []Filter // expanded filters, names unique within the source
	PreviewNSFW string   // CivitAI: default of Filter.PreviewNSFW ("" derives it from each filter's query)
}

// Retry is the retry and adaptation policy of one source.
type Retry struct {
	MaxAttempts    int           // attempts per request, including the first
	BaseDelay      time.Duration // first backoff ceiling; doubles each attempt
	MaxDelay       time.Duration // backoff ceiling cap
	AttemptTimeout time.Duration // per-attempt timeout
	Deadline       time.Duration // overall limit for one request including retries (0: none)
	MaxServerWait  time.Duration // longest server-requested wait honoured before failing the filter
	MinRPS         float64       // floor of the adaptive rate
}

// Filter is one manifest to produce.
type Filter struct {
	Name  string     // unique within its source; [a-z0-9-/], a relative path
	Label string     // readable title for sites, e.g. "LORA · SDXL 1.0 · Week" (DefaultLabel when not configured)
	Query url.Values // sent verbatim to the source's list endpoint; lists as repeated params
	Limit int        // how many models to collect
	Match Match      // client-side predicates
	Line  int        // line in the config file where the filter (or its matrix) starts; 0 for env/defaults
	// PreviewNSFW is the most explicit CivitAI preview level the filter may
	// show: "PG", "PG13", "R", "X" or "XXX" (CIVITAI_PREVIEW_NSFW, else the
	// filter's previewNSFW, else its source's); "": PG, or XXX when the
	// query asks nsfw=true.
	PreviewNSFW string
}

// Match holds client-side predicates applied to each listed model.
type Match struct {
	Size    string   // "", SizeSmall, SizeMedium or SizeLarge
	License []string // accepted license tag values (e.g. "apache-2.0"); empty accepts any
}

// Size classes of Match.Size, by total parameter count.
const (
	SizeSmall  = "small"  // fewer than 7B parameters
	SizeMedium = "medium" // 7B to 13B parameters, both included
	SizeLarge  = "large"  // more than 13B parameters
)

// IsZero reports whether m accepts every model.
func (m Match) IsZero() bool { return m.Size == "" && len(m.License) == 0 }

// Source returns the source with the given name, or nil.
func (c *Config) Source(name string) *Source {
	for _, s := range c.Sources {
		if s.Name == name {
			return s
		}
	}
	return nil
}
