package scenarios_test

import (
	"fmt"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
	"github.com/supplysim/supplysim/sim"
)

// BenchmarkReplication runs whole replications of the reference scenario
// (one year, 33 nodes, 56 lanes, its yearly mix of shocks) on each engine
// under each default regime, reusing one Run as a batch worker does; then
// of generated layered networks (five tiers, one year) of 30 to 10,000
// nodes, and of 3,000 nodes for ten years, on the native engine, in ns per
// node-day, the figure that stays flat if a replication's cost is linear in
// the network's size and its horizon.
func BenchmarkReplication(b *testing.B) {
	defer benchmarkSynthetic(b)
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

func benchmarkSynthetic(b *testing.B) {
	for _, c := range []struct{ nodes, days int }{{30, 365}, {300, 365}, {3000, 365}, {10000, 365}, {3000, 3650}} {
		n, name := c.nodes, fmt.Sprintf("nodes=%d", c.nodes)
		if c.days != 365 {
			name += fmt.Sprintf(",days=%d", c.days) // ten years: is a replication linear in its horizon?
		}
		b.Run(name, func(b *testing.B) { // built only when a benchmark of it runs
			if testing.Short() && n*c.days > 300*365 {
				b.Skip("-short: a replication of this size takes seconds")
			}
			_, nw := synthetic(b, scenarios.Synthetic{Nodes: n, Tiers: 5, Seed: 1, Days: c.days})
			for _, g := range []models.Regime{models.Silo, models.Platform} {
				b.Run(g.String(), func(b *testing.B) {
					run := models.NewRun(nw, sim.NewQueue(), 1)
					for rep := range uint64(max(1, 3000/n)) { // grow the slabs and per-shock tables once
						run.Replicate(rep, g)
					}
					b.ReportAllocs()
					rep := uint64(1000)
					for b.Loop() {
						rep++
						run.Replicate(rep, g)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n*nw.Days()), "ns/node-day")
					b.ReportMetric(float64(b.Elapsed())/1e6/float64(b.N), "ms/replication")
				})
			}
		})
	}
}
