package models

import (
	"math"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// The stock a replication reports (its value, where it sits, by node and
// tier, and its holding cost), which the days sum in units and finish
// values once, is what valuing every node's, input's and lane's state at
// each measured day's end gives, read here from the state itself. The
// network is stockNet; an outage of S makes every kind of stock move.
func TestStock_IsEveryMeasuredDaysEndValued(t *testing.T) {
	nw := stockNet()
	r := NewRun(nw, sim.NewQueue(), 1)

	var want Result
	want.Nodes = make([]NodeResult, len(nw.Nodes))
	want.InventoryByTier = make([]InventoryValue, nw.Tiers())
	days := 0
	r.Observe(func(day int, _ []NodeDay) {
		if day < r.res.warmupDays {
			return
		}
		days++
		for n := range nw.Nodes {
			s, nd := &r.nodes[n], &nw.Nodes[n]
			v := InventoryValue{Finished: (s.fg + s.wip) * nw.Parts[nd.Part].Value}
			want.HoldingCost += (s.fg + s.wip) * nw.Parts[nd.Part].HoldingCostPerDay
			for i, in := range nd.Inputs {
				onHand := r.inputs[nw.base[n]+i].onHand
				v.Inputs += onHand * nw.Parts[in.Part].Value
				want.HoldingCost += onHand * nw.Parts[in.Part].HoldingCostPerDay
			}
			want.Nodes[n].Stock.add(v)
			want.InventoryByTier[nw.Tier(n)].add(v)
		}
		for l, ln := range nw.Lanes {
			v := InventoryValue{Transit: r.lanes[l].inTransit * nw.Parts[ln.Part].Value}
			want.Nodes[ln.To].Stock.add(v)
			want.InventoryByTier[nw.Tier(ln.To)].add(v)
		}
	})
	res := r.ReplicateWith(0, Silo, []Occurrence{Outage(nw, 2, 30*sim.Day, 20*sim.Day)})
	if days == 0 || days != res.MeasuredDays {
		t.Fatalf("the observer saw %d measured days, the result counts %d", days, res.MeasuredDays)
	}

	close := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12*math.Abs(want) || (want == 0) != (got == 0) {
			t.Errorf("%s = %.17g, want %.17g", what, got, want)
		}
	}
	closeValue := func(what string, got, want InventoryValue) {
		t.Helper()
		close(what+" inputs", got.Inputs, want.Inputs)
		close(what+" finished", got.Finished, want.Finished)
		close(what+" in transit", got.Transit, want.Transit)
	}
	close("holding cost", res.HoldingCost, want.HoldingCost)
	var network InventoryValue
	for n := range nw.Nodes {
		closeValue("node "+nw.Nodes[n].ID, res.Nodes[n].Stock, want.Nodes[n].Stock.div(float64(days)))
		network.add(want.Nodes[n].Stock)
	}
	closeValue("network", res.Inventory, network.div(float64(days)))
	for k := range want.InventoryByTier {
		closeValue("tier", res.InventoryByTier[k], want.InventoryByTier[k].div(float64(days)))
	}
	for _, v := range []float64{network.Inputs, network.Finished, network.Transit} {
		if !(v > 0) {
			t.Fatalf("some kind of stock is never held (%+v): the test checks nothing of it", network)
		}
	}
}

