package sim

import (
	"fmt"
	"runtime"

	"github.com/fschuetz04/simgo"
)

// maxExactTime is the largest time simgo's float64 clock holds exactly (2^53
// minutes, some 17 billion years); SimgoEngine refuses to go beyond it.
const maxExactTime Time = 1 << 53

// SimgoEngine runs events on github.com/fschuetz04/simgo, the reference
// engine: each scheduled event becomes a simgo timeout whose callback hands
// the event to the Handler, and Cancel aborts the timeout. simgo orders ties
// by insertion id, as Queue does, so both give identical trajectories; the
// differential tests hold them to it. It is an oracle and a benchmark peer,
// not built for speed: every event allocates. Its clock is a float64, so it
// refuses times beyond 2^53 minutes (17 billion years), including Forever.
type SimgoEngine struct {
	sim     *simgo.Simulation
	handler Handler
	seq     uint64
	epoch   uint64 // Resets so far
	fired   bool
	pending map[Token]*simgo.Event // for Cancel and Pending
}

// NewSimgoEngine returns an empty SimgoEngine at time zero.
func NewSimgoEngine() *SimgoEngine {
	return &SimgoEngine{sim: simgo.NewSimulation(), pending: make(map[Token]*simgo.Event)}
}

// Now returns the current time.
func (s *SimgoEngine) Now() Time { return Time(s.sim.Now()) }

// Schedule arranges for ev to be handled at Now()+delay.
func (s *SimgoEngine) Schedule(delay Time, ev Event) Token {
	if delay < 0 || delay > maxExactTime-s.Now() {
		panic(fmt.Sprintf("sim: cannot schedule %v with delay %d at time %d", ev, delay, s.Now()))
	}
	tok := Token{At: s.Now() + delay, Seq: s.seq, Epoch: s.epoch}
	s.seq++
	timeout := s.sim.Timeout(float64(delay))
	// simgo sets a finalizer on every event (to abort events a process no
	// longer references). An event points to its simulation, which points
	// to its queue, whose backing array keeps pointing to events popped
	// from it: a cycle, and Go never frees a cycle holding a finalizer. Each
	// Reset would leak the old simulation with every event it ever queued.
	// The engine tracks its events itself, so the finalizer can go.
	runtime.SetFinalizer(timeout, nil)
	timeout.AddHandler(func(*simgo.Event) {
		delete(s.pending, tok)
		s.fired = true
		s.handler.Handle(ev)
	})
	s.pending[tok] = timeout
	return tok
}

// Cancel aborts the simgo timeout behind tok and reports whether it was pending.
func (s *SimgoEngine) Cancel(tok Token) bool {
	timeout, ok := s.pending[tok]
	if !ok {
		return false
	}
	delete(s.pending, tok)
	return timeout.Abort()
}

// Pending returns the number of events still to be handled.
func (s *SimgoEngine) Pending() int { return len(s.pending) }

// Run handles every event due before until, then sets the time to until.
func (s *SimgoEngine) Run(h Handler, until Time) {
	if until > maxExactTime {
		panic(fmt.Sprintf("sim: SimgoEngine cannot run until %d: its float64 clock is exact only up to 2^53 minutes", until))
	}
	if until < s.Now() {
		panic(fmt.Sprintf("sim: cannot run until %d: time is already %d", until, s.Now()))
	}
	s.handler = h
	s.sim.RunUntil(float64(until))
}

// Step handles the next event and reports whether there was one. Aborted
// timeouts that simgo pops on the way are skipped.
func (s *SimgoEngine) Step(h Handler) bool {
	s.handler, s.fired = h, false
	for !s.fired && s.sim.Step() {
	}
	return s.fired
}

// Reset replaces the simulation by a new one and sets the sequence to zero.
func (s *SimgoEngine) Reset() {
	s.sim = simgo.NewSimulation()
	s.seq = 0
	s.epoch++
	clear(s.pending)
}
