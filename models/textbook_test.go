package models_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// single returns a one-stage network: an unlimited source ships "widget" to a
// retailer (a plant whose BOM is one widget per unit, with unlimited
// capacity and no lead time) over a lane with a constant transit. This is
// the textbook single stage of Snyder & Shen and of Chen et al. (2000).
func single(demand models.Dist, transit sim.Time, pol models.Policy, days int) *models.Network {
	nw := &models.Network{
		Name:    "single-stage",
		Horizon: sim.Time(days) * sim.Day,
		Warmup:  100 * sim.Day,
		Parts: []models.Part{
			{ID: "widget", Value: 1, HoldingCostPerDay: 0.18},
			{ID: "sale", Value: 1},
		},
		Nodes: []models.Node{
			{ID: "retailer", Role: models.Plant, Part: 1, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(),
				Inputs: []models.Input{{Part: 0, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{0}}},
				Demand: &models.Demand{Daily: demand, BacklogCostPerDay: 0.70}},
			{ID: "source", Role: models.Supplier, Part: 0, CapacityPerDay: math.Inf(1), InitialFG: math.NaN()},
		},
		Lanes: []models.Lane{{ID: "source→retailer", From: 1, To: 0, Part: 0, Input: 0,
			Transit: models.Dist{Kind: models.Constant, A: float64(transit)}, Share: 1}},
	}
	if err := nw.Finish(); err != nil {
		panic(err)
	}
	return nw
}

// The newsvendor as a base-stock system with zero lead time (Snyder & Shen,
// Fundamentals of Supply Chain Theory, §4.3, Example 4.1): demand N(50, 8²)
// per period, holding h = 0.18 and stockout p = 0.70 per unit-period. The
// optimal base stock S* = μ + σ Φ⁻¹(p/(p+h)) = 56.604 gives expected cost
// 1.9976, in-stock probability 0.7955 and fill rate 0.9816. An order placed
// at the end of a day with a one-day transit arrives before the next day's
// demand: the textbook's zero lead time.
func TestNewsvendorBaseStock(t *testing.T) {
	days := 400_100
	if testing.Short() {
		days = 100_100
	}
	pol := models.Policy{ReviewDays: 1, Target: models.LevelTarget, Level: 56.604, Periods: 1}
	nw := single(models.Dist{Kind: models.Normal, A: 50, B: 8}, sim.Day, pol, days)
	res := models.NewRun(nw, sim.NewQueue(), 7).Replicate(0, models.Silo)
	n := float64(res.MeasuredDays)
	cost := (res.HoldingCost + res.BacklogCost) / n
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"expected cost per period", cost, 1.9976},
		{"in-stock probability", res.InStock, 0.7955},
		{"fill rate", res.FillRate, 0.9816},
	} {
		if rel := math.Abs(c.got-c.want) / c.want; rel > 0.01 {
			t.Errorf("%s = %.4f, want %.4f within 1%% (off by %.2f%%)", c.name, c.got, c.want, 100*rel)
		} else {
			t.Logf("%s = %.4f (textbook %.4f)", c.name, c.got, c.want)
		}
	}
}

// Chen, Drezner, Ryan & Simchi-Levi (2000), "Quantifying the bullwhip
// effect", Management Science 46(3), eq. (5): for i.i.d. demand, an
// order-up-to policy with target L × (p-period moving average) and z = 0,
//
//	Var(q) / Var(D) = 1 + 2L/p + 2L²/p².
//
// The order is placed at the end of a period after observing its demand, and
// the forecast includes that period. Returns are allowed, as in the paper.
func TestBullwhipSingleStage(t *testing.T) {
	days := 200_100
	if testing.Short() {
		days = 50_100
	}
	for _, c := range []struct{ L, p int }{{1, 1}, {2, 4}, {3, 2}} {
		L, p := float64(c.L), float64(c.p)
		want := 1 + 2*L/p + 2*L*L/(p*p)
		pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: L, Periods: c.p, Returns: true}
		nw := single(models.Dist{Kind: models.Normal, A: 100, B: 10}, sim.Time(c.L)*sim.Day, pol, days)
		res := models.NewRun(nw, sim.NewQueue(), 11).Replicate(0, models.Silo)
		got := res.Nodes[0].Bullwhip
		if rel := math.Abs(got-want) / want; rel > 0.02 {
			t.Errorf("L=%d p=%d: bullwhip ratio %.4f, want %.4f within 2%%", c.L, c.p, got, want)
		} else {
			t.Logf("L=%d p=%d: bullwhip ratio %.4f (Chen et al. %.4f)", c.L, c.p, got, want)
		}
	}
}

