package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// checkHeap fails t unless every entry of h is not before its parent.
func checkHeap(t *testing.T, h eventHeap) {
	t.Helper()
	for i := 1; i < len(h); i++ {
		parent := (i - 1) / arity
		if h[i].before(&h[parent]) {
			t.Fatalf("heap invariant broken: entry %d %+v is before its parent %d %+v", i, h[i], parent, h[parent])
		}
	}
}

func TestEventHeap_InvariantAndOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var h eventHeap
	var popped []entry
	seq := uint64(0)
	for step := 0; step < 20000; step++ {
		if len(h) == 0 || rng.IntN(3) > 0 {
			// Few distinct times, so ties are common.
			h.push(entry{at: Time(rng.IntN(50)), seq: seq})
			seq++
		} else {
			popped = append(popped, h.pop())
		}
		if step%97 == 0 {
			checkHeap(t, h)
		}
	}
	checkHeap(t, h)
	for len(h) > 0 {
		popped = append(popped, h.pop())
	}
	if len(popped) != int(seq) {
		t.Fatalf("popped %d entries, pushed %d", len(popped), seq)
	}
	// A full drain after the interleaving must come out sorted.
	tail := popped[len(popped)-int(seq)/3:]
	if !slices.IsSortedFunc(tail, func(a, b entry) int {
		if a.before(&b) {
			return -1
		}
		return 1
	}) {
		t.Fatal("drained entries are not in (time, sequence) order")
	}
}

func TestEventHeap_TiesAreFIFO(t *testing.T) {
	var h eventHeap
	for seq := range uint64(100) {
		h.push(entry{at: 5, seq: seq})
	}
	for want := range uint64(100) {
		if got := h.pop().seq; got != want {
			t.Fatalf("pop among equal times: got seq %d, want %d", got, want)
		}
	}
}
