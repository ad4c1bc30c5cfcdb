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

// TestEventHeap_MatchesReference pushes, pops and replaces the top at random, checking the heap
// invariant after every operation and every pop against a linear scan of a
// plain slice holding the same entries.
func TestEventHeap_MatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var h eventHeap
	var ref []entry
	seq := uint64(0)
	for step := range 30000 {
		// Grow, shrink to empty and grow again; few distinct times make ties common.
		grow := step%10000 < 6000
		if len(h) == 0 || (grow && rng.IntN(3) > 0) || (!grow && rng.IntN(3) == 0) {
			e := entry{at: Time(rng.IntN(50)), seq: seq}
			seq++
			h.push(e)
			ref = append(ref, e)
		} else {
			want := slices.MinFunc(ref, compareEntries)
			ref = slices.DeleteFunc(ref, func(e entry) bool { return e.seq == want.seq })
			if got := h[0]; got != want {
				t.Fatalf("step %d: top = %+v, want %+v", step, got, want)
			}
			if rng.IntN(2) == 0 {
				h.pop()
			} else {
				e := entry{at: Time(rng.IntN(50)), seq: seq}
				seq++
				h.replaceTop(e)
				ref = append(ref, e)
			}
		}
		checkHeap(t, h)
	}
}

func compareEntries(a, b entry) int {
	if a.before(&b) {
		return -1
	}
	if b.before(&a) {
		return 1
	}
	return 0
}

func TestEventHeap_TiesAreFIFO(t *testing.T) {
	var h eventHeap
	for seq := range uint64(100) {
		h.push(entry{at: 5, seq: seq})
	}
	for want := range uint64(100) {
		if got := h[0].seq; got != want {
			t.Fatalf("pop among equal times: got seq %d, want %d", got, want)
		}
		h.pop()
	}
}
