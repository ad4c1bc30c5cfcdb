package results_test

import (
	"fmt"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
	"github.com/supplysim/supplysim/scenarios"
	"github.com/supplysim/supplysim/sim"
)

// A Summary folds replications in, one at a time and in order, each with
// its rows under every regime: moments and quantile sketches per metric
// and regime, and the paired difference of every pair of regimes on the
// same replication. A batch does this as its rows arrive; memory does not
// grow with the number of replications. (The regimes here run with the
// scenario's settings as they are; a batch first holds them on equal
// footing, see models.Equalize.)
func ExampleSummary() {
	sc, _ := scenarios.Load("chip-crisis")
	nw, _ := sc.Build()
	regimes := []models.Regime{models.Silo, models.Platform}
	run := models.NewRun(nw, sim.NewQueue(), sc.Seed())
	s := results.NewSummary(regimes)
	for rep := range uint64(40) {
		r := &results.Replication{Rep: rep}
		for _, g := range regimes {
			r.Append(nw, run.Replicate(rep, g))
		}
		if err := s.Add(r.Rows, r.Shocks); err != nil {
			fmt.Println(err)
			return
		}
	}
	lost := results.MetricIndex("lost_output")
	for g, name := range regimes {
		st := s.Stat(g, lost)
		fmt.Printf("%-8s lost output %6.0f [%.0f, %.0f] (n = %d)\n", name, st.Mean, st.CI95[0], st.CI95[1], st.N)
	}
	d := s.Paired(0, lost)
	fmt.Printf("%s: %.0f [%.0f, %.0f] vehicles per replication\n", s.PairName(0), d.Mean, d.CI95[0], d.CI95[1])
	// Output:
	// silo     lost output  10322 [6420, 14223] (n = 40)
	// platform lost output   9771 [5959, 13582] (n = 40)
	// platform-silo: -551 [-1205, 103] vehicles per replication
}
