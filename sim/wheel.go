package sim

import (
	"math"
	"math/bits"
)

// wheel is a timing wheel: one FIFO list of entries per slot of 2^shift
// ticks, for the `size` slots starting at the queue's current one. Slot
// (t>>shift)&(size-1) holds the entries due in slot t>>shift; since every
// entry in the wheel is due within size slots of now, slots are unambiguous
// and their circular order from now is time order. The queue's fine wheel
// has one tick a slot, so appending keeps each list in sequence order and
// ties are FIFO with no comparison; its coarse wheel holds far events by
// slot until the fine wheel takes them. Two bitmap levels find the next
// non-empty slot in a few word operations. Entries live in a slab, linked
// into lists by a parallel slab of indices (so linking touches 4 bytes, not
// an entry), with a free list, so a warmed-up wheel allocates nothing.
//
// Node indices are 1-based, so a zero head, tail or link means "none" and a
// zeroed list is empty.
type wheel struct {
	mask    int      // size-1; size is a power of two, a multiple of 64
	shift   uint     // a slot is 2^shift ticks
	lists   []list   // one per slot
	used    []uint64 // bit s set: lists[s] is not empty
	summary []uint64 // bit w set: used[w] != 0
	entries []entry  // entries[0] is unused
	links   []int32  // links[n]: the node after n in its list or the free list, 0 for none
	free    int32    // first free node, 0 if none
	len     int      // entries in the wheel
}

type list struct{ head, tail int32 }

func newWheel(sizeLog2 int, shift uint) wheel {
	size := 1 << max(sizeLog2, 6)
	words := size / 64
	return wheel{
		mask:    size - 1,
		shift:   shift,
		lists:   make([]list, size),
		used:    make([]uint64, words),
		summary: make([]uint64, (words+63)/64),
		entries: make([]entry, 1, 64),
		links:   make([]int32, 1, 64),
	}
}

// size returns the number of slots.
func (w *wheel) size() int { return w.mask + 1 }

// slot returns the slot of time t.
func (w *wheel) slot(t Time) int { return int(t>>w.shift) & w.mask }

// push appends e to the list of its slot. O(1).
func (w *wheel) push(e entry) {
	n := w.free
	if n != 0 {
		w.free = w.links[n]
		w.entries[n], w.links[n] = e, 0
	} else {
		if len(w.entries) == math.MaxInt32 {
			panic("sim: more than 2^31 events pending in the timing wheel")
		}
		n = int32(len(w.entries))
		w.entries, w.links = append(w.entries, e), append(w.links, 0)
	}
	s := w.slot(e.at)
	l := &w.lists[s]
	if l.head == 0 {
		l.head = n
		w.used[s>>6] |= 1 << (s & 63)
		w.summary[s>>12] |= 1 << ((s >> 6) & 63)
	} else {
		w.links[l.tail] = n
	}
	l.tail = n
	w.len++
}

// slotTime returns the first tick of slot s, the first at or after now's slot.
func (w *wheel) slotTime(s int, now Time) Time {
	from := w.slot(now)
	return (now>>w.shift + Time((s-from)&w.mask)) << w.shift
}

// pop removes and returns the first entry of slot s, which must not be empty. O(1).
func (w *wheel) pop(s int) entry {
	l := &w.lists[s]
	n := l.head
	e := w.entries[n]
	l.head = w.links[n]
	if l.head == 0 {
		l.tail = 0
		if w.used[s>>6] &^= 1 << (s & 63); w.used[s>>6] == 0 {
			w.summary[s>>12] &^= 1 << ((s >> 6) & 63)
		}
	}
	w.links[n] = w.free
	w.free = n
	w.len--
	return e
}

// next returns the first non-empty slot at or circularly after slot from.
// The wheel must not be empty. O(size/4096) in the worst case, one or two
// word operations in the common one.
func (w *wheel) next(from int) int {
	word := from >> 6
	if b := w.used[word] >> (from & 63); b != 0 {
		return from + bits.TrailingZeros64(b)
	}
	if word = w.nextWord(word + 1); word < 0 {
		word = w.nextWord(0) // wrap around: the slots before from are later in time
	}
	return word<<6 + bits.TrailingZeros64(w.used[word])
}

// nextWord returns the first non-zero word of used at or after index from, or -1.
func (w *wheel) nextWord(from int) int {
	for sw := from >> 6; sw < len(w.summary); sw++ {
		b := w.summary[sw]
		if sw == from>>6 {
			b &= ^uint64(0) << (from & 63)
		}
		if b != 0 {
			return sw<<6 + bits.TrailingZeros64(b)
		}
	}
	return -1
}

// reset empties the wheel, keeping its memory. O(size/64 + non-empty slots).
func (w *wheel) reset() {
	for i, b := range w.used {
		for ; b != 0; b &= b - 1 {
			w.lists[i<<6+bits.TrailingZeros64(b)] = list{}
		}
	}
	clear(w.used)
	clear(w.summary)
	w.entries, w.links, w.free, w.len = w.entries[:1], w.links[:1], 0, 0
}
