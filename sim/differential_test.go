package sim_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// chaos is a randomised event-generating model for differential tests. Its
// kinds behave differently: spawn children at random delays, spawn zero-delay
// bursts, re-schedule at a fixed delay (ties), cancel a random earlier event,
// or do nothing. All choices come from its own generator, which both engines
// consume in the same order only if they hand over events in the same order.
type chaos struct {
	eng    sim.Engine
	rng    *rand.Rand
	budget int // events it may still schedule
	tokens []sim.Token
	log    []string
}

const (
	spawn sim.Kind = iota
	zeroBurst
	tie
	cancelOne
	idle
	numChaosKinds
)

func (c *chaos) Handle(ev sim.Event) {
	c.log = append(c.log, fmt.Sprintf("%d %d/%d/%d p%d", c.eng.Now(), ev.Kind, ev.Target, ev.Arg, c.eng.Pending()))
	switch ev.Kind {
	case spawn:
		for range 1 + c.rng.IntN(3) {
			c.schedule(sim.Time(c.rng.IntN(200)))
		}
	case zeroBurst:
		for range c.rng.IntN(5) {
			c.schedule(0)
		}
	case tie:
		c.schedule(sim.Time(ev.Target%4) * 10)
		c.schedule(sim.Time(ev.Target%4) * 10)
	case cancelOne:
		c.cancel()
	}
}

func (c *chaos) schedule(delay sim.Time) {
	if c.budget <= 0 {
		return
	}
	c.budget--
	e := sim.Event{Kind: sim.Kind(c.rng.IntN(int(numChaosKinds))), Target: int32(c.rng.IntN(1000)), Arg: int64(c.budget)}
	c.tokens = append(c.tokens, c.eng.Schedule(delay, e))
}

func (c *chaos) cancel() {
	if len(c.tokens) == 0 {
		return
	}
	tok := c.tokens[c.rng.IntN(len(c.tokens))]
	c.log = append(c.log, fmt.Sprintf("cancel %d/%d -> %v", tok.At, tok.Seq, c.eng.Cancel(tok)))
}

// runChaos drives one chaos model on eng: a seed population, then runs of
// random length with outside scheduling and cancelling in between, then a
// drain by Step.
func runChaos(eng sim.Engine, seed uint64) []string {
	c := &chaos{eng: eng, rng: rand.New(rand.NewPCG(seed, 99)), budget: 5000}
	for range 50 {
		c.schedule(sim.Time(c.rng.IntN(100)))
	}
	for until := sim.Time(0); until < 3000; {
		until += sim.Time(c.rng.IntN(150))
		eng.Run(c, until)
		c.log = append(c.log, fmt.Sprintf("run until %d: now %d pending %d", until, eng.Now(), eng.Pending()))
		c.schedule(sim.Time(c.rng.IntN(3)))
		c.cancel()
	}
	for eng.Step(c) {
	}
	c.log = append(c.log, fmt.Sprintf("drained: now %d pending %d", eng.Now(), eng.Pending()))
	return c.log
}

func TestDifferential_NativeMatchesSimgo(t *testing.T) {
	seeds := 40
	if testing.Short() {
		seeds = 8
	}
	for seed := range uint64(seeds) {
		reference := runChaos(sim.NewSimgoEngine(), seed)
		if len(reference) < 3000 {
			t.Fatalf("seed %d: only %d log lines; the model is too quiet to test anything", seed, len(reference))
		}
		for _, e := range engines {
			native := runChaos(e.new(), seed)
			if i := firstDifference(native, reference); i >= 0 {
				t.Fatalf("seed %d: %s and simgo differ at line %d of %d/%d:\n%s: %s\nsimgo: %s",
					seed, e.name, i, len(native), len(reference), e.name, at(native, i), at(reference, i))
			}
		}
	}
}

// TestDifferential_ResetReuse checks that a reused, Reset engine behaves as a new one.
func TestDifferential_ResetReuse(t *testing.T) {
	for _, e := range engines {
		eng := e.new()
		runChaos(eng, 1)
		eng.Reset()
		if i := firstDifference(runChaos(eng, 2), runChaos(e.new(), 2)); i >= 0 {
			t.Errorf("%s: a reset engine differs from a new one at line %d", e.name, i)
		}
	}
}

func firstDifference(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func at(log []string, i int) string {
	if i < len(log) {
		return log[i]
	}
	return "(end of log)"
}
