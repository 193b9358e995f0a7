//go:build linux

package zeroinstall

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// roleEnv makes the test binary play a part in TestExitWithParent.
const roleEnv = "ZEROINSTALL_TEST_ROLE"

// parentRole starts a watcher, prints its pid and exits, orphaning it.
func parentRole() int {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"=watcher")
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(cmd.Process.Pid)
	return 0
}

// watcherRole runs ExitWithParent and nothing else.
func watcherRole() {
	go func() {
		<-time.After(time.Minute) // bounded: never outlive the test by much
		os.Exit(2)
	}()
	ExitWithParent(10 * time.Millisecond)
}

// The process whose parent exits exits too, within a few polls.
func TestExitWithParent(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"=parent")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("parent: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("parent printed %q", out)
	}
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for alive(pid) {
		select {
		case <-deadline:
			t.Fatalf("watcher %d still running 10 s after its parent exited", pid)
		case <-tick.C:
		}
	}
}

// alive reports whether pid is a running process (not gone, not a zombie).
func alive(pid int) bool {
	f, err := os.Open(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	i := strings.LastIndexByte(line, ')')
	return i < 0 || i+2 >= len(line) || line[i+2] != 'Z'
}
