package sim

// Kind says what an event does. Models define their own kinds as constants
// and dispatch on them in a switch.
type Kind uint16

// Event is a small value describing something that happens at a scheduled
// time. It carries no closure: the Handler gives it meaning. Sixteen bytes,
// copied by value through the queue.
type Event struct {
	Kind   Kind  // what happens
	Target int32 // the entity it happens to, an index into the model's tables
	Arg    int64 // a kind-specific argument: a quantity, a shipment id, …
}

// Handler is the model side of an engine: it is called once for every event,
// in (time, sequence) order, and may schedule further events.
type Handler interface {
	Handle(ev Event)
}

// Token identifies one scheduled event so that it can be cancelled. The pair
// (At, Seq) is unique between two Resets and is the event's position in the
// processing order; Epoch tells Resets apart, so that a token kept from an
// earlier replication cancels nothing.
type Token struct {
	At    Time   // when the event is due
	Seq   uint64 // the number of events scheduled before it since the last Reset
	Epoch uint64 // the number of Resets before it was scheduled
}

// before reports whether t is processed before u: earlier time first, and
// among equal times the one scheduled first (FIFO).
func (t Token) before(u Token) bool {
	return t.At < u.At || (t.At == u.At && t.Seq < u.Seq)
}

// Engine runs events in time order. Events due at the same time run in the
// order they were scheduled. The native Queue is the default; SimgoEngine runs
// the same events on github.com/fschuetz04/simgo as a reference. Both give
// identical trajectories for the same sequence of calls.
//
// An Engine is not safe for concurrent use: one replication runs on one
// goroutine.
type Engine interface {
	// Now returns the current time: that of the event being handled, or the
	// `until` of the last Run. After Step it is the time of the last event
	// taken from the queue, which may be a cancelled one that was skipped.
	Now() Time

	// Schedule arranges for ev to be handled at Now()+delay. It panics if delay
	// is negative or the time overflows.
	Schedule(delay Time, ev Event) Token

	// Cancel removes a scheduled event so that it is never handled. It
	// reports whether the event was still pending; a token from before the
	// last Reset cancels nothing and reports false.
	Cancel(tok Token) bool

	// Pending returns the number of scheduled, not yet handled, not cancelled events.
	Pending() int

	// Run hands every event due before until to h, in order, then sets the
	// time to until. It panics if until < Now(). Events due at until itself
	// stay pending: Run(h, a) followed by Run(h, b) is the same as Run(h, b).
	Run(h Handler, until Time)

	// Step hands the next pending event to h and reports whether there was one.
	Step(h Handler) bool

	// Reset empties the engine and sets the time and the sequence back to zero,
	// keeping allocated memory for reuse. Tokens issued before become void.
	Reset()
}
