package bench

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// heapMetric is the live-and-unswept heap object bytes, readable without
// stopping the world.
const heapMetric = "/memory/classes/heap/objects:bytes"

// How often heapSampler reads the heap: every 2 ms in the bench process,
// every 50 ms in a measuring runner. Each read is a wakeup of an otherwise
// idle process, which its CPU figure counts: on a 2-core VM a 2 ms ticker
// alone costs about 4% of a core, most of the scale workload's 5% budget,
// a 50 ms one about 0.5%.
const (
	heapSampleEvery       = 2 * time.Millisecond
	runnerHeapSampleEvery = 50 * time.Millisecond
)

// heapSampler records the peak heap while it runs.
type heapSampler struct {
	base uint64 // heap after a GC, before the measured run
	peak uint64
	stop chan struct{}
	done sync.WaitGroup
}

// startHeap collects garbage, notes the heap as the base and samples it
// every period until stopHeap.
func startHeap(every time.Duration) *heapSampler {
	runtime.GC()
	h := &heapSampler{stop: make(chan struct{})}
	h.base = readHeap()
	h.peak = h.base
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				h.peak = max(h.peak, readHeap())
			}
		}
	}()
	return h
}

// stopHeap ends sampling and returns the base and the peak.
func (h *heapSampler) stopHeap() (base, peak uint64) {
	close(h.stop)
	h.done.Wait()
	return h.base, max(h.peak, readHeap())
}

func readHeap() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
