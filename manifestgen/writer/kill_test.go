package writer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
	"github.com/manifestgen/manifestgen/manifestgen/verify"
)

// The kill test re-executes the test binary as a child that publishes
// generations in a loop (TestMain switches on killChildEnv); the parent kills
// it with SIGKILL at random moments and checks the dir after each kill.
const (
	killChildEnv    = "MANIFESTGEN_WRITER_KILL_CHILD" // output dir; set only in the child
	killStartEnv    = "MANIFESTGEN_WRITER_KILL_START" // first generation number k
	killFallbackEnv = "MANIFESTGEN_WRITER_KILL_FALLBACK"

	killTrials    = 200
	killMinTrials = 30
	killBudget    = 10 * time.Second
	killMaxDelay  = 8 * time.Millisecond // after the child's first Write
)

// killBase is the fetchedAt of generation 0; generation k's fresh filters
// carry killBase+k seconds, which is how the parent recovers k.
var killBase = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// killFails reports whether filter j fails in generation k (f0 never does).
func killFails(k, j int) bool { return j > 0 && (k+j)%3 == 0 }

// killFilters is how many filters a source has in generation k.
func killFilters(source string, k int) int { return 2 + (k+len(source))%4 }

func killFilterName(j int) string {
	if j%2 == 1 {
		return fmt.Sprintf("g/f%d", j) // a nested filter
	}
	return fmt.Sprintf("f%d", j)
}

// killIDs are the ids filter j of source selects in generation k: "shared"
// (named after the generation that last fetched it, so a models file from
// another generation shows) plus ids that embed j and k.
func killIDs(source string, j, k int) []string {
	ids := []string{"shared"}
	for i := range 1 + (j+k)%4 {
		id := fmt.Sprintf("f%d-k%d-%d", j, k, i)
		if source == "huggingface" {
			id = "org/" + id
		}
		ids = append(ids, id)
	}
	return ids
}

// killSet is generation k: filters, failures and ids all vary with k.
func killSet(k int) *manifest.Set {
	set := &manifest.Set{Hub: []string{manifest.HubLive, manifest.HubEmbedded}[k%2]}
	for _, source := range []string{"civitai", "huggingface"} {
		src := manifest.SourceResult{Source: source, Origin: origin(set.Hub, source), Models: map[string]manifest.Model{}}
		for j := range killFilters(source, k) {
			name := killFilterName(j)
			if killFails(k, j) {
				src.Filters = append(src.Filters, manifest.FilterResult{Name: name, Err: fmt.Errorf("gen %d: 503", k)})
				continue
			}
			ids := killIDs(source, j, k)
			for _, id := range ids {
				src.Models[id] = manifest.Model{ID: id, Name: fmt.Sprintf("gen %d", k), URL: "https://example.test/" + id}
			}
			src.Filters = append(src.Filters, manifest.FilterResult{Name: name, ModelIDs: ids, FetchedAt: killBase.Add(time.Duration(k) * time.Second)})
		}
		set.Sources = append(set.Sources, src)
	}
	return set
}

// runKillChild writes generations k, k+1, ... into dir until killed, saying
// "ready" after the first. It gives up after a few seconds in case the
// parent is gone.
func runKillChild(dir string) int {
	k, err := strconv.Atoi(os.Getenv(killStartEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 2
	}
	if os.Getenv(killFallbackEnv) != "" {
		exchange = func(a, b string) error { return errors.ErrUnsupported }
	}
	fsync = func(*os.File) error { return nil }
	deadline := time.Now().Add(10 * time.Second)
	for first := true; time.Now().Before(deadline); k++ {
		if _, err := Write(dir, killSet(k), Options{AllowStale: true}); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			return 3
		}
		if first {
			fmt.Println("ready")
			first = false
		}
	}
	return 0
}

func TestKillAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns up to 200 processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if _, err := Write(dir, killSet(0), Options{AllowStale: true}); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	var trials, midWrite, windowHits int
	for trials < killTrials && (time.Since(start) < killBudget || trials < killMinTrials) {
		fallback := trials%4 == 3
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir, fmt.Sprintf("%s=%d", killStartEnv, (trials+1)*1000))
		if fallback {
			cmd.Env = append(cmd.Env, killFallbackEnv+"=1")
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if line == "ready\n" {
			time.Sleep(time.Duration(rng.Int64N(int64(killMaxDelay)))) // fault injection, not a timing assertion
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("trial %d: child ended with %v before the kill, stderr:\n%s", trials, err, stderr.String())
		}
		trials++

		left := siblingNames(t, dir)
		if len(left) > 0 {
			midWrite++
		}
		if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
			// Only the fallback has a window without the dir; the next
			// Write restores the generation moved aside.
			if !fallback || !slices.ContainsFunc(left, func(n string) bool { return strings.HasPrefix(n, ".out.old-") }) {
				t.Fatalf("trial %d: dir gone (fallback %v), beside it: %v", trials, fallback, left)
			}
			windowHits++
			s, _ := siblingsOf(dir)
			if err := sweep(s, quiet); err != nil {
				t.Fatal(err)
			}
		}
		checkOneGeneration(t, dir, trials)
	}

	if _, err := Write(dir, killSet(1), Options{AllowStale: true}); err != nil {
		t.Fatal(err)
	}
	if left := siblingNames(t, dir); len(left) > 0 {
		t.Errorf("leftovers survive a clean Write: %v", left)
	}
	t.Logf("%d kills in %v: %d left staging/old dirs (killed mid-Write), %d inside the fallback window; every dir verified and wholly one generation",
		trials, time.Since(start).Round(time.Millisecond), midWrite, windowHits)
	if trials < killMinTrials {
		t.Errorf("only %d trials", trials)
	}
}

// checkOneGeneration fails unless dir passes verify and every file belongs to
// the generation its index.json names: entries, filter files and models all
// match what killSet produced for that generation and, for stale entries, the
// generation they were fetched in.
func checkOneGeneration(t *testing.T, dir string, trial int) {
	t.Helper()
	rep, err := verify.Dir(dir)
	if err != nil {
		t.Fatalf("trial %d: %v", trial, err)
	}
	if err := rep.Err(); err != nil {
		t.Fatalf("trial %d: %v", trial, err)
	}
	var idx manifest.Index
	readJSON(t, filepath.Join(dir, "index.json"), &idx)
	kOf := func(e manifest.FilterEntry) int { return int(e.FetchedAt.Sub(killBase) / time.Second) }
	gen := -1
	for _, e := range idx.Filters {
		if e.Name == "f0" && e.Status == manifest.StatusFresh {
			gen = kOf(e)
		}
	}
	if gen < 0 {
		t.Fatalf("trial %d: no fresh f0 in index", trial)
	}
	if want := []string{manifest.HubLive, manifest.HubEmbedded}[gen%2]; idx.Hub != want {
		t.Fatalf("trial %d: generation %d has hub %s", trial, gen, idx.Hub)
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("trial %d, generation %d: %s", trial, gen, fmt.Sprintf(format, args...))
	}
	var entries []string
	for _, e := range idx.Filters {
		entries = append(entries, e.Source+"/"+e.Name)
	}
	var want []string
	for _, source := range []string{"civitai", "huggingface"} {
		var names []string
		for j := range killFilters(source, gen) {
			names = append(names, source+"/"+killFilterName(j))
		}
		slices.Sort(names)
		want = append(want, names...)
	}
	if !slices.Equal(entries, want) {
		fail("index filters %v, want %v", entries, want)
	}
	for _, e := range idx.Filters {
		j, _ := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(e.Name, "g/"), "f"))
		switch {
		case !killFails(gen, j) && (e.Status != manifest.StatusFresh || kOf(e) != gen):
			fail("%s/%s is %s from generation %d, want fresh", e.Source, e.Name, e.Status, kOf(e))
		case killFails(gen, j) && e.Status == manifest.StatusFresh:
			fail("%s/%s is fresh, but it failed", e.Source, e.Name)
		case e.Status == manifest.StatusStale && (kOf(e) >= gen || killFails(kOf(e), j)):
			fail("%s/%s is stale from generation %d", e.Source, e.Name, kOf(e))
		}
		if e.File == "" {
			continue
		}
		var ff manifest.FilterFile
		readJSON(t, filepath.Join(dir, e.File), &ff)
		if ids := killIDs(e.Source, j, kOf(e)); !slices.Equal(ff.ModelIDs, ids) {
			fail("%s holds %v, want generation %d's %v", e.File, ff.ModelIDs, kOf(e), ids)
		}
	}
	for source := range idx.Sources {
		var mf manifest.ModelsFile
		readJSON(t, filepath.Join(dir, manifest.ModelsPath(source)), &mf)
		for id, m := range mf.Models {
			k := gen
			if id != "shared" {
				_, rest, _ := strings.Cut(id, "-k")
				k, _ = strconv.Atoi(rest[:strings.IndexByte(rest, '-')])
			}
			if m.Name != fmt.Sprintf("gen %d", k) {
				fail("%s: model %s is %q, want gen %d", mf.Source, id, m.Name, k)
			}
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