// serial returns a chain of len(covers) stages: stage 1 is a retailer (a
// plant) facing N(100, 10²) demand, stage k orders from stage k+1, and the
// last orders from an unlimited source. Every stage has unlimited capacity
// and no production lead time, orders up to covers[k−1] × (p-period moving
// average) with returns allowed, over lanes of one day; everyone takes part
// in a platform that plans centrally.
func serial(covers []float64, p, days int) *models.Network {
	return serialOf(models.Dist{Kind: models.Normal, A: 100, B: 10}, covers, p, days)
}

func serialOf(demand models.Dist, covers []float64, p, days int) *models.Network {
	nw := &models.Network{Name: "serial", Horizon: sim.Time(days) * sim.Day, Warmup: 100 * sim.Day,
		Sharing: models.Sharing{Participation: 1, ReportInterval: sim.Day, CentralPlanning: true}}
	day := models.Dist{Kind: models.Constant, A: float64(sim.Day)}
	for k := 0; k <= len(covers); k++ {
		nw.Parts = append(nw.Parts, models.Part{ID: fmt.Sprintf("part%d", k), Value: 1})
		nd := models.Node{ID: fmt.Sprintf("stage%d", k+1), Role: models.Supplier, Part: k, CapacityPerDay: math.Inf(1),
			InitialFG: math.NaN(), Participation: math.NaN()}
		if k == 0 {
			nd.Role = models.Plant
			nd.Demand = &models.Demand{Daily: demand}
		}
		if k < len(covers) {
			pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: covers[k], Periods: p, Returns: true}
			nd.Inputs = []models.Input{{Part: k + 1, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{k}}}
			nw.Lanes = append(nw.Lanes, models.Lane{ID: fmt.Sprintf("lane%d", k), From: k + 1, To: k, Part: k + 1, Transit: day, Share: 1})
		} else {
			nd.ID = "source"
		}
		nw.Nodes = append(nw.Nodes, nd)
	}
	if err := nw.Finish(); err != nil {
		panic(err)
	}
	return nw
}

// Chen, Drezner, Ryan & Simchi-Levi (2000), §4, multiple stages with
// order-up-to targets L_i × (p-period moving average), z = 0, i.i.d.
// demand. With centralised demand information (every stage forecasts
// end-customer demand and orders against its echelon inventory position),
// stage k's orders vary as
//
//	Var(q_k) / Var(D) = 1 + 2 ΣL/p + 2 (ΣL)²/p²,  ΣL = L_1 + … + L_k,
//
// additive in the lead times; without it (each stage forecasts the orders it
// receives, local positions) the ratio is at least the product of the
// single-stage ratios, Π (1 + 2L_i/p + 2L_i²/p²). The platform regime with
// central planning is the first, silo the second.
func TestBullwhipMultiStage(t *testing.T) {
	days := 200_100
	if testing.Short() {
		days = 50_100
	}
	covers, p := []float64{1, 2, 3}, 5
	nw := serial(covers, p, days)
	run := models.NewRun(nw, sim.NewQueue(), 13)
	central := bullwhips(run.Replicate(0, models.Platform))
	local := bullwhips(run.Replicate(0, models.Silo))
	sum, product := 0.0, 1.0
	for k, L := range covers {
		P := float64(p)
		sum += L
		product *= 1 + 2*L/P + 2*L*L/(P*P)
		want := 1 + 2*sum/P + 2*sum*sum/(P*P)
		if rel := math.Abs(central[k]-want) / want; rel > 0.03 {
			t.Errorf("stage %d, centralised: bullwhip ratio %.4f, want %.4f within 3%%", k+1, central[k], want)
		} else {
			t.Logf("stage %d, centralised: bullwhip ratio %.4f (Chen et al. %.4f)", k+1, central[k], want)
		}
		if local[k] < product*0.97 {
			t.Errorf("stage %d, decentralised: bullwhip ratio %.4f, want at least %.4f", k+1, local[k], product)
		} else {
			t.Logf("stage %d, decentralised: bullwhip ratio %.4f (Chen et al.'s lower bound %.4f)", k+1, local[k], product)
		}
	}
}

