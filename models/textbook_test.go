package models_test

import (
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
		got := res.Bullwhip[0]
		if rel := math.Abs(got-want) / want; rel > 0.02 {
			t.Errorf("L=%d p=%d: bullwhip ratio %.4f, want %.4f within 2%%", c.L, c.p, got, want)
		} else {
			t.Logf("L=%d p=%d: bullwhip ratio %.4f (Chen et al. %.4f)", c.L, c.p, got, want)
		}
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
