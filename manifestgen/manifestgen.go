// Package manifestgen generates JSON model manifests from the CivitAI and
// Hugging Face list APIs: it loads the config, builds one rate-limited
// client per source, runs every filter through bounded pools and publishes
// the results as one consistent output generation.
//
// The Mage targets in package targets are thin calls into Run.
package manifestgen

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/civitai"
	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/fetch"
	"github.com/manifestgen/manifestgen/manifestgen/ghactions"
	"github.com/manifestgen/manifestgen/manifestgen/httpcache"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/huggingface"
	"github.com/manifestgen/manifestgen/manifestgen/limit"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/origin"
	"github.com/manifestgen/manifestgen/manifestgen/pipeline"
	"github.com/manifestgen/manifestgen/manifestgen/progress"
	"github.com/manifestgen/manifestgen/manifestgen/redact"
	"github.com/manifestgen/manifestgen/manifestgen/report"
	"github.com/manifestgen/manifestgen/manifestgen/resultcheck"
	"github.com/manifestgen/manifestgen/manifestgen/writer"
)

// Options configures Run. The zero value runs every configured source with
// the process environment, in the current directory.
type Options struct {
	Getenv  func(string) string // nil: os.Getenv
	Dir     string              // where manifestgen.yaml is looked for; "": "."
	Sources []string            // sources to run; nil: every configured source
	Stderr  io.Writer           // progress and summary; nil: os.Stderr
	Logger  *slog.Logger        // nil: warnings and errors to Stderr
}

// Summary is the account of one run.
type Summary struct {
	Hub      string          // manifest.HubLive or manifest.HubEmbedded
	Output   string          // output dir written
	Sources  []SourceSummary // one per source run
	Index    *manifest.Index // the published index; nil when nothing was published
	Report   string          // path of report.html; "" when none was written
	UpToDate bool            // the output was fresh: nothing was fetched or written
	Duration time.Duration
}

// SourceSummary is the account of one source.
type SourceSummary struct {
	Name        string
	Filters     int           // filters run
	Failed      []FilterFail  // filters that failed after their retries
	Models      int           // distinct models selected by successful filters
	Requests    int           // HTTP attempts, retries included
	Retries     int           // attempts after the first of a request
	Throttled   int           // 429 responses
	Pages       int           // distinct pages fetched
	PageNeeds   int           // pages the filters needed (one request chain per filter)
	Revalidated int           // pages answered 304 Not Modified and served from the HTTP cache
	Skipped     int           // malformed items left out of their pages (each logged as a warning)
	Duration    time.Duration // wall time of the source
}

// FilterFail names a failed filter and why it failed.
type FilterFail struct {
	Name string
	Err  error
}

// Environment variables read by Run besides those of package config.
const (
	ForceEnv     = "MANIFESTGEN_FORCE"      // 1: regenerate even when the output is up to date
	ReportDirEnv = "MANIFESTGEN_REPORT_DIR" // where report.json and report.html go (default: DefaultReportDir)
)

// HubLatencyEnv adds a fixed latency to every embedded-hub response
// ("50ms"), to watch a run progress or to benchmark.
const HubLatencyEnv = "MANIFESTGEN_HUB_LATENCY"

// HubEpochEnv moves the embedded hub's snapshot forward by N deterministic
// steps (models added, removed, new versions, counters moved), as upstream
// data moves between two runs; 0 or unset: the snapshot as built.
const HubEpochEnv = "MANIFESTGEN_HUB_EPOCH"

// HubFaultsEnv makes the embedded hub's listings misbehave as live hubs
// are known to, to see the result checks at work: a comma-separated list
// of hub.MisbehaviourNames ("ignore-nsfw,dup-pages").
const HubFaultsEnv = "MANIFESTGEN_HUB_FAULTS"

