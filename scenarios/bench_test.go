package scenarios_test

import (
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// BenchmarkReplication runs whole replications of the reference scenario
// (one year, 33 nodes, 56 lanes, its yearly mix of shocks) on each engine
// under each default regime, reusing one Run as a batch worker does.
func BenchmarkReplication(b *testing.B) {
	nw := build(b, "eu-auto")
	for _, e := range []struct {
		name string
		eng  func() sim.Engine
	}{{"native", func() sim.Engine { return sim.NewQueue() }}, {"simgo", func() sim.Engine { return sim.NewSimgoEngine() }}} {
		for _, g := range []models.Regime{models.Silo, models.Platform} {
			b.Run("eu-auto/"+e.name+"/"+g.String(), func(b *testing.B) {
				run := models.NewRun(nw, e.eng(), 1)
				for rep := range uint64(20) { // grow the slabs and per-shock tables once
					run.Replicate(rep, g)
				}
				b.ReportAllocs()
				rep, events := uint64(0), 0
				for b.Loop() {
					rep++
					events += run.Replicate(rep, g).Events
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/replication")
				b.ReportMetric(float64(events)/float64(b.N), "events/replication")
			})
		}
	}
}
