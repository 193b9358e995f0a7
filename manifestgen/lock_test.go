package manifestgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/config"
	"github.com/manifestgen/manifestgen/manifestgen/hub"
	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

// pairChildEnv switches the test binary into one of two runs started at
// once: it waits for EOF on stdin (the start signal), runs Run with the
// process environment in the dir the variable names, and prints the
// generation it published.
const pairChildEnv = "MANIFESTGEN_TEST_PAIR_CHILD_DIR"

func pairChild() int {
	io.Copy(io.Discard, os.Stdin)
	sum, err := Run(context.Background(), Options{Dir: os.Getenv(pairChildEnv), Stderr: io.Discard})
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	if sum.Index == nil {
		fmt.Fprintln(os.Stderr, "exit 0 without publishing")
		return 2
	}
	fmt.Println("published", sum.Index.Generation)
	return 0
}

// Trials of TestSimultaneousRuns: pairs with `lock: fail`, then pairs with
// `lock: wait`.
const (
	pairsFail = 20
	pairsWait = 6
)

// TestSimultaneousRuns starts pairs of manifestgen runs as separate
// processes at the same instant on one output dir and one cache dir,
// against a hub on 127.0.0.1. Every run must either publish a generation
// that verify accepts or, with `lock: fail`, fail with the lock message;
// with `lock: wait` both must publish. Nothing else: no other error, no
// exit 0 without a verifiable generation, no leftovers beside the output.
func TestSimultaneousRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs subprocesses; skipped in -short mode")
	}
	srv, err := hub.Start(hub.Options{Latency: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "manifestgen.yaml")
	err = os.WriteFile(cfgFile, []byte(`
sources:
  civitai:
    endpoint: `+srv.URL()+`
    rps: 200
    pageSize: 10
    filters:
      - {name: lora, query: {types: LORA, sort: Most Downloaded}, limit: 30}
  huggingface:
    endpoint: `+srv.URL()+`
    rps: 200
    pageSize: 10
    filters:
      - {name: small, query: {pipeline_tag: text-generation, sort: downloads}, limit: 10, match: {size: small}}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	counts := map[string]int{}
	for trial := range pairsFail + pairsWait {
		mode := config.LockFail
		if trial >= pairsFail {
			mode = config.LockWait
		}
		outcome := runPair(t, dir, out, mode, trial)
		counts[mode+": "+outcome]++
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range counts {
			if !yield(k) {
				return
			}
		}
	})
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %s: %d pairs", k, counts[k])
	}
	t.Logf("%d pairs of simultaneous runs (%d lock: fail, %d lock: wait); outcomes:%s", pairsFail+pairsWait, pairsFail, pairsWait, b.String())
	if counts[config.LockWait+": both published"] != pairsWait {
		t.Errorf("with lock: wait, %d of %d pairs both published", counts[config.LockWait+": both published"], pairsWait)
	}
}

// runPair starts two runs at once and checks the outcome; it returns
// "both published" or "one published, one refused by the lock".
func runPair(t *testing.T, dir, out, mode string, trial int) string {
	t.Helper()
	type child struct {
		cmd            *exec.Cmd
		stdin          io.WriteCloser
		stdout, stderr bytes.Buffer
	}
	var kids [2]*child
	for i := range kids {
		c := &child{cmd: exec.Command(os.Args[0], "-test.run=^$")}
		c.cmd.Env = append(os.Environ(), pairChildEnv+"="+dir,
			config.EnvConfig+"="+filepath.Join(dir, "manifestgen.yaml"),
			config.EnvOut+"="+out, config.EnvCacheDir+"="+filepath.Join(dir, "cache"),
			ReportDirEnv+"="+filepath.Join(dir, fmt.Sprintf("report-%d", i)),
			config.EnvLock+"="+mode, ForceEnv+"=1", HubEnv+"=live", "CI=true",
			config.EnvCivitAIURL+"=", config.EnvHFURL+"=", config.EnvCivitAIKey+"=", config.EnvHFToken+"=",
			config.EnvAllowStale+"=", config.EnvMaxAge+"=",
			"GORACE=atexit_sleep_ms=0") // a race-enabled child otherwise idles 1s at exit
		c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
		var err error
		if c.stdin, err = c.cmd.StdinPipe(); err != nil {
			t.Fatal(err)
		}
		if err := c.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		kids[i] = c
	}
	for _, c := range kids {
		c.stdin.Close() // go
	}
	var published []string
	refused := 0
	for i, c := range kids {
		err := c.cmd.Wait()
		stderr := c.stderr.String()
		switch {
		case err == nil:
			gen, ok := strings.CutPrefix(strings.TrimSpace(c.stdout.String()), "published ")
			if !ok {
				t.Fatalf("pair %d (%s), run %d: exit 0 but said %q", trial, mode, i, c.stdout.String())
			}
			published = append(published, gen)
		case mode == config.LockFail && strings.Contains(stderr, "error: another manifestgen run (pid ") &&
			strings.Contains(stderr, ") is writing "+out+"/; set "+config.EnvLock+"=wait to wait for it"):
			refused++
		default:
			t.Fatalf("pair %d (%s), run %d: %v, neither published nor refused by the lock; stderr:\n%s", trial, mode, i, err, stderr)
		}
	}
	if len(published) == 0 {
		t.Fatalf("pair %d (%s): both runs refused", trial, mode)
	}
	// What is published now verifies and is one of the runs' generations.
	rep, err := verify.Dir(out)
	if err != nil {
		t.Fatalf("pair %d: %v", trial, err)
	}
	if err := rep.Err(); err != nil {
		t.Fatalf("pair %d (%s): a run exited 0 but the output does not verify: %v", trial, mode, err)
	}
	var idx manifest.Index
	data, err := os.ReadFile(filepath.Join(out, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(published, idx.Generation) {
		t.Fatalf("pair %d: output holds generation %s, published were %v", trial, idx.Generation, published)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".output.") && e.Name() != ".output.lock" {
			t.Fatalf("pair %d: left beside the output: %s", trial, e.Name())
		}
	}
	if refused > 0 {
		return "one published, one refused by the lock"
	}
	return "both published"
}
