package sim

import "fmt"

// Queue is the native Engine. Events sit in one of three places by how far
// ahead they are due:
//
//   - within the next 2^14 to 2^15 ticks (11 to 22 days of minutes), in the
//     fine timing wheel: one FIFO list per tick, found through a two-level
//     bitmap;
//   - within 2^24 ticks (32 years), in the coarse wheel: one list per
//     2^14-tick span, in the order scheduled, moved into the fine wheel
//     whole as the span comes within reach;
//   - beyond that, in a typed 4-ary heap ordered by (time, sequence), moved
//     into the coarse wheel as soon as it reaches that far.
//
// An event is moved before anything else can be scheduled into the place it
// moves to for its tick, and every event in a coarse list was scheduled
// before any event that the fine wheel took directly for the same tick, so
// each tick's list in the fine wheel is in sequence order: ties stay FIFO
// with no comparison. The zero value is ready to use.
//
// Scheduling and handling an event cost O(1), with no comparisons, for
// everything due within 32 years; an event beyond costs O(log n) in the
// heap. Nothing allocates once the queue has grown to its working size.
// BENCHMARKS.md records the measurements behind this design against the
// plain heap it replaced.
//
// Cancel marks an event; the queue drops it when it reaches the front. While
// nothing is cancelled, supporting cancellation costs one length check per
// event.
type Queue struct {
	now   Time
	seq   uint64
	epoch uint64 // Resets so far
	fine  wheel  // events due before moved<<coarse.shift, one slot a tick
	// coarse holds events due in its slots moved to moved+coarse.size()-1,
	// one slot per 2^coarse.shift ticks; slots before moved are in fine.
	coarse    wheel
	moved     int64
	later     eventHeap // events due in coarse slots from moved+coarse.size() on
	last      Token     // the last event taken from the queue
	taken     bool      // whether any event has been taken since Reset
	cancelled map[Token]struct{}
}

// The default wheels: coarse slots of 2^14 minutes (11.4 days), a fine wheel
// of twice that (it holds up to two coarse slots ahead of now) and 2^10
// coarse slots (32 years), so that a supply network's daily cycles, transit
// times and shocks never reach the heap.
const (
	defaultShift      = 14
	defaultCoarseLog2 = 10
)

// NewQueue returns an empty Queue at time zero.
func NewQueue() *Queue { return newQueue(defaultShift, defaultCoarseLog2) }

// newQueue returns a Queue whose coarse slots are 2^shift ticks (shift ≥ 1,
// so that slot numbers near Forever, and the reach two slots on, fit an
// int64), with 2^coarseLog2 of them (at least 64), and whose fine wheel has
// 2^(shift+1) ticks (at least 64).
func newQueue(shift uint, coarseLog2 int) *Queue {
	if shift < 1 || shift > 30 {
		panic(fmt.Sprintf("sim: coarse slots of 2^%d ticks", shift))
	}
	q := &Queue{}
	q.init(shift, coarseLog2)
	return q
}

func (q *Queue) init(shift uint, coarseLog2 int) {
	q.fine, q.coarse = newWheel(int(shift)+1, 0), newWheel(coarseLog2, shift)
	q.moved = q.reach()
}

// reach is the first coarse slot that need not be in the fine wheel yet:
// two slots on from now's, which the fine wheel's 2^(shift+1) ticks always hold.
func (q *Queue) reach() int64 { return int64(q.now>>q.coarse.shift) + 2 }

// Now returns the current time.
func (q *Queue) Now() Time { return q.now }

// Schedule arranges for ev to be handled at Now()+delay. O(1) within the
// coarse wheel's 32 years, O(log n) beyond.
func (q *Queue) Schedule(delay Time, ev Event) Token {
	if delay < 0 || delay > Forever-q.now {
		panic(fmt.Sprintf("sim: cannot schedule %v with delay %d at time %d", ev, delay, q.now))
	}
	if q.fine.lists == nil {
		q.init(defaultShift, defaultCoarseLog2)
	}
	e := entry{at: q.now + delay, seq: q.seq, ev: ev}
	q.seq++
	q.place(e)
	return q.token(&e)
}

// place puts e where its time belongs: the fine wheel, the coarse wheel or the heap.
func (q *Queue) place(e entry) {
	switch slot := int64(e.at >> q.coarse.shift); {
	case slot < q.moved:
		q.fine.push(e)
	case slot < q.moved+int64(q.coarse.size()):
		q.coarse.push(e)
	default:
		q.later.push(e)
	}
}

func (q *Queue) token(e *entry) Token { return Token{At: e.at, Seq: e.seq, Epoch: q.epoch} }

