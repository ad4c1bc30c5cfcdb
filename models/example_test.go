package models_test

import (
	"fmt"
	"math"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// The single-stage bullwhip case of Chen et al. (2000): a retailer facing
// N(100, 10²) demand orders up to L = 2 days of a p = 4 day moving average,
// with returns; Var(orders)/Var(demand) is 1 + 2L/p + 2L²/p² = 2.5.
func ExampleRun_bullwhip() {
	pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: 2, Forecast: models.MovingAverage, Periods: 4, Returns: true}
	nw := &models.Network{
		Name: "bullwhip", Horizon: 50_100 * sim.Day, Warmup: 100 * sim.Day,
		Parts: []models.Part{{ID: "item", Value: 10}, {ID: "sale", Value: 10}},
		Nodes: []models.Node{
			{ID: "retailer", Role: models.Plant, Part: 1, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(),
				Inputs: []models.Input{{Part: 0, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{0}}},
				Demand: &models.Demand{Daily: models.Dist{Kind: models.Normal, A: 100, B: 10}}},
			{ID: "manufacturer", Role: models.Supplier, Part: 0, CapacityPerDay: math.Inf(1), InitialFG: math.NaN()},
		},
		Lanes: []models.Lane{{ID: "manufacturer→retailer", From: 1, To: 0, Part: 0, Input: 0,
			Transit: models.Dist{Kind: models.Constant, A: float64(2 * sim.Day)}, Share: 1}},
	}
	if err := nw.Finish(); err != nil {
		fmt.Println(err)
		return
	}
	run := models.NewRun(nw, sim.NewQueue(), 1) // reset and reused for every replication
	res := run.Replicate(0, models.Silo)
	fmt.Printf("bullwhip ratio %.2f (Chen et al.: 2.5), fill rate %.3f\n", res.Nodes[0].Bullwhip, res.Plants[0].FillRate)
	// Output:
	// bullwhip ratio 2.50 (Chen et al.: 2.5), fill rate 0.931
}
