package main

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// heapMargin is how far above the live heap a batch lets the Go heap grow
// at least: a quarter of the live heap, if that is more.
const heapMargin = 32 << 20

// boundHeap keeps the memory the Go runtime holds to what it holds
// outside the heap, the live heap and a margin (heapMargin, or a quarter
// of the live heap) while a batch runs, and returns what ends it. Left
// alone, the collector lets the heap grow to twice the live heap, and
// reaches that only after it has watched the allocations for a while: a
// batch's live heap is the same after 20 replications and after 200 (about
// 100 MB at 3,000 nodes), but a long batch's resident memory came out a
// third higher than a short one's. A memory limit (debug.SetMemoryLimit)
// that follows the live heap makes resident memory what the batch holds,
// whatever its length; a batch allocates little (its rows and
// checkpoints), so the extra collections cost little. Batches that overlap
// (a sweep's points) share one bound, lifted when the last ends; end may
// be called again, to no effect. A limit the user set (GOMEMLIMIT) is
// theirs and is kept.
func boundHeap() (end func()) {
	bound.Lock()
	defer bound.Unlock()
	if bound.batches == 0 {
		if debug.SetMemoryLimit(-1) != math.MaxInt64 {
			return func() {}
		}
		h := newHeapBound()
		h.set()
		bound.done, bound.stopped = make(chan struct{}), make(chan struct{})
		go h.follow(bound.done, bound.stopped)
	}
	bound.batches++
	var once sync.Once
	return func() {
		once.Do(func() {
			bound.Lock()
			defer bound.Unlock()
			if bound.batches--; bound.batches == 0 {
				close(bound.done)
				<-bound.stopped
				debug.SetMemoryLimit(math.MaxInt64)
			}
		})
	}
}

// bound is the bound the running batches share.
var bound struct {
	sync.Mutex
	batches       int           // running under the bound
	done, stopped chan struct{} // end follow; follow has ended
}

// follow sets the limit four times a second until done is closed, then
// closes stopped.
func (h *heapBound) follow(done <-chan struct{}, stopped chan<- struct{}) {
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
