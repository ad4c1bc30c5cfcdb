package sim_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// hold is the classic hold model of event-list benchmarks: every handled
// event schedules one new event at now plus an exponential delay, so the
// number of pending events stays constant.
type hold struct {
	eng  sim.Engine
	rng  *rand.Rand
	mean float64 // mean delay in ticks
}

func (h *hold) delay() sim.Time {
	if h.rng == nil {
		h.rng = rand.New(rand.NewPCG(1, 2))
	}
	return sim.Time(h.rng.ExpFloat64() * h.mean)
}

func (h *hold) fill(pending int) {
	for i := range pending {
		h.eng.Schedule(h.delay(), sim.Event{Target: int32(i)})
	}
}

func (h *hold) Handle(ev sim.Event) { h.eng.Schedule(h.delay(), ev) }

// BenchmarkHold measures one handled event (plus the one it schedules) per
// op at P pending events, on each engine. Mean delay 1000 ticks.
func BenchmarkHold(b *testing.B) {
	for _, e := range engines[:2] { // native and simgo
		for _, pending := range []int{16, 256, 4096, 65536} {
			b.Run(fmt.Sprintf("%s/pending=%d", e.name, pending), func(b *testing.B) {
				eng := e.new()
				h := &hold{eng: eng, mean: 1000}
				h.fill(pending)
				for range 4 * pending { // reach the steady-state mix of delays
					eng.Step(h)
				}
				b.ReportAllocs()
				for b.Loop() {
					eng.Step(h)
				}
				perEvent := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(perEvent, "ns/event")
				b.ReportMetric(1e9/perEvent, "events/s")
			})
		}
	}
}