// HubOptions returns the embedded hub's options from the environment.
func HubOptions(getenv func(string) string) (hub.Options, error) {
	var o hub.Options
	if v := getenv(HubLatencyEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return o, fmt.Errorf("%s=%q: want a duration such as 50ms", HubLatencyEnv, v)
		}
		o.Latency = d
	}
	if v := getenv(HubEpochEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > hub.MaxEpoch {
			return o, fmt.Errorf("%s=%q: want a whole number from 0 to %d", HubEpochEnv, v, hub.MaxEpoch)
		}
		o.Epoch = n
	}
	if v := getenv(HubFaultsEnv); v != "" {
		civ, hf, err := hub.ParseMisbehaviours(v)
		if err != nil {
			return o, fmt.Errorf("%s=%q: %w", HubFaultsEnv, v, err)
		}
		o.CivitAI.Listing, o.HuggingFace.Listing = civ, hf
	}
	return o, nil
}

// HubEnv is the variable that selects the embedded hub ("embedded") instead
// of the live endpoints ("" or "live").
const HubEnv = "MANIFESTGEN_HUB"

// Run loads the config (environment over file over embedded default),
// starts the embedded hub when MANIFESTGEN_HUB=embedded, and calls Generate.
// It returns the summary together with an error when the config is bad, a
// filter failed (its previous manifest kept as stale unless none existed),
// or ctx ended; in the last case nothing is published, and neither is
// anything when no filter succeeded (a *FailedError with NothingPublished).
func Run(ctx context.Context, opts Options) (*Summary, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	stderr := opts.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	if _, err := logJSON(getenv); err != nil {
		return nil, err
	}
	cfg, err := config.Load(getenv, dir)
	if err != nil {
		return nil, err
	}
	gen := GenerateOptions{
		Getenv:    getenv,
		Sources:   opts.Sources,
		Hub:       manifest.HubLive,
		Stderr:    stderr,
		Logger:    opts.Logger,
		ReportDir: cmp.Or(getenv(ReportDirEnv), DefaultReportDir(dir, cfg.Output)),
	}
	switch h := getenv(HubEnv); h {
	case "", "live":
	case "embedded":
		gen.Hub = manifest.HubEmbedded
	default:
		return nil, fmt.Errorf("%s=%q: want \"embedded\" or \"live\"", HubEnv, h)
	}
	// The fingerprint names the endpoints as configured, before the embedded
	// hub's random port replaces them, so that fresh embedded output is
	// recognised on the next run.
	gen.Fingerprint = gen.Hub + ":" + cfg.Fingerprint()
	force, err := boolEnv(getenv, ForceEnv)
	if err != nil {
		return nil, err
	}
	sources, err := selectSources(cfg, opts.Sources)
	if err != nil {
		return nil, err
	}
	fresh := func() bool {
		if force {
			return false
		}
		ok, why := upToDate(cfg, sources, gen.Hub, gen.Fingerprint, time.Now())
		if ok {
			notice(stderr, getenv, fmt.Sprintf("Manifests in %s are up to date (%s); nothing to do. Set %s=1 to regenerate.", cfg.Output, why, ForceEnv),
				"up to date", "output", cfg.Output, "why", why)
		}
		return ok
	}
	if fresh() {
		return &Summary{Hub: gen.Hub, Output: cfg.Output, UpToDate: true}, nil
	}
	logger := opts.Logger
	if logger == nil {
		logger = NewLogger(stderr, getenv)
	}
	if gen.Lock, err = claimOutput(ctx, cfg, logger); err != nil {
		return nil, err
	}
	defer gen.Lock.Release()
	// A run that waited for another may find the output it wanted made.
	if gen.Lock.Waited() && fresh() {
		return &Summary{Hub: gen.Hub, Output: cfg.Output, UpToDate: true}, nil
	}
	if gen.Hub == manifest.HubEmbedded {
		hopts, err := HubOptions(getenv)
		if err != nil {
			return nil, err
		}
		srv, err := hub.Start(hopts)
		if err != nil {
			return nil, fmt.Errorf("start embedded hub: %w", err)
		}
		defer srv.Close()
		for _, s := range cfg.Sources {
			s.Endpoint = srv.URL()
		}
		notice(stderr, getenv, fmt.Sprintf("Using the embedded hub at %s (snapshot data, not live).", srv.URL()),
			"using the embedded hub (snapshot data, not live)", "url", srv.URL())
	}
	return Generate(ctx, cfg, gen)
}

