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

// heapSampleEvery is how often heapSampler reads the heap.
const heapSampleEvery = 2 * time.Millisecond

// heapSampler records the peak heap while it runs.
type heapSampler struct {
	base uint64 // heap after a GC, before the measured run
	peak uint64
	stop chan struct{}
	done sync.WaitGroup
}

// startHeap collects garbage, notes the heap as the base and samples it
// until stopHeap.
func startHeap() *heapSampler {
	runtime.GC()
	h := &heapSampler{stop: make(chan struct{})}
	h.base = readHeap()
	h.peak = h.base
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		t := time.NewTicker(heapSampleEvery)
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
