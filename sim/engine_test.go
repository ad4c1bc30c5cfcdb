package sim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// engines lists every Engine implementation; behaviour tests run on each.
var engines = []struct {
	name string
	new  func() sim.Engine
}{
	{"native", func() sim.Engine { return sim.NewQueue() }},
	{"simgo", func() sim.Engine { return sim.NewSimgoEngine() }},
	// The smallest wheels, 64 ticks, and 64 coarse slots of 2 ticks: most
	// events pass through the coarse wheel and many through the heap.
	{"native-small-wheels", func() sim.Engine { return sim.NewQueueWithWheels(1, 6) }},
	// Coarse slots of 32 ticks, 64 of them: no event reaches the heap, and
	// a coarse slot's events reach the fine wheel in ties with its own.
	{"native-coarse-slots", func() sim.Engine { return sim.NewQueueWithWheels(5, 6) }},
}

// recorder logs "time:kind/target" for every event and, for kinds listed in
// then, schedules a follow-up when it sees them.
type recorder struct {
	eng  sim.Engine
	log  []string
	then map[sim.Kind]func(sim.Event)
}

func (r *recorder) Handle(ev sim.Event) {
	r.log = append(r.log, fmt.Sprintf("%d:%d/%d", r.eng.Now(), ev.Kind, ev.Target))
	if f := r.then[ev.Kind]; f != nil {
		f(ev)
	}
}

func ev(kind sim.Kind, target int32) sim.Event { return sim.Event{Kind: kind, Target: target} }

func TestEngine_OrderIsTimeThenFIFO(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			eng := e.new()
			r := &recorder{eng: eng}
			r.then = map[sim.Kind]func(sim.Event){
				// At time 10, schedule a zero-delay event and one for time 20:
				// the zero-delay one must run after the events already due at
				// 10, and the new 20 after the older 20s.
				1: func(sim.Event) {
					eng.Schedule(0, ev(2, 0))
					eng.Schedule(10, ev(3, 0))
				},
			}
			eng.Schedule(20, ev(0, 1))
			eng.Schedule(10, ev(1, 0))
			eng.Schedule(10, ev(0, 2))
			eng.Schedule(0, ev(0, 3))
			eng.Schedule(20, ev(0, 4))
			for eng.Step(r) {
			}
			want := []string{"0:0/3", "10:1/0", "10:0/2", "10:2/0", "20:0/1", "20:0/4", "20:3/0"}
			if !slices.Equal(r.log, want) {
				t.Errorf("order:\n got %v\nwant %v", r.log, want)
			}
		})
	}
}

func TestEngine_RunIsHalfOpen(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			eng := e.new()
			r := &recorder{eng: eng}
			for _, at := range []sim.Time{0, 5, 9, 10, 11} {
				eng.Schedule(at, ev(0, int32(at)))
			}
			eng.Run(r, 10)
			if got, want := strings.Join(r.log, " "), "0:0/0 5:0/5 9:0/9"; got != want {
				t.Errorf("Run(10) handled %q, want %q", got, want)
			}
			if eng.Now() != 10 || eng.Pending() != 2 {
				t.Errorf("after Run(10): Now() = %d, Pending() = %d; want 10, 2", eng.Now(), eng.Pending())
			}
			// Scheduling between runs starts from the run's end.
			eng.Schedule(0, ev(1, 0))
			eng.Run(r, 10) // a run to the current time does nothing
			eng.Run(r, 100)
			if got, want := strings.Join(r.log[3:], " "), "10:0/10 10:1/0 11:0/11"; got != want {
				t.Errorf("Run(100) handled %q, want %q", got, want)
			}
		})
	}
}

func TestEngine_Cancel(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			eng := e.new()
			r := &recorder{eng: eng}
			a := eng.Schedule(5, ev(0, 1))
			b := eng.Schedule(5, ev(0, 2))
			c := eng.Schedule(0, ev(0, 3))
			d := eng.Schedule(7, ev(0, 4))
			if !eng.Cancel(b) || !eng.Cancel(c) {
				t.Fatal("Cancel of a pending event reported false")
			}
			if eng.Cancel(b) {
				t.Error("second Cancel of the same event reported true")
			}
			if got := eng.Pending(); got != 2 {
				t.Errorf("Pending() = %d after two cancellations of four, want 2", got)
			}
			eng.Run(r, 6)
			if eng.Cancel(a) {
				t.Error("Cancel of an event already handled reported true")
			}
			eng.Run(r, 10)
			if got, want := strings.Join(r.log, " "), "5:0/1 7:0/4"; got != want {
				t.Errorf("handled %q, want %q", got, want)
			}
			if eng.Cancel(d) || eng.Pending() != 0 {
				t.Errorf("after draining: Cancel = true or Pending() = %d", eng.Pending())
			}
		})
	}
}

