package writer

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
)

// owner identifies a process: its pid and, where the OS tells (Linux), its
// start time in clock ticks since boot, so that a reused pid is not taken
// for the process that first had it. Write puts its owner in the names of
// the dirs it creates beside the output dir.
type owner struct {
	pid   int
	start string // "" when unknown
}

// self is this process.
var self = sync.OnceValue(func() owner {
	pid := os.Getpid()
	start, _ := procStart(pid)
	return owner{pid: pid, start: start}
})

// String is the form in sibling names: p<pid>, then s<start> when known.
func (o owner) String() string {
	s := "p" + strconv.Itoa(o.pid)
	if o.start != "" {
		s += "s" + o.start
	}
	return s
}

// ownerPattern matches owner.String; groups: pid, start.
const ownerPattern = `p([0-9]{1,10})(?:s([0-9]{1,20}))?`

// parseOwner is the inverse of owner.String on ownerPattern's groups.
func parseOwner(pid, start string) (owner, error) {
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 {
		return owner{}, fmt.Errorf("bad pid %q", pid)
	}
	return owner{pid: n, start: start}, nil
}

// gone reports whether o's process has ended: no process has its pid, the
// process with its pid started at another time (the pid was reused), or it
// is a zombie. Where the OS cannot tell, it reports true: the output lock,
// which a dead process cannot hold, is then the only judge.
func (o owner) gone() bool {
	if o == self() {
		return false
	}
	alive, known := pidAlive(o.pid)
	if !known || !alive {
		return true
	}
	start, err := procStart(o.pid)
	switch {
	case errors.Is(err, errNoStart):
		return false // alive; the OS tells no more
	case err != nil:
		return true // ended meanwhile, or a zombie
	case o.start == "":
		return false
	}
	return start != o.start
}

// errNoStart: the OS does not tell a process's start time.
var errNoStart = errors.New("process start time unknown on this OS")