// The echelon rule sees the whole system's stock where the local rule sees
// one node's, which makes a difference only when a stage's own position
// and the system's disagree (in a serial chain with returns the two rules
// coincide, which is why Chen et al.'s result holds for both). Here
// demand is a constant 100 a day, the plant starts with 500 units above
// its target of 200 and stage 2 with none of its 200: by its own position
// stage 2 would order its 200 at once; by the echelon rule it sees 300 in
// excess across the chain, orders nothing until the plant has used it up
// (day 3), then one day's demand a day, so that its orders by the end of
// day t are max(0, 100 t − 200).
func TestEchelonRuleSeesDownstreamStock(t *testing.T) {
	nw := serialOf(models.Dist{Kind: models.Constant, A: 100}, []float64{2, 2}, 1, 200)
	nw.Nodes[0].Inputs[0].Initial, nw.Nodes[1].Inputs[0].Initial = 700, 0
	nw.Nodes[0].Inputs[0].Policy.Returns, nw.Nodes[1].Inputs[0].Policy.Returns = false, false
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	run := models.NewRun(nw, sim.NewQueue(), 1)
	sum := 0.0
	run.Observe(func(d int, nodes []models.NodeDay) {
		if d >= 10 {
			return
		}
		sum += nodes[1].Ordered
		if !nodes[1].Echelon {
			t.Errorf("day %d: stage 2 ordered by its local rule, want the echelon rule", d)
		}
		if want := max(0, 100*float64(d)-200); math.Abs(sum-want) > 1e-9 {
			t.Errorf("day %d: stage 2 has ordered %g, want %g", d, sum, want)
		}
	})
	run.Replicate(0, models.Platform)
}

// Central planning explodes end-customer demand along the lanes in use
// that day: while a ban blocks one of a plant's two chip suppliers, the
// other plans for all four chips per vehicle and the blocked one for none
// (exploding through the nominal shares would send each two).
func TestEchelonDemandFollowsLanesInUse(t *testing.T) {
	wafer := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: 4, Periods: 7}
	nw := tradeNet(war(0, true, 0))
	nw.Sharing = models.Sharing{Participation: 1, ReportInterval: sim.Day, CentralPlanning: true}
	nw.Parts = append(nw.Parts, models.Part{ID: "wafer", Value: 5})
	nw.Nodes = append(nw.Nodes, models.Node{ID: "fab", Region: "NL", Part: 3, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(), Participation: math.NaN()})
	for k, sup := range []int{1, 2} {
		nw.Nodes[sup].Inputs = []models.Input{{Part: 3, PerUnit: 1, Policy: wafer, Initial: math.NaN(), Lanes: []int{3 + k}}}
		nw.Lanes = append(nw.Lanes, models.Lane{ID: "fab→" + nw.Nodes[sup].ID, From: 4, To: sup, Part: 3,
			Transit: models.Dist{Kind: models.Constant, A: float64(sim.Day)}, Share: 1})
	}
	nw.Shocks[0].Start = models.Dist{Kind: models.Constant, A: float64(50 * sim.Day)}
	nw.Shocks[0].Duration = models.Dist{Kind: models.Constant, A: float64(100 * sim.Day)}
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	run := models.NewRun(nw, sim.NewQueue(), 3)
	days := 0
	run.Observe(func(d int, nodes []models.NodeDay) {
		plant, cn, eu := nodes[0].Demand, nodes[1], nodes[2]
		want := [2]float64{2 * plant, 2 * plant} // chips per vehicle 4, half each
		if d >= 50 && d < 150 {
			want = [2]float64{0, 4 * plant}
			days++
		}
		for k, nd := range []models.NodeDay{cn, eu} {
			if !nd.Echelon || math.Abs(nd.Planned-want[k]) > 1e-9*plant {
				t.Fatalf("day %d: %s plans for %g by the echelon rule %v; want %g by the echelon rule",
					d, nw.Nodes[k+1].ID, nd.Planned, nd.Echelon, want[k])
			}
		}
	})
	run.Replicate(0, models.Platform)
	if days != 100 {
		t.Errorf("%d days of ban observed, want 100", days)
	}
}

