package sim_test

import (
	"runtime"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

type ignore struct{}

func (ignore) Handle(sim.Event) {}

// heapAfterGC returns the bytes of heap in use after a collection.
func heapAfterGC() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// A SimgoEngine reused over many replications keeps its memory flat. Left
// to simgo, every event carries a finalizer and sits in a cycle with its
// simulation, which Go never frees: this loop then grew by about 85 MB.
func TestSimgoEngine_ResetFreesMemory(t *testing.T) {
	e := sim.NewSimgoEngine()
	round := func() {
		e.Reset()
		for i := range 2000 {
			e.Schedule(sim.Time(i), sim.Event{})
		}
		e.Run(ignore{}, 1000) // half of them are still pending at the end
	}
	for range 50 {
		round()
	}
	before := heapAfterGC()
	for range 300 {
		round()
	}
	if grew := int64(heapAfterGC()) - int64(before); grew > 4<<20 {
		t.Errorf("heap grew by %d KB over 300 replications, want it flat (< 4 MB)", grew>>10)
	}
}