// Cancel removes the event tok identifies, which must come from Schedule on
// this queue. It reports whether the event was pending.
func (q *Queue) Cancel(tok Token) bool {
	// Events leave in token order, so anything at or before the last one
	// taken is gone.
	if tok.Epoch != q.epoch || tok.Seq >= q.seq || (q.taken && !q.last.before(tok)) {
		return false
	}
	if _, dup := q.cancelled[tok]; dup {
		return false
	}
	if q.cancelled == nil {
		q.cancelled = make(map[Token]struct{})
	}
	q.cancelled[tok] = struct{}{}
	return true
}

// Pending returns the number of events still to be handled.
func (q *Queue) Pending() int { return q.fine.len + q.coarse.len + len(q.later) - len(q.cancelled) }

// Run handles every event due before until, then sets the time to until.
func (q *Queue) Run(h Handler, until Time) {
	if until < q.now {
		panic(fmt.Sprintf("sim: cannot run until %d: time is already %d", until, q.now))
	}
	for {
		at, ok := q.front()
		if !ok || at >= until {
			break
		}
		q.dispatch(h, at)
	}
	q.advance(until)
}

// Step handles the next event and reports whether there was one.
func (q *Queue) Step(h Handler) bool {
	for {
		at, ok := q.front()
		if !ok {
			return false
		}
		if q.dispatch(h, at) {
			return true
		}
	}
}

// Reset empties the queue and sets time and sequence to zero, keeping
// memory. O(wheel sizes/64 + pending).
func (q *Queue) Reset() {
	if q.fine.lists == nil { // the zero value
		q.init(defaultShift, defaultCoarseLog2)
	}
	q.now, q.seq, q.last, q.taken = 0, 0, Token{}, false
	q.epoch++
	q.fine.reset()
	q.coarse.reset()
	q.moved = q.reach()
	q.later = q.later[:0]
	clear(q.cancelled)
}

// front returns the time of the next event, if there is one. Everything in
// the fine wheel is due before everything in the coarse wheel, and that
// before everything in the heap; a coarse slot's list is in the order
// scheduled, so its earliest event is searched for, which happens only
// when nothing is due for 11 days.
func (q *Queue) front() (Time, bool) {
	if q.fine.len > 0 {
		return q.fine.slotTime(q.fine.next(q.fine.slot(q.now)), q.now), true // a fine slot is one tick
	}
	if q.coarse.len > 0 {
		s := q.coarse.next(int(q.moved) & q.coarse.mask)
		at := Forever
		for n := q.coarse.lists[s].head; n != 0; n = q.coarse.links[n] {
			at = min(at, q.coarse.entries[n].at)
		}
		return at, true
	}
	if len(q.later) > 0 {
		return q.later[0].at, true
	}
	return 0, false
}

// advance sets the time to t and moves into the fine wheel every coarse
// slot before the new reach, in slot order, each after the heap has given
// the coarse wheel what comes within its span. Empty stretches are skipped.
func (q *Queue) advance(t Time) {
	q.now = t
	for reach := q.reach(); q.moved < reach; {
		if q.coarse.len == 0 { // nothing to move: jump to the heap's first slot or the reach
			next := reach
			if len(q.later) > 0 {
				next = min(next, int64(q.later[0].at>>q.coarse.shift))
			}
			q.moved = max(q.moved, next)
			q.pull()
			if q.moved >= reach {
				break
			}
		}
		for s := int(q.moved) & q.coarse.mask; q.coarse.lists[s].head != 0; {
			q.fine.push(q.coarse.pop(s))
		}
		q.moved++
		q.pull()
	}
}

// pull moves the heap's events that come within the coarse wheel's span
// into it, in (time, sequence) order.
func (q *Queue) pull() {
	for limit := q.moved + int64(q.coarse.size()); len(q.later) > 0 && int64(q.later[0].at>>q.coarse.shift) < limit; {
		q.coarse.push(q.later[0])
		q.later.pop()
	}
}

// dispatch takes the first event due at at, the front, advancing the clock to
// it, and hands it to h unless it was cancelled. It reports whether it did.
func (q *Queue) dispatch(h Handler, at Time) bool {
	q.advance(at)
	e := q.fine.pop(q.fine.slot(at))
	q.last, q.taken = q.token(&e), true
	if q.isCancelled(q.last) {
		return false
	}
	h.Handle(e.ev)
	return true
}

// isCancelled reports whether tok was cancelled, forgetting it if so.
func (q *Queue) isCancelled(tok Token) bool {
	if len(q.cancelled) == 0 {
		return false
	}
	if _, ok := q.cancelled[tok]; ok {
		delete(q.cancelled, tok)
		return true
	}
	return false
}
