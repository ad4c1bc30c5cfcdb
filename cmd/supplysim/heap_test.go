package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// While a batch runs, the heap may grow only a margin above the live
// heap, not to twice it; the limit is lifted when the last of the batches
// running ends, and a limit already set (GOMEMLIMIT) is left alone.
func TestBoundHeap_KeepsTheHeapNearTheLiveHeap(t *testing.T) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Skip("a memory limit is set (GOMEMLIMIT)")
	}
	ballast := make([][]byte, 96) // 96 MiB live
	for i := range ballast {
		ballast[i] = make([]byte, 1<<20)
	}
	goal := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/gc/heap/live:bytes"}}
	runtime.GC()
	end := boundHeap()
	h := newHeapBound()
	// The live heap is what the last collection marked, which under a busy
	// machine includes more of what was allocated while it marked: the
	// bound follows the largest it saw.
	var worst, live uint64
	var sink []byte
	for i := range 512 { // 512 MiB of garbage, the limit following the live heap
		sink = make([]byte, 1<<20)
		sink[0] = byte(i)
		if i%32 == 0 {
			h.set()
		}
		metrics.Read(goal)
		worst, live = max(worst, goal[0].Value.Uint64()), max(live, goal[1].Value.Uint64())
	}
	if debug.SetMemoryLimit(-1) == math.MaxInt64 {
		t.Error("no memory limit while the batch runs")
	}
	end()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d after the batch, want none", got)
	}
	runtime.KeepAlive(ballast)
	if limit := live + max(heapMargin, live/4) + 16<<20; worst > limit {
		t.Errorf("heap goal reached %d MiB with at most %d MiB live, want at most %d MiB (the live heap, the margin and 16 MiB)", worst>>20, live>>20, limit>>20)
	}

	first, second := boundHeap(), boundHeap() // a sweep's two lanes
	first()
	first()
	if debug.SetMemoryLimit(-1) == math.MaxInt64 {
		t.Error("no memory limit while the second of two overlapping batches runs")
	}
	second()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d after both overlapping batches, want none", got)
	}

	debug.SetMemoryLimit(1 << 40) // the user's
	defer debug.SetMemoryLimit(math.MaxInt64)
	end = boundHeap()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit %d while the batch runs, want the user's %d", got, int64(1<<40))
	}
	end()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit %d after the batch, want the user's %d", got, int64(1<<40))
	}
}
