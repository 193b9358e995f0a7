package targets

import (
	"context"
	"os"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen"
)

// deadlineMargin is how long before mage's -t deadline a target's run is
// cancelled, so that the run returns its own error ("run cancelled,
// nothing published") before mage gives up on it and prints only
// "context deadline exceeded".
const deadlineMargin = 500 * time.Millisecond

// beforeDeadline returns ctx ending deadlineMargin (at most half the time
// left) before ctx's deadline, if it has one.
func beforeDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	margin := min(deadlineMargin, time.Until(dl)/2)
	return context.WithDeadline(ctx, dl.Add(-margin))
}

// parentPoll is how often untilOrphaned looks at the parent process.
const parentPoll = 200 * time.Millisecond

// untilOrphaned returns ctx ending also when this process's parent exits
// (its parent pid changes). `go run` relays no signal to its child
// (golang/go#40467), so `kill` of `go run magefile.go …` reaches neither
// the bootstrap nor mage's compiled targets: the bootstrap (magefile.go)
// exits when go run does, and a target stops when the bootstrap is gone.
func untilOrphaned(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	parent := os.Getppid()
	go func() {
		t := time.NewTicker(parentPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if os.Getppid() != parent {
					cancel()
					return
				}
			}
		}
	}()
	return ctx, cancel
}

// failed returns err for mage to print, or, with MANIFESTGEN_LOG=json,
// writes it as an Error record and exits with status 1 so that mage's
// plain "Error: …" line does not break the JSON stream.
func failed(err error) error {
	if err == nil || os.Getenv(manifestgen.LogEnv) != "json" {
		return err
	}
	manifestgen.NewLogger(os.Stderr, os.Getenv).Error("run failed", "err", err)
	os.Exit(1)
	return err
}