// GenerateOptions configures Generate. The zero value runs every source of
// the config, labels the output live and reports to os.Stderr.
type GenerateOptions struct {
	Sources   []string            // sources to run; nil: every configured source
	Hub       string              // manifest.HubLive (default) or manifest.HubEmbedded, recorded in the index
	Stderr    io.Writer           // progress and summary; nil: os.Stderr
	Logger    *slog.Logger        // nil: NewLogger on the progress display's log writer
	Progress  progress.Reporter   // nil: progress.New on Stderr (bars on a terminal, else plain lines)
	Getenv    func(string) string // NO_COLOR, CI, MANIFESTGEN_LOG, MAGEFILE_VERBOSE; nil: os.Getenv
	OnAttempt func(fetch.Attempt) // called after every HTTP attempt of any source; may be nil
	// Fingerprint is recorded in the index to recognise fresh output later;
	// "": the hub and cfg.Fingerprint().
	Fingerprint string
	// ReportDir receives report.json and report.html; "": no report.
	ReportDir string
	// Transport carries every source's requests (under the cache, if any);
	// nil: http.DefaultTransport. Tests use it to trust a test CA.
	Transport http.RoundTripper
	// Lock is cfg.Output's lock, already held by the caller; nil: Generate
	// checks the output dir and takes the lock itself (see Run) before any
	// request, and releases it when done.
	Lock *writer.Lock
}