// The bullwhip ratio's denominator is the plants' demand exploded to each
// node: on stockNet, with daily reviews (so a bucket is a day), a plant's
// own demand at A and B, and A's plus B's at S, the seat maker and W, each
// vehicle taking one unit of every part. Its variance over the measured
// days, computed here from the plants' daily demand, is what the node's
// bucket sums give, and Bullwhip is the orders' variance over it; the seat
// maker and W, without inputs, place no orders and have no ratio.
func TestBullwhip_DenominatorIsThePlantsDemandExploded(t *testing.T) {
	nw := stockNet()
	r := NewRun(nw, sim.NewQueue(), 1)
	want := make([]welford, len(nw.Nodes))
	r.Observe(func(day int, nodes []NodeDay) {
		if day < r.res.warmupDays {
			return
		}
		a, b := nodes[0].Demand, nodes[1].Demand
		for n, d := range []float64{a, b, a + b, a + b, a + b} {
			want[n].add(d)
		}
	})
	res := r.ReplicateWith(0, Silo, nil)
	for n, nd := range nw.Nodes {
		got := r.nodes[n].echelon.variance()
		if len(nd.Inputs) == 0 {
			if !math.IsNaN(res.Nodes[n].Bullwhip) {
				t.Errorf("%s has no inputs, yet a bullwhip ratio %v", nd.ID, res.Nodes[n].Bullwhip)
			}
			continue
		}
		w := want[n].variance()
		if !(w > 0) || math.Abs(got-w) > 1e-9*w {
			t.Errorf("%s: variance of the exploded demand %.12g, want %.12g", nd.ID, got, w)
		}
		if b := r.nodes[n].orders.variance() / w; math.Abs(res.Nodes[n].Bullwhip-b) > 1e-9*b {
			t.Errorf("%s: bullwhip %.12g, want %.12g", nd.ID, res.Nodes[n].Bullwhip, b)
		}
	}
}

// stockNet is shortNet's two plants, A and B, each buying chips from S and
// seats from a seat maker, with S buying wafers from a fab W, so that
// stock sits and travels in three tiers. The plants' demands are random,
// each with a mean and spread of its own; every input is one unit a unit. Every part has a value and a
// holding cost of its own; the plants and S have lead times (work in
// process) and the lanes transit times of one to three days.
func stockNet() *Network {
	pol := Policy{ReviewDays: 1, Target: CoverTarget, CoverDays: 3, Periods: 1}
	days := func(d float64) Dist { return Dist{Kind: Constant, A: d * float64(sim.Day)} }
	input := func(part, lane int) Input {
		return Input{Part: part, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{lane}}
	}
	node := func(id string, part int, capacity float64, lead sim.Time, inputs ...Input) Node {
		return Node{ID: id, Part: part, CapacityPerDay: capacity, LeadTime: lead, InitialFG: math.NaN(),
			Participation: math.NaN(), Inputs: inputs}
	}
	plant := func(id string, chips, seats int, lead sim.Time, mean, sd float64) Node {
		n := node(id, 0, math.Inf(1), lead, input(1, chips), input(2, seats))
		n.Role, n.Demand = Plant, &Demand{Daily: Dist{Kind: Normal, A: mean, B: sd}}
		return n
	}
	nw := &Network{Name: "stock", Horizon: 100 * sim.Day, Warmup: 10 * sim.Day, FairShareDays: 28,
		Sharing: Sharing{Participation: 1, ReportInterval: sim.Day},
		Parts: []Part{{ID: "car", Value: 20000, HoldingCostPerDay: 5}, {ID: "chip", Value: 40, HoldingCostPerDay: 0.02},
			{ID: "seat", Value: 300, HoldingCostPerDay: 0.3}, {ID: "wafer", Value: 9, HoldingCostPerDay: 0.004}},
		Nodes: []Node{plant("A", 0, 2, 2*sim.Day, 50, 10), plant("B", 1, 3, 3*sim.Day, 30, 4),
			node("S", 1, 100, sim.Day, input(3, 4)), node("seats", 2, math.Inf(1), 0), node("W", 3, math.Inf(1), 0)},
		Lanes: []Lane{{ID: "S→A", From: 2, To: 0, Part: 1, Transit: days(2), Share: 1},
			{ID: "S→B", From: 2, To: 1, Part: 1, Transit: days(1), Share: 1},
			{ID: "seats→A", From: 3, To: 0, Part: 2, Input: 1, Transit: days(1), Share: 1},
			{ID: "seats→B", From: 3, To: 1, Part: 2, Input: 1, Transit: days(3), Share: 1},
			{ID: "W→S", From: 4, To: 2, Part: 3, Transit: days(2), Share: 1}},
	}
	if err := nw.Finish(); err != nil {
		panic(err)
	}
	return nw
}
