package sim

import "fmt"

// Queue is the native Engine. Events due within a window of the current time
// (2^14 ticks, about 11 days) sit in a timing wheel: one FIFO
// list per tick, found through a two-level bitmap. Later events wait in a
// typed 4-ary heap ordered by (time, sequence) and move into the wheel as
// soon as their time comes within the window, which is before anything else
// can be scheduled for that tick, so they keep their place in the FIFO.
// The zero value is ready to use.
//
// Scheduling into the wheel and handling an event cost O(1), with no
// comparisons at all, whatever the number of pending events; events beyond
// the window cost O(log n) in the heap. Nothing allocates once the queue has
// grown to its working size. BENCHMARKS.md records the measurements behind
// this design against the plain heap it replaced.
//
// Cancel marks an event; the queue drops it when it reaches the front. While
// nothing is cancelled, supporting cancellation costs one length check per
// event.
type Queue struct {
	now       Time
	seq       uint64
	epoch     uint64 // Resets so far
	wheel     wheel
	later     eventHeap // events due at or after now + wheel.size()
	last      Token     // the last event taken from the queue
	taken     bool      // whether any event has been taken since Reset
	cancelled map[Token]struct{}
}

// defaultWheelLog2 sets the wheel's window to 2^14 minutes, 11.4 days: daily
// cycles and most transit times of a supply network fall inside it.
const defaultWheelLog2 = 14

// NewQueue returns an empty Queue at time zero.
func NewQueue() *Queue { return newQueue(defaultWheelLog2) }

func newQueue(wheelLog2 int) *Queue { return &Queue{wheel: newWheel(wheelLog2)} }

// Now returns the current time.
func (q *Queue) Now() Time { return q.now }

// Schedule arranges for ev to be handled at Now()+delay. O(1) within the
// wheel's window, O(log n) beyond it.
func (q *Queue) Schedule(delay Time, ev Event) Token {
	if delay < 0 || delay > Forever-q.now {
		panic(fmt.Sprintf("sim: cannot schedule %v with delay %d at time %d", ev, delay, q.now))
	}
	if q.wheel.lists == nil {
		q.wheel = newWheel(defaultWheelLog2)
	}
	e := entry{at: q.now + delay, seq: q.seq, ev: ev}
	q.seq++
	if delay < q.wheel.size() {
		q.wheel.push(e)
	} else {
		q.later.push(e)
	}
	return q.token(&e)
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
func (q *Queue) Pending() int { return q.wheel.len + len(q.later) - len(q.cancelled) }

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
// memory. O(window/64 + pending).
func (q *Queue) Reset() {
	q.now, q.seq, q.last, q.taken = 0, 0, Token{}, false
	q.epoch++
	q.wheel.reset()
	q.later = q.later[:0]
	clear(q.cancelled)
}

// front returns the time of the next event, if there is one. Everything in
// the wheel is due before everything in the heap.
func (q *Queue) front() (Time, bool) {
	if q.wheel.len > 0 {
		return q.wheel.front(q.wheel.next(int(q.now) & q.wheel.mask)).at, true
	}
	if len(q.later) > 0 {
		return q.later[0].at, true
	}
	return 0, false
}

// advance sets the time to t and moves the events of the heap that come
// within the wheel's window into it, in (time, sequence) order.
func (q *Queue) advance(t Time) {
	q.now = t
	for len(q.later) > 0 && q.later[0].at-t < q.wheel.size() {
		q.wheel.push(q.later[0])
		q.later.pop()
	}
}

// dispatch takes the first event due at at, the front, advancing the clock to
// it, and hands it to h unless it was cancelled. It reports whether it did.
func (q *Queue) dispatch(h Handler, at Time) bool {
	q.advance(at)
	e := q.wheel.pop(int(at) & q.wheel.mask)
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
