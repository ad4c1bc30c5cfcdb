package main

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// heapMargin is how far above the live heap a batch lets the Go heap grow
// at least: a quarter of the live heap, if that is more.
const heapMargin = 32 << 20

// boundHeap keeps the memory the Go runtime holds to the live heap plus a
// margin (heapMargin, or a quarter of the live heap) while a batch runs,
// and returns what ends it. Left alone, the collector lets the heap grow
// to twice the live heap, and reaches that only after it has watched the
// allocations for a while: a batch's live heap is the same after 20
// replications and after 200 (about 100 MB at 3,000 nodes), but a long
// batch's resident memory came out a third higher than a short one's. A
// memory limit (debug.SetMemoryLimit) that follows the live heap makes
// resident memory what the batch holds, whatever its length; a batch
// allocates little (its rows and checkpoints), so the extra collections
// cost little. A limit the user set (GOMEMLIMIT) is theirs and is kept.
func boundHeap() (end func()) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	h := newHeapBound()
	h.set()
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				h.set()
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

// heapBound reads what boundHeap's limit is made of (runtime/metrics):
// the heap's live bytes, then the runtime's total and the heap's parts of
// it; the rest of the total (stacks, metadata, buffers) is kept as it is.
type heapBound struct{ samples [6]metrics.Sample }

func newHeapBound() *heapBound {
	h := &heapBound{}
	for i, name := range []string{"/gc/heap/live:bytes", "/memory/classes/total:bytes",
		"/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes",
		"/memory/classes/heap/free:bytes", "/memory/classes/heap/released:bytes"} {
		h.samples[i].Name = name
	}
	return h
}

// limit is the memory limit for the runtime's memory now: what is not
// the heap, the live heap, and the margin.
func (h *heapBound) limit() int64 {
	metrics.Read(h.samples[:])
	var v [len(h.samples)]uint64
	for i, s := range h.samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	live, total := v[0], v[1]
	heap := v[2] + v[3] + v[4] + v[5]
	other := uint64(0)
	if total > heap {
		other = total - heap
	}
	return int64(other + live + max(heapMargin, live/4))
}

func (h *heapBound) set() { debug.SetMemoryLimit(h.limit()) }
