package httpcache

import "sync/atomic"

// Stats counts what a Transport did since it was created.
type Stats struct {
	Hits304  int64 // revalidated with 304; stored body reused
	Changed  int64 // revalidated, but the origin sent a new 200
	Misses   int64 // eligible requests sent without a usable entry
	Stored   int64 // entries written
	Corrupt  int64 // entries that failed to decode, ignored and removed
	Bypassed int64 // requests not eligible for the cache (method, Range, ...)
	Failed   int64 // cache I/O errors; never fatal, the response passes through
}

type counters struct {
	hits304, changed, misses, stored, corrupt, bypassed, failed atomic.Int64
}

// Stats returns a snapshot of t's counters.
func (t *Transport) Stats() Stats {
	c := &t.counters
	return Stats{
		Hits304:  c.hits304.Load(),
		Changed:  c.changed.Load(),
		Misses:   c.misses.Load(),
		Stored:   c.stored.Load(),
		Corrupt:  c.corrupt.Load(),
		Bypassed: c.bypassed.Load(),
		Failed:   c.failed.Load(),
	}
}