// Little's law on a lane: the time-average stock in transit equals the
// shipping rate times the mean transit time. Exact (up to the units in
// transit at the window's edges) for a constant transit time, and within
// sampling error for a random one.
func TestLittlesLawOnLane(t *testing.T) {
	pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: 8, Periods: 7}
	for _, c := range []struct {
		name    string
		transit models.Dist
		tol     float64
	}{
		{"constant 3d", models.Dist{Kind: models.Constant, A: float64(3 * sim.Day)}, 1e-3},
		{"lognormal median 5d", models.Dist{Kind: models.LogNormal, A: float64(5 * sim.Day), B: 0.4}, 0.02},
	} {
		nw := single(models.Dist{Kind: models.Poisson, A: 40}, sim.Day, pol, 20_100)
		nw.Lanes[0].Transit = c.transit
		res := models.NewRun(nw, sim.NewQueue(), 5).Replicate(0, models.Silo)
		lane := res.Lanes[0]
		want := lane.ShippedPerDay * c.transit.Mean() / float64(sim.Day)
		if rel := math.Abs(lane.MeanInTransit-want) / want; rel > c.tol {
			t.Errorf("%s: mean in transit %.4f, throughput × transit %.4f: off by %.3g, want ≤ %g",
				c.name, lane.MeanInTransit, want, rel, c.tol)
		} else {
			t.Logf("%s: mean in transit %.4f, throughput × transit %.4f", c.name, lane.MeanInTransit, want)
		}
	}
}

// bullwhips copies the nodes' bullwhip ratios out of a result.
func bullwhips(res *models.Result) []float64 {
	out := make([]float64, len(res.Nodes))
	for n, nr := range res.Nodes {
		out[n] = nr.Bullwhip
	}
	return out
}

// A supplier's fill rate counts the units it ships on the day they are
// ordered, after the older orders it owes: a source of unlimited capacity
// serves every order on the day (fill rate 1); one with half the capacity
// asked of it falls behind on the first day and, serving the oldest orders
// first, ships nothing on the day it was ordered from then on (fill rate
// near 0, not the half it ships), and starves its customer.
func TestNodeFillRate_OlderOrdersFirst(t *testing.T) {
	for _, c := range []struct {
		capacity float64
		lo, hi   float64
	}{{math.Inf(1), 1, 1}, {50, 0, 0.01}} {
		nw := serialOf(models.Dist{Kind: models.Constant, A: 100}, []float64{1}, 5, 400)
		nw.Nodes[1].CapacityPerDay = c.capacity
		res := models.NewRun(nw, sim.NewQueue(), 1).Replicate(0, models.Silo)
		src, plant := res.Nodes[1], res.Nodes[0]
		if !(src.FillRate >= c.lo && src.FillRate <= c.hi) || src.Demanded == 0 {
			t.Errorf("capacity %v: source fill rate %v (%v on time of %v asked, %v shipped), want %v to %v",
				c.capacity, src.FillRate, src.OnTime, src.Demanded, src.Shipped, c.lo, c.hi)
		}
		if starved := plant.StarvedDays > 0; starved != (c.capacity == 50) {
			t.Errorf("capacity %v: the plant starved on %d of %d days", c.capacity, plant.StarvedDays, res.MeasuredDays)
		}
	}
}
