package sim

// entry is an event in the queue with its due time and sequence number.
type entry struct {
	at  Time
	seq uint64
	ev  Event
}

func (e *entry) token() Token { return Token{At: e.at, Seq: e.seq} }

// before orders entries by (time, sequence): earlier first, FIFO among ties.
func (e *entry) before(f *entry) bool {
	return e.at < f.at || (e.at == f.at && e.seq < f.seq)
}

// arity is the number of children per heap node. A 4-ary heap is shallower
// than a binary one and its children share a cache line pair; BENCHMARKS.md
// records the measured difference.
const arity = 4

// eventHeap is a min-heap of entries ordered by entry.before. It is typed, so
// pushing and popping copy entries without boxing them in interfaces (which
// container/heap would do, allocating per event).
type eventHeap []entry

// push adds e in O(log n).
func (h *eventHeap) push(e entry) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		parent := (i - 1) / arity
		if !e.before(&s[parent]) {
			break
		}
		s[i] = s[parent]
		i = parent
	}
	s[i] = e
}

// pop removes and returns the first entry in O(log n). The heap must not be empty.
func (h *eventHeap) pop() entry {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	*h = s[:n]
	if n > 0 {
		s[siftDown(s[:n], last)] = last
	}
	return top
}

// siftDown finds the slot for e when the root of s is vacated, moving smaller
// children up along the way, and returns that slot.
func siftDown(s []entry, e entry) int {
	i := 0
	for {
		first := arity*i + 1
		if first >= len(s) {
			return i
		}
		end := min(first+arity, len(s))
		m := first
		for c := first + 1; c < end; c++ {
			if s[c].before(&s[m]) {
				m = c
			}
		}
		if !s[m].before(&e) {
			return i
		}
		s[i] = s[m]
		i = m
	}
}
