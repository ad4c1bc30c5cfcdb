package scenarios_test

import (
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// BenchmarkReplication runs whole replications of the reference scenario
// (one year, 33 nodes, 56 lanes) on each engine, reusing one Run as a batch
// worker does.
func BenchmarkReplication(b *testing.B) {
	nw := build(b, "eu-auto")
	for _, e := range []struct {
		name string
		eng  func() sim.Engine
	}{{"native", func() sim.Engine { return sim.NewQueue() }}, {"simgo", func() sim.Engine { return sim.NewSimgoEngine() }}} {
		b.Run("eu-auto/"+e.name, func(b *testing.B) {
			run := models.NewRun(nw, e.eng(), 1)
			run.Replicate(0, models.Silo) // grow the slabs once
			b.ReportAllocs()
			rep, events := uint64(0), 0
			for b.Loop() {
				rep++
				events += run.Replicate(rep, models.Silo).Events
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/replication")
			b.ReportMetric(float64(events)/float64(b.N), "events/replication")
		})
	}
}
