package models

import (
	"testing"
	"unsafe"
)

// What a day's shipping reads of a lane lies in one cache line of its
// state, which is that one line, and one of its Lane, whose size is whole
// cache lines (so that, in a slice of them, every element starts one).
func TestLaneLayout_ShippingReadsOneCacheLineOfEach(t *testing.T) {
	const line = 64
	var ls laneState
	var ln Lane
	if size := unsafe.Sizeof(ls); size != line {
		t.Errorf("laneState is %d bytes, not one cache line of %d", size, line)
	}
	if size := unsafe.Sizeof(ln); size%line != 0 {
		t.Errorf("Lane is %d bytes, not a multiple of %d", size, line)
	}
	if end := unsafe.Offsetof(ln.Transit) + unsafe.Sizeof(ln.Transit); end > line {
		t.Errorf("Lane's From, Part and Transit end at byte %d, past the first cache line", end)
	}
}