// Generate runs the filters of cfg's selected sources against their
// configured endpoints and publishes the result to cfg.Output, as Run does.
// Before the first request it checks the output dir and the cache dir and
// holds the output lock (opts.Lock, or its own) until it has published.
//
// The tokens of cfg's sources never leave the process: they are removed
// from every error, log record, progress and summary line, report and cache
// entry, and a response that spells one is refused (see Secrets).
func Generate(ctx context.Context, cfg *config.Config, opts GenerateOptions) (_ *Summary, err error) {
	start := time.Now()
	sec := Secrets(cfg, opts.Getenv)
	defer func() { err = sec.Error(err) }()
	stderr := opts.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	stderr = sec.Writer(stderr)
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	sources, err := selectSources(cfg, opts.Sources)
	if err != nil {
		return nil, err
	}
	verbose := isVerbose(getenv)
	jsonLog, err := logJSON(getenv)
	if err != nil {
		return nil, err
	}
	hosts := make([]*limit.Host, len(sources))
	counters := make([]attemptCounters, len(sources))
	prog := opts.Progress
	if prog == nil {
		prog = progress.New(stderr, progress.Options{Getenv: getenv, Verbose: verbose, JSON: jsonLog, Stats: func(source string) progress.Live {
			for i, s := range sources {
				if s.Name == source {
					return progress.Live{
						Requests: int(counters[i].requests.Load()),
						Retries:  int(counters[i].retries.Load()),
						Rate:     hosts[i].Rate(),
					}
				}
			}
			return progress.Live{}
		}})
	}
	defer prog.Close()
	logger := opts.Logger
	var groups *ghactions.Grouper // GitHub Actions: log records grouped per source
	if logger == nil && ghactions.Enabled(getenv) {
		groups = ghactions.NewGrouper(stderr, func(w io.Writer) slog.Handler { return NewLogger(w, getenv).Handler() })
		defer groups.Flush()
		logger = slog.New(groups.Handler())
	}
	if logger == nil {
		logger = NewLogger(prog.Log(), getenv)
	}
	logger = slog.New(sec.Handler(logger.Handler()))
	sum := &Summary{Hub: cmp.Or(opts.Hub, manifest.HubLive), Output: cfg.Output}
	fp := cmp.Or(opts.Fingerprint, sum.Hub+":"+cfg.Fingerprint())
	origins, err := sourceOrigins(sources, sum.Hub)
	if err != nil {
		return nil, err
	}

	lock := opts.Lock
	if lock == nil {
		if lock, err = claimOutput(ctx, cfg, logger); err != nil {
			return nil, err
		}
		defer lock.Release()
	}
	if err := checkCache(cfg); err != nil {
		return nil, err
	}

	shared, closeShared, err := sharedLimiter(cfg, logger)
	if err != nil {
		return nil, err
	}
	defer closeShared()

	rec := &report.Recorder{Secrets: sec}
	runs := make([]pipeline.Source, len(sources))
	caches := make([]*httpcache.Transport, len(sources))
	for i, s := range sources {
		counters[i].next = func(a fetch.Attempt) {
			a.URL, a.Label, a.Err = sec.String(a.URL), sec.String(a.Label), sec.Error(a.Err)
			laned := a
			laned.Host = lane(s.Name, a.Host)
			rec.Attempt(laned)
			logAttempt(logger, a)
			if opts.OnAttempt != nil {
				opts.OnAttempt(a)
			}
		}
		caches[i] = newCache(cfg, sum.Hub, logger, sec, opts.Transport)
		rt := opts.Transport
		if caches[i] != nil {
			rt = caches[i]
		}
		runs[i], hosts[i], err = newSource(s, logger, &counters[i], rt, rec, shared, sec)
		if err != nil {
			return nil, err
		}
		runs[i].Check = resultcheck.For(s.Name)
		runs[i].FlagMismatches = cfg.Mismatches == config.MismatchesFlag
	}
	results, err := pipeline.Run(ctx, runs, pipeline.Options{Progress: prog, Logger: logger, Errors: sec.Error})
	if err != nil {
		return nil, fmt.Errorf("run cancelled, nothing published: %w", err)
	}
	prog.Close() // the summary follows the last progress frame

	set := &manifest.Set{Hub: sum.Hub, Config: fp, KeepOthers: len(opts.Sources) > 0}
	var failed []string
	ran := 0
	for i, r := range results {
		r.SourceResult.Origin = origins[i]
		set.Sources = append(set.Sources, r.SourceResult)
		ss := SourceSummary{
			Name:        r.Source,
			Filters:     len(r.Filters),
			Models:      len(r.Models),
			Requests:    int(counters[i].requests.Load()),
			Retries:     int(counters[i].retries.Load()),
			Throttled:   int(counters[i].throttled.Load()),
			Pages:       r.Stats.Pages,
			Revalidated: revalidated(caches[i]),
			PageNeeds:   r.Stats.PageNeeds,
			Skipped:     r.Stats.Skipped,
			Duration:    r.Stats.Duration,
		}
		for _, f := range r.Filters {
			ran++
			if f.Err != nil {
				ss.Failed = append(ss.Failed, FilterFail{Name: f.Name, Err: f.Err})
				failed = append(failed, r.Source+"/"+f.Name)
				logger.Debug("filter failed", "filter", r.Source+"/"+f.Name, "err", f.Err)
			}
		}
		sum.Sources = append(sum.Sources, ss)
	}
	// Nothing is new when no filter succeeded: publishing would only restamp
	// the previous generation (or write an empty one), so nothing is.
	nothing := ran > 0 && len(failed) == ran
	var idx *manifest.Index
	var werr error
	if !nothing {
		idx, werr = writer.Write(cfg.Output, set, writer.Options{Logger: logger, AllowStale: true, Lock: lock})
	}
	pruneCache(cfg, logger, time.Now())
	sum.Index = idx
	sum.Duration = time.Since(start)
	if opts.ReportDir != "" {
		if err := report.WriteFiles(opts.ReportDir, rec.Report(withLearned(reportMeta(cfg, sources, sum, idx, start), sources, hosts))); err != nil {
			logger.Warn("run report not written", "dir", opts.ReportDir, "err", err)
		} else {
			sum.Report = filepath.Join(opts.ReportDir, report.HTMLFile)
		}
	}
	if groups != nil {
		groups.Flush()
	}
	if jsonLog {
		logSummary(logger, sum)
	} else {
		WriteSummary(stderr, sum)
	}
	if ghactions.Enabled(getenv) {
		reportActions(stderr, getenv, sum, logger, sec)
	}
	if werr != nil {
		return sum, fmt.Errorf("publish %s: %w", cfg.Output, werr)
	}
	if nothing || len(failed) > 0 && !cfg.AllowStale {
		groups, _ := groupFailures(sum)
		return sum, &FailedError{Filters: failed, Hint: unreachableHint(sum.Hub, groups), NothingPublished: nothing, Output: cfg.Output}
	}
	return sum, nil
}

