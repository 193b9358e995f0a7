package writer

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

// deadOwner is the owner of a process that has ended (and been reaped).
func deadOwner(t *testing.T) owner {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0") // a race-enabled child otherwise idles 1s at exit
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return owner{pid: cmd.Process.Pid, start: "1"}
}

// liveOwner is the owner of a process that runs for the rest of the test.
func liveOwner(t *testing.T) owner {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), idleChildEnv+"=1", "GORACE=atexit_sleep_ms=0")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close() // the child exits at EOF
		cmd.Wait()
	})
	start, _ := procStart(cmd.Process.Pid)
	return owner{pid: cmd.Process.Pid, start: start}
}

// idleChildEnv makes the test binary wait for EOF on stdin and exit.
const idleChildEnv = "MANIFESTGEN_WRITER_IDLE_CHILD"

func TestOwnerGone(t *testing.T) {
	live := liveOwner(t)
	tests := []struct {
		name string
		o    owner
		want bool
	}{
		{"self", self(), false},
		{"live", live, false},
		{"live, start unknown", owner{pid: live.pid}, false},
		{"ended", deadOwner(t), true},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests, struct {
			name string
			o    owner
			want bool
		}{"pid reused (other start)", owner{pid: live.pid, start: live.start + "0"}, true})
	}
	for _, tc := range tests {
		if got := tc.o.gone(); got != tc.want {
			t.Errorf("%s %v: gone() = %v, want %v", tc.name, tc.o, got, tc.want)
		}
	}
}

func TestOwnerString(t *testing.T) {
	for _, o := range []owner{{pid: 42}, {pid: 42, start: "123456"}, self()} {
		s, err := siblingsOf(filepath.Join(t.TempDir(), "out"))
		if err != nil {
			t.Fatal(err)
		}
		name := ".out.staging-" + newGenerationID(t0) + "." + o.String()
		m := s.pattern.FindStringSubmatch(name)
		if m == nil {
			t.Fatalf("%q does not match the sibling pattern", name)
		}
		if got, err := parseOwner(m[3], m[4]); err != nil || got != o {
			t.Errorf("parseOwner(%q) = %v, %v; want %v", name, got, err, o)
		}
	}
}

// TestSweepOwnerAware: under the lock, a Write removes the dirs beside the
// output left by runs that ended (and by itself earlier, and by versions
// before the lock, whose names carry no owner), and keeps those whose owner
// still runs.
func TestSweepOwnerAware(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, sampleSet(), t0)
	gen := func(i int) string { return newGenerationID(t0.Add(time.Duration(i) * time.Second)) }
	live, dead := liveOwner(t), deadOwner(t)
	kept := []string{".out.staging-" + gen(1) + "." + live.String(), ".out.old-" + gen(2) + "." + live.String()}
	removed := []string{
		".out.staging-" + gen(3) + "." + dead.String(),
		".out.trash-" + gen(4) + "." + dead.String(),
		".out.staging-" + gen(5) + "." + self().String(),
		".out.staging-" + gen(6), // before the lock
	}
	if runtime.GOOS == "linux" {
		removed = append(removed, ".out.staging-"+gen(7)+"."+owner{pid: live.pid, start: live.start + "0"}.String())
	}
	for _, n := range append(slices.Clone(kept), removed...) {
		if err := os.MkdirAll(filepath.Join(parent, n, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, dir, sampleSet(), t0.Add(time.Minute))
	got := siblingNames(t, dir)
	slices.Sort(got)
	if want := slices.Sorted(slices.Values(kept)); !slices.Equal(got, want) {
		t.Errorf("beside the dir: %v, want only the live owner's %v", got, want)
	}
	// Clean follows the same rule.
	if err := Clean(dir); err != nil {
		t.Fatal(err)
	}
	got = siblingNames(t, dir)
	slices.Sort(got)
	if want := slices.Sorted(slices.Values(kept)); !slices.Equal(got, want) {
		t.Errorf("after Clean: %v, want %v", got, want)
	}
}
