package models

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// The inputs of a node share one forecast per way of forecasting (method
// and its periods or smoothing), the first input's of that way; inputs
// forecast another way keep their own. Here plant A's six inputs are
// forecast by moving averages of 14, 7 and 14 days and by exponential
// smoothing at 0.3, 0.3 and 0.5; plant B's two inputs, flattened after
// A's, by moving averages of 7 days, and share only with each other. A
// run's targets then agree wherever forecasts are shared.
func TestForecasts_SharedByTheInputsForecastAlike(t *testing.T) {
	pol := func(f ForecastKind, periods int, alpha float64) Policy {
		return Policy{ReviewDays: 1, Target: ZTarget, Z: 1.65, LeadTimeDays: 1, Forecast: f, Periods: periods, Alpha: alpha}
	}
	ma := func(p int) Policy { return pol(MovingAverage, p, 0) }
	es := func(a float64) Policy { return pol(ExpSmoothing, 0, a) }
	nw := &Network{Name: "forecasts", Horizon: 60 * sim.Day, Warmup: 10 * sim.Day, FairShareDays: 28,
		Sharing: Sharing{Participation: 1, ReportInterval: sim.Day}, Parts: []Part{{ID: "car", Value: 1}}}
	for _, id := range []string{"A", "B"} {
		nw.Nodes = append(nw.Nodes, Node{ID: id, Role: Plant, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(),
			Participation: math.NaN(), Demand: &Demand{Daily: Dist{Kind: Normal, A: 10, B: 3}}})
	}
	buys := func(plant int, p Policy) { // a supplier of a part of its own, a lane and the plant's input
		part, from := len(nw.Parts), len(nw.Nodes)
		nw.Parts = append(nw.Parts, Part{ID: fmt.Sprint("part", part), Value: 1})
		nw.Nodes = append(nw.Nodes, Node{ID: fmt.Sprint("s", part), Part: part, CapacityPerDay: math.Inf(1),
			InitialFG: math.NaN(), Participation: math.NaN()})
		nd := &nw.Nodes[plant]
		nw.Lanes = append(nw.Lanes, Lane{ID: fmt.Sprint("l", part), From: from, To: plant, Part: part, Input: len(nd.Inputs),
			Transit: Dist{Kind: Constant, A: float64(sim.Day)}, Share: 1})
		nd.Inputs = append(nd.Inputs, Input{Part: part, PerUnit: 1, Policy: p, Initial: math.NaN(), Lanes: []int{len(nw.Lanes) - 1}})
	}
	for _, p := range []Policy{ma(14), ma(7), ma(14), es(0.3), es(0.3), es(0.5)} {
		buys(0, p)
	}
	buys(1, ma(7))
	buys(1, ma(7))
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	want := []int32{0, 1, 0, 3, 3, 5, 6, 6}
	if got := nw.fcOf; !slices.Equal(got, want) {
		t.Fatalf("fcOf = %v, want %v", got, want)
	}
	r := NewRun(nw, sim.NewQueue(), 1)
	r.ReplicateWith(0, Silo, nil)
	for k, own := range want {
		if got, w := r.inputs[k].target, r.inputs[own].target; got != w {
			t.Errorf("input %d's target %v, its forecast's (input %d's) %v", k, got, own, w)
		}
	}
	if r.inputs[0].target == r.inputs[1].target || r.inputs[3].target == r.inputs[5].target {
		t.Error("inputs forecast differently have the same target: the test cannot tell shared forecasts from others")
	}
}