// Secrets returns the token values of every source of cfg and of the
// token variables in getenv (nil: os.Getenv; the process holds them even
// when cfg did not come from Load), the values a run removes from all it
// writes (package redact). Models' own fields are
// data, not messages: they are never rewritten; instead a response that
// spells a token is refused whole (fetch.ErrSecretEcho), so no model from it
// is published.
func Secrets(cfg *config.Config, getenv func(string) string) *redact.Set {
	if getenv == nil {
		getenv = os.Getenv
	}
	var tokens []string
	for _, s := range cfg.Sources {
		tokens = append(tokens, s.Token)
	}
	for _, k := range []string{config.EnvCivitAIKey, config.EnvHFToken} {
		v := getenv(k)
		tokens = append(tokens, v, strings.TrimSpace(v))
	}
	return redact.New(tokens...)
}

// FailedError reports filters that failed after their retries.
type FailedError struct {
	Filters []string // "source/filter"
	Hint    string   // advice when a host could not be reached at all
	// NothingPublished is set when no filter succeeded: the output was left
	// as it was (even with MANIFESTGEN_ALLOW_STALE=1).
	NothingPublished bool
	Output           string // the output dir
}

// Error says that nothing was published, or names the failed filters (the
// first five), then gives the hint.
func (e *FailedError) Error() string {
	var msg string
	if e.NothingPublished {
		msg = fmt.Sprintf("nothing published: all %d filters failed; %s is left as it was", len(e.Filters), e.Output)
	} else {
		names := e.Filters
		if len(names) > 5 {
			names = append(names[:5:5], fmt.Sprintf("and %d more", len(e.Filters)-5))
		}
		msg = fmt.Sprintf("%d filter(s) failed: %s (previous manifests kept as stale where they existed; set MANIFESTGEN_ALLOW_STALE=1 to accept)",
			len(e.Filters), strings.Join(names, ", "))
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// selectSources returns the configured sources named in names (all when
// names is empty), or an error naming an unknown or unconfigured source.
func selectSources(cfg *config.Config, names []string) ([]*config.Source, error) {
	if len(names) == 0 {
		return cfg.Sources, nil
	}
	var out []*config.Source
	for _, n := range names {
		s := cfg.Source(n)
		if s == nil {
			return nil, fmt.Errorf("source %q is not configured in %s", n, cfg.File)
		}
		out = append(out, s)
	}
	return out, nil
}

// previewAllowance is the most explicit preview level a CivitAI filter may
// show: its configured previewNSFW, else what its query asked.
func previewAllowance(f config.Filter) int {
	if l, ok := manifest.NSFWLevelByName(f.PreviewNSFW); ok {
		return l
	}
	return civitai.PreviewAllowance(f.Query)
}

// Lister returns the list functions of source s's hub client over fc: the
// URL of a filter's first page and the fetch-and-decode of one page. It
// sets fc's response classifier for the source (CivitAI's page-cap 429 is
// permanent).
func Lister(s *config.Source, fc *fetch.Client) (firstURL func(url.Values) string, page func(context.Context, string) (pipeline.Page, error), err error) {
	switch s.Name {
	case config.CivitAI:
		fc.Classify = fetch.CivitAIClassifier
		c := &civitai.Client{Fetch: fc, Endpoint: s.Endpoint, PageSize: s.PageSize}
		return c.FirstURL, func(ctx context.Context, u string) (pipeline.Page, error) {
			p, err := c.Page(ctx, u)
			return pipeline.Page(p), err
		}, nil
	case config.HuggingFace:
		c := &huggingface.Client{Fetch: fc, Endpoint: s.Endpoint, PageSize: s.PageSize}
		return c.FirstURL, func(ctx context.Context, u string) (pipeline.Page, error) {
			p, err := c.Page(ctx, u)
			return pipeline.Page(p), err
		}, nil
	}
	return nil, nil, fmt.Errorf("unknown source %q", s.Name)
}

// lane names a source's lane in the run report: its host, with the source
// name so that two sources on one host (the embedded hub) stay apart.
func lane(source, host string) string {
	return source + " · " + host
}

// attemptCounters counts HTTP attempts of one source and passes each on.
type attemptCounters struct {
	requests, retries, throttled atomic.Int64
	next                         func(fetch.Attempt)
}

func (c *attemptCounters) observe(a fetch.Attempt) {
	if c.next != nil {
		c.next(a)
	}
	c.requests.Add(1)
	if a.Attempt > 1 {
		c.retries.Add(1)
	}
	if a.Status == 429 {
		c.throttled.Add(1)
	}
}

// newSource builds the limiter, fetch client and hub client of one source.
func newSource(s *config.Source, logger *slog.Logger, counters *attemptCounters, rt http.RoundTripper,
	rec *report.Recorder, shared func(s *config.Source, host string) (limit.Shared, error), sec *redact.Set) (pipeline.Source, *limit.Host, error) {
	rule, err := origin.NewRule(s.Endpoint, s.Mirrors...)
	if err != nil {
		return pipeline.Source{}, nil, fmt.Errorf("%s: %w", s.Name, err)
	}
	u, err := url.Parse(s.Endpoint)
	if err != nil {
		return pipeline.Source{}, nil, fmt.Errorf("%s endpoint: not a URL", s.Name)
	}
	lc := limit.Config{
		Concurrency: s.Concurrency,
		RPS:         s.RPS,
		Burst:       s.Burst,
		MinRPS:      s.Retry.MinRPS,
	}
	if lc.Shared, err = shared(s, u.Host); err != nil {
		return pipeline.Source{}, nil, err
	}
	host := limit.New(u.Host, lc, logger.With("source", s.Name))
	host.OnRate(func(t time.Time, rps float64) { rec.Rate(lane(s.Name, u.Host), t, rps) })
	host.OnPause(func(from, until time.Time, why string) { rec.Pause(lane(s.Name, u.Host), from, until, why) })
	down := &hostDown{}
	fc := &fetch.Client{
		Limiter:   host,
		Token:     s.Token,
		Origins:   rule,
		Secrets:   sec,
		MaxBody:   s.MaxBody,
		Logger:    logger.With("source", s.Name),
		OnAttempt: func(a fetch.Attempt) { down.observe(a); counters.observe(a) },
		HTTP:      httpClient(rt),
		Policy: fetch.Policy{
			MaxAttempts:    s.Retry.MaxAttempts,
			BaseDelay:      s.Retry.BaseDelay,
			MaxDelay:       s.Retry.MaxDelay,
			AttemptTimeout: s.Retry.AttemptTimeout,
			Deadline:       s.Retry.Deadline,
			MaxServerWait:  s.Retry.MaxServerWait,
		},
	}
	src := pipeline.Source{
		Name:        s.Name,
		Concurrency: s.Concurrency,
		MaxPages:    s.MaxPages,
		Filters:     s.Filters,
	}
	if src.FirstURL, src.Page, err = Lister(s, fc); err != nil {
		return pipeline.Source{}, nil, err
	}
	src.Page = down.wrap(src.Page)
	if s.Name == config.CivitAI {
		src.PreviewAllowance = previewAllowance
		src.Versions = true
	}
	return src, host, nil
}
