package redislimit

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/manifestgen/manifestgen/manifestgen/limit"
)

// Environment of a fleet runner: a child process that sends requests
// through a limit.Host, shared through Redis when childRedis is set.
const (
	childEnv    = "REDISLIMIT_TEST_CHILD" // runner's name; set: run as a runner
	childRedis  = "REDISLIMIT_TEST_REDIS" // Redis URL; "": per-process limiter only
	childTarget = "REDISLIMIT_TEST_TARGET"
	childHost   = "REDISLIMIT_TEST_HOST" // host name keying the quota
	childN      = "REDISLIMIT_TEST_N"    // requests to send
	childConc   = "REDISLIMIT_TEST_CONC" // Config.Concurrency
	childRPS    = "REDISLIMIT_TEST_RPS"  // Config.RPS and Options.RPS
	childStart  = "REDISLIMIT_TEST_START"
)

// childSpec is what the parent tells each runner.
type childSpec struct {
	redisURL, target, host string
	n, conc                int
	rps                    float64
	start                  time.Time // all runners begin together
}

// childResult is what a runner reports on stdout.
type childResult struct{ ok, fail int }

// runChildren runs one runner process per name and waits for them all.
func runChildren(t *testing.T, spec childSpec, names ...string) []childResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	type child struct {
		cmd            *exec.Cmd
		stdout, stderr bytes.Buffer
	}
	children := make([]*child, len(names))
	for i, name := range names {
		c := &child{cmd: exec.CommandContext(ctx, os.Args[0], "-test.run=^$")}
		c.cmd.Env = append(os.Environ(),
			"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"), // -race would wait 1 s at exit
			childEnv+"="+name, childRedis+"="+spec.redisURL, childTarget+"="+spec.target, childHost+"="+spec.host,
			childN+"="+strconv.Itoa(spec.n), childConc+"="+strconv.Itoa(spec.conc),
			childRPS+"="+strconv.FormatFloat(spec.rps, 'g', -1, 64),
			childStart+"="+strconv.FormatInt(spec.start.UnixNano(), 10))
		c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
		if err := c.cmd.Start(); err != nil {
			t.Fatalf("start runner %s: %v", name, err)
		}
		children[i] = c
	}
	results := make([]childResult, len(names))
	for i, c := range children {
		err := c.cmd.Wait()
		var r childResult
		if _, serr := fmt.Sscanf(c.stdout.String(), "RESULT ok=%d fail=%d", &r.ok, &r.fail); err != nil || serr != nil {
			t.Fatalf("runner %s: %v %v\nstdout: %s\nstderr: %s", names[i], err, serr, c.stdout.String(), c.stderr.String())
		}
		results[i] = r
	}
	return results
}

// childMain is a runner: n requests to the target through a limit.Host of
// conc and rps, shared through Redis if a URL is given. It returns the exit
// code.
func childMain() int {
	name := os.Getenv(childEnv)
	fail := func(err error) int {
		fmt.Fprintf(os.Stderr, "runner %s: %v\n", name, err)
		return 2
	}
	n, err1 := strconv.Atoi(os.Getenv(childN))
	conc, err2 := strconv.Atoi(os.Getenv(childConc))
	rps, err3 := strconv.ParseFloat(os.Getenv(childRPS), 64)
	startNs, err4 := strconv.ParseInt(os.Getenv(childStart), 10, 64)
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			return fail(err)
		}
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil)).With("runner", name)
	host := os.Getenv(childHost)
	cfg := limit.Config{Concurrency: conc, RPS: rps, Burst: 1}
	if u := os.Getenv(childRedis); u != "" {
		opts, err := ParseURL(envMap{EnvURL: u}.get)
		if err != nil {
			return fail(err)
		}
		client := redis.NewClient(opts)
		defer client.Close()
		shared, err := New(client, Options{Host: host, Identity: Identity("tok"), RPS: rps, Fail: FailClosed, Logger: logger})
		if err != nil {
			return fail(err)
		}
		cfg.Shared = shared
	}
	h := limit.New(host, cfg, logger)
	httpc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}, Timeout: 30 * time.Second}
	defer httpc.CloseIdleConnections()
	time.Sleep(time.Until(time.Unix(0, startNs)))

	ctx := context.Background()
	var next, ok, failed atomic.Int64
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				if get(ctx, h, httpc, os.Getenv(childTarget), name) {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	fmt.Printf("RESULT ok=%d fail=%d\n", ok.Load(), failed.Load())
	return 0
}

// get sends one request through h, feeds the outcome back to h and reports
// whether it succeeded.
func get(ctx context.Context, h *limit.Host, c *http.Client, target, name string) bool {
	release, err := h.Acquire(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "runner %s: %v\n", name, err)
		return false
	}
	defer release()
	start := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	req.Header.Set("X-Runner", name)
	resp, err := c.Do(req)
	o := limit.Observation{Time: time.Now(), Start: start}
	if err != nil {
		h.Observe(o)
		fmt.Fprintf(os.Stderr, "runner %s: %v\n", name, err)
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	o.Time, o.Status, o.Header = time.Now(), resp.StatusCode, resp.Header
	h.Observe(o)
	return resp.StatusCode == http.StatusOK
}

// runnerNames returns n runner names.
func runnerNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = "r" + strconv.Itoa(i+1)
	}
	return names
}

// sum adds up runners' results.
func sum(rs []childResult) (r childResult) {
	for _, x := range rs {
		r.ok += x.ok
		r.fail += x.fail
	}
	return r
}
