package sim

import "fmt"

// Queue is the native Engine: a typed 4-ary heap ordered by (time, sequence)
// plus a FIFO for events scheduled with zero delay. The zero value is ready
// to use.
//
// Zero-delay events skip the heap: every event already in the heap that is
// due now was scheduled before the clock reached now, so it has a smaller
// sequence number than any zero-delay event and the FIFO never reorders
// anything. Schedule and the next handled event cost O(log n) for n pending
// events and O(1) for zero delays; neither allocates once the queue has grown
// to its working size.
//
// Cancel marks an event; the queue drops it when it reaches the front. While
// nothing is cancelled, the cost of supporting cancellation is one length
// check per event.
type Queue struct {
	now       Time
	seq       uint64
	heap      eventHeap
	fifo      []entry // zero-delay events, all due at now, in sequence order
	head      int     // first unprocessed entry of fifo
	last      Token   // the last event taken from the queue
	taken     bool    // whether any event has been taken since Reset
	cancelled map[Token]struct{}
}

// NewQueue returns an empty Queue at time zero.
func NewQueue() *Queue { return &Queue{} }

// Now returns the current time.
func (q *Queue) Now() Time { return q.now }

// Schedule arranges for ev to be handled at Now()+delay. O(log n); O(1) for delay 0.
func (q *Queue) Schedule(delay Time, ev Event) Token {
	if delay < 0 || delay > Forever-q.now {
		panic(fmt.Sprintf("sim: cannot schedule %v with delay %d at time %d", ev, delay, q.now))
	}
	e := entry{at: q.now + delay, seq: q.seq, ev: ev}
	q.seq++
	if delay == 0 {
		q.fifo = append(q.fifo, e)
	} else {
		q.heap.push(e)
	}
	return e.token()
}

// Cancel removes the event tok identifies, which must come from Schedule on
// this queue since the last Reset. It reports whether the event was pending.
func (q *Queue) Cancel(tok Token) bool {
	// Events leave in token order, so anything at or before the last one
	// taken is gone.
	if tok.Seq >= q.seq || (q.taken && !q.last.before(tok)) {
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
func (q *Queue) Pending() int {
	return len(q.heap) + len(q.fifo) - q.head - len(q.cancelled)
}

// Run handles every event due before until, then sets the time to until.
func (q *Queue) Run(h Handler, until Time) {
	if until < q.now {
		panic(fmt.Sprintf("sim: cannot run until %d: time is already %d", until, q.now))
	}
	for {
		e, inFIFO := q.front()
		if e == nil || e.at >= until {
			break
		}
		if ev, ok := q.take(inFIFO); ok {
			h.Handle(ev)
		}
	}
	q.now = until
}

// Step handles the next event and reports whether there was one.
func (q *Queue) Step(h Handler) bool {
	for {
		e, inFIFO := q.front()
		if e == nil {
			return false
		}
		if ev, ok := q.take(inFIFO); ok {
			h.Handle(ev)
			return true
		}
	}
}

// Reset empties the queue and sets time and sequence to zero, keeping memory.
func (q *Queue) Reset() {
	q.now, q.seq, q.last, q.taken = 0, 0, Token{}, false
	q.heap = q.heap[:0]
	q.fifo, q.head = q.fifo[:0], 0
	clear(q.cancelled)
}

// front returns the next entry without removing it, or nil if there is none,
// and whether it is the head of the FIFO rather than the top of the heap.
func (q *Queue) front() (e *entry, inFIFO bool) {
	switch {
	case q.head < len(q.fifo) && (len(q.heap) == 0 || q.fifo[q.head].before(&q.heap[0])):
		return &q.fifo[q.head], true
	case len(q.heap) > 0:
		return &q.heap[0], false
	}
	return nil, false
}

// take removes the front entry, which must exist, and advances the clock to
// it. It returns the event, or false if the entry was cancelled.
func (q *Queue) take(inFIFO bool) (Event, bool) {
	var e entry
	if inFIFO {
		e = q.fifo[q.head]
		q.head++
		if q.head == len(q.fifo) {
			q.fifo, q.head = q.fifo[:0], 0
		}
	} else {
		e = q.heap.pop()
	}
	q.now, q.last, q.taken = e.at, e.token(), true
	if len(q.cancelled) > 0 {
		if _, ok := q.cancelled[q.last]; ok {
			delete(q.cancelled, q.last)
			return Event{}, false
		}
	}
	return e.ev, true
}