func TestEngine_Reset(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			eng := e.new()
			r := &recorder{eng: eng}
			eng.Schedule(3, ev(0, 0))
			eng.Cancel(eng.Schedule(4, ev(0, 0)))
			eng.Run(r, 50)
			eng.Schedule(9, ev(0, 0))
			eng.Reset()
			if eng.Now() != 0 || eng.Pending() != 0 {
				t.Fatalf("after Reset: Now() = %d, Pending() = %d; want 0, 0", eng.Now(), eng.Pending())
			}
			if tok := eng.Schedule(2, ev(0, 0)); tok != (sim.Token{At: 2, Seq: 0, Epoch: 1}) {
				t.Errorf("first token after Reset = %+v, want {At:2 Seq:0 Epoch:1}", tok)
			}
			if !eng.Step(r) || eng.Now() != 2 || eng.Step(r) {
				t.Errorf("after Reset the queue held other events than the new one")
			}
		})
	}
}

// TestEngine_StaleTokenAfterReset checks that a token kept from before a
// Reset, whose (At, Seq) matches a live event of the new run, cancels nothing.
func TestEngine_StaleTokenAfterReset(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			eng := e.new()
			var old []sim.Token
			for range 5 {
				old = append(old, eng.Schedule(4, ev(0, 0)))
			}
			eng.Reset()
			for i := range 10 {
				eng.Schedule(4, ev(0, int32(i)))
			}
			if eng.Cancel(old[4]) {
				t.Error("Cancel of a token from before Reset reported true")
			}
			r := &recorder{eng: eng}
			eng.Run(r, 10)
			if len(r.log) != 10 || eng.Pending() != 0 {
				t.Errorf("handled %d of 10 events, Pending() = %d; a stale token cancelled a live event", len(r.log), eng.Pending())
			}
		})
	}
}

func TestEngine_Misuse(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			mustPanic(t, "negative delay", func() { e.new().Schedule(-1, ev(0, 0)) })
			mustPanic(t, "overflowing delay", func() {
				eng := e.new()
				eng.Run(&recorder{eng: eng}, 100)
				eng.Schedule(sim.Forever-50, ev(0, 0))
			})
			mustPanic(t, "running backwards", func() {
				eng := e.new()
				eng.Run(&recorder{eng: eng}, 10)
				eng.Run(&recorder{eng: eng}, 9)
			})
		})
	}
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Errorf("%s: no panic", what)
		} else if msg := fmt.Sprint(r); !strings.HasPrefix(msg, "sim: ") {
			t.Errorf("%s: panic %q lacks the \"sim: \" prefix", what, msg)
		}
	}()
	f()
}

func TestQueue_NoAllocationsInSteadyState(t *testing.T) {
	q := sim.NewQueue()
	h := &hold{eng: q, mean: 1000}
	h.fill(256)
	for range 10000 { // grow to working size
		q.Step(h)
	}
	allocs := testing.AllocsPerRun(10000, func() { q.Step(h) })
	if allocs != 0 {
		t.Errorf("Queue allocates %.2f times per event in the hold model, want 0", allocs)
	}
	zero := &burst{eng: q}
	q.Schedule(0, ev(0, 0))
	for range 1000 {
		q.Step(zero)
	}
	if allocs := testing.AllocsPerRun(10000, func() { q.Step(zero) }); allocs != 0 {
		t.Errorf("Queue allocates %.2f times per zero-delay event, want 0", allocs)
	}
}

// burst keeps one zero-delay event alive: each schedules the next.
type burst struct{ eng sim.Engine }

func (b *burst) Handle(ev sim.Event) { b.eng.Schedule(0, ev) }

// timesOf records when each event was handled.
type timesOf struct {
	eng   sim.Engine
	times []sim.Time
}

func (h *timesOf) Handle(sim.Event) { h.times = append(h.times, h.eng.Now()) }

// Events due at the end of time, where slot numbers and the queue's reach
// are largest, come out in order on every native configuration; one
// scheduled after them for an earlier time comes first.
func TestQueue_EventsNearForever(t *testing.T) {
	for _, q := range []*sim.Queue{sim.NewQueue(), sim.NewQueueWithWheels(1, 6), sim.NewQueueWithWheels(5, 6)} {
		h := &timesOf{eng: q}
		for _, d := range []sim.Time{sim.Forever, sim.Forever - 1, sim.Forever - 70, sim.Forever - 1<<20} {
			q.Schedule(d, sim.Event{})
		}
		q.Schedule(3, sim.Event{})
		for q.Step(h) {
		}
		want := []sim.Time{3, sim.Forever - 1<<20, sim.Forever - 70, sim.Forever - 1, sim.Forever}
		if !slices.Equal(h.times, want) || q.Pending() != 0 {
			t.Errorf("handled at %v with %d pending, want %v and none", h.times, q.Pending(), want)
		}
	}
}

// The zero Queue is ready to use, Reset first or not.
func TestQueue_ZeroValue(t *testing.T) {
	for _, reset := range []bool{false, true} {
		var q sim.Queue
		if reset {
			q.Reset()
		}
		h := &timesOf{eng: &q}
		q.Schedule(5, sim.Event{})
		q.Run(h, 10)
		if !slices.Equal(h.times, []sim.Time{5}) || q.Now() != 10 {
			t.Errorf("reset %v: handled at %v, now %d; want [5] and 10", reset, h.times, q.Now())
		}
	}
}
