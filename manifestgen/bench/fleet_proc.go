package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// runnerSpec is one runner process to start.
type runnerSpec struct {
	name    string
	config  string // path of its config file
	measure bool   // -measure: it reports its CPU and heap around Generate
}

// runnersResult is what runRunners measured.
type runnersResult struct {
	wall    time.Duration  // from the GO line to the last runner's exit
	cpu     time.Duration  // the runners' user+system CPU, whole processes, summed
	reports []RunnerReport // one per runner, in spec order
}

// runRunners starts one runner process of bin per spec, waits until every
// one has loaded its config, starts them together and waits for them all,
// for at most timeout from the first start. Any runner that fails or
// prints no report fails the run; every process is gone when it returns.
func runRunners(ctx context.Context, bin string, specs []runnerSpec, timeout time.Duration) (*runnersResult, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var procs []*runnerProc
	defer func() {
		cancel() // kills the runners still running (none, on success)
		for _, p := range procs {
			<-p.done
		}
	}()
	for _, s := range specs {
		p, err := startRunner(ctx, bin, s)
		if err != nil {
			return nil, err
		}
		procs = append(procs, p)
	}
	ready := time.NewTimer(readyTimeout)
	defer ready.Stop()
	for _, p := range procs {
		select {
		case <-p.stdout.ready:
		case <-p.done:
			return nil, p.failure("exited before " + runnerReady)
		case <-ready.C:
			return nil, p.failure(fmt.Sprintf("not %s after %s", runnerReady, readyTimeout))
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	start := time.Now()
	for _, p := range procs {
		_, err := io.WriteString(p.stdin, runnerGo+"\n")
		p.stdin.Close()
		if err != nil {
			return nil, p.failure("cannot start it: " + err.Error())
		}
	}
	res := &runnersResult{}
	end := start
	for _, p := range procs {
		<-p.done
		if p.err != nil {
			if ctx.Err() != nil {
				return nil, p.failure(fmt.Sprintf("%v (%v)", p.err, ctx.Err()))
			}
			return nil, p.failure(p.err.Error())
		}
		rep, err := p.report()
		if err != nil {
			return nil, p.failure(err.Error())
		}
		res.reports = append(res.reports, rep)
		res.cpu += p.cmd.ProcessState.UserTime() + p.cmd.ProcessState.SystemTime()
		if p.exited.After(end) {
			end = p.exited
		}
	}
	res.wall = end.Sub(start)
	return res, nil
}

// runnerProc is a started runner process.
type runnerProc struct {
	name   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *readyBuffer
	stderr *tailBuffer
	done   chan struct{} // closed when the process has been waited for; then err and exited are set
	err    error
	exited time.Time
}

// startRunner starts bin as the runner of s, killed when ctx is done.
func startRunner(ctx context.Context, bin string, s runnerSpec) (*runnerProc, error) {
	args := []string{"-name", s.name, "-config", s.config}
	if s.measure {
		args = append(args, "-measure")
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	// A -race runner would otherwise sleep 1 s at exit.
	cmd.Env = append(os.Environ(), "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	cmd.WaitDelay = time.Second
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("runner %s: %w", s.name, err)
	}
	p := &runnerProc{
		name: s.name, cmd: cmd, stdin: stdin, done: make(chan struct{}),
		stdout: &readyBuffer{ready: make(chan struct{})}, stderr: &tailBuffer{max: 4 << 10},
	}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("runner %s: %w", s.name, err)
	}
	go func() {
		p.err = cmd.Wait()
		p.exited = time.Now()
		close(p.done)
	}()
	return p, nil
}

// report decodes the runner's report: the last line of its stdout after
// the READY line.
func (p *runnerProc) report() (RunnerReport, error) {
	out := strings.TrimSpace(p.stdout.String())
	_, after, ok := strings.Cut(out, runnerReady+"\n")
	if !ok {
		return RunnerReport{}, fmt.Errorf("no report on stdout: %q", clip(out, 200))
	}
	last := after[strings.LastIndexByte(after, '\n')+1:]
	var rep RunnerReport
	if err := json.Unmarshal([]byte(last), &rep); err != nil {
		return RunnerReport{}, fmt.Errorf("bad report %q: %w", clip(last, 200), err)
	}
	if rep.Name != p.name {
		return RunnerReport{}, fmt.Errorf("report of %q, want %q", rep.Name, p.name)
	}
	return rep, nil
}

// failure is an error naming the runner, with the tail of its stderr.
func (p *runnerProc) failure(msg string) error {
	if tail := strings.TrimSpace(p.stderr.String()); tail != "" {
		msg += "; stderr: " + tail
	}
	return fmt.Errorf("runner %s: %s", p.name, msg)
}

// readyBuffer collects a runner's stdout and closes ready once the READY
// line has arrived.
type readyBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready chan struct{}
	seen  bool
}

func (b *readyBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if !b.seen && bytes.Contains(b.buf.Bytes(), []byte(runnerReady+"\n")) {
		b.seen = true
		close(b.ready)
	}
	return len(p), nil
}

func (b *readyBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
