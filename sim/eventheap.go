package sim

import "math/bits"

// entry is an event in the queue with its due time and sequence number.
type entry struct {
	at  Time
	seq uint64
	ev  Event
}

// before orders entries by (time, sequence): earlier first, FIFO among ties.
func (e *entry) before(f *entry) bool { return beforeBit(e, f) != 0 }

// beforeBit returns 1 if e is before f, else 0. It compares (at, seq) as one
// 128-bit unsigned number (times are never negative) by a subtract-with-borrow
// chain, which compiles to SUB/SBB rather than to branches that a heap's
// random comparisons would mispredict half the time.
func beforeBit(e, f *entry) uint64 {
	_, borrow := bits.Sub64(e.seq, f.seq, 0)
	_, borrow = bits.Sub64(uint64(e.at), uint64(f.at), borrow)
	return borrow
}

// pick returns a if bit is 1 and b if it is 0, without a branch.
func pick(bit uint64, a, b int) int { return b ^ ((a ^ b) & -int(bit)) }

// arity is the number of children per heap node. A 4-ary heap is half as deep
// as a binary one and a node's children sit in two adjacent cache lines;
// BENCHMARKS.md records what the choices measured.
const arity = 4

// eventHeap is a min-heap of entries in (time, sequence) order. It is typed,
// so entries are copied, not boxed in interfaces as container/heap would,
// allocating per event. Sequence numbers are unique, so the order is total
// and any valid heap hands out entries in exactly the same order.
type eventHeap []entry

// push adds e in O(log n).
func (h *eventHeap) push(e entry) {
	*h = append(*h, e)
	s := *h
	s[siftUp(s, len(s)-1, &e)] = e
}

// siftUp finds the slot for e when slot i is vacant, moving larger parents
// down along the way, and returns that slot.
func siftUp(s []entry, i int, e *entry) int {
	for i > 0 {
		parent := (i - 1) / arity
		if !e.before(&s[parent]) {
			break
		}
		s[i] = s[parent]
		i = parent
	}
	return i
}

// pop removes the first entry in O(log n). The heap must not be empty.
func (h *eventHeap) pop() {
	n := len(*h) - 1
	last := (*h)[n]
	*h = (*h)[:n]
	if n > 0 {
		h.replaceTop(last)
	}
}

// replaceTop replaces the first entry by e in O(log n); pop calls it with the
// heap's last leaf. The heap must not be empty. It is Floyd's bottom-up
// variant: the vacancy at the root sinks to a leaf along the smallest
// children, with no comparison against e, and e then sifts up from there.
// A leaf rarely rises far, so this saves a hard-to-predict comparison per
// level.
func (h *eventHeap) replaceTop(e entry) {
	s := *h
	i := 0
	for {
		first := arity*i + 1
		if first >= len(s) {
			break
		}
		m := smallestChild(s, first)
		s[i] = s[m]
		i = m
	}
	s[siftUp(s, i, &e)] = e
}

// smallestChild returns the index of the smallest of the children starting at
// first. With all four children present it plays a branch-free tournament.
func smallestChild(s []entry, first int) int {
	if arity == 4 && first+arity <= len(s) {
		c := s[first : first+arity : first+arity]
		a := pick(beforeBit(&c[1], &c[0]), 1, 0)
		b := pick(beforeBit(&c[3], &c[2]), 3, 2)
		return first + pick(beforeBit(&c[b], &c[a]), b, a)
	}
	m := first
	for c := first + 1; c < min(first+arity, len(s)); c++ {
		m = pick(beforeBit(&s[c], &s[m]), c, m)
	}
	return m
}
