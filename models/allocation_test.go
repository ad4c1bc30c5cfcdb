package models_test

import (
	"math"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// twoPlants returns two plants with constant demand dA and dB per day, both
// single-sourced from one supplier that can make capacity units a day from
// an unlimited raw source.
func twoPlants(dA, dB, capacity float64, lost bool) *models.Network {
	pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: 3, Periods: 7}
	plant := func(id string, d float64, lane int) models.Node {
		return models.Node{ID: id, Role: models.Plant, Part: 2, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(),
			Inputs: []models.Input{{Part: 1, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{lane}}},
			Demand: &models.Demand{Daily: models.Dist{Kind: models.Constant, A: d}, Lost: lost}}
	}
	day := models.Dist{Kind: models.Constant, A: float64(sim.Day)}
	nw := &models.Network{
		Name: "two-plants", Horizon: 2000 * sim.Day, Warmup: 200 * sim.Day,
		Parts: []models.Part{{ID: "raw"}, {ID: "part"}, {ID: "car"}},
		Nodes: []models.Node{
			plant("A", dA, 0), plant("B", dB, 1),
			{ID: "supplier", Part: 1, CapacityPerDay: capacity, InitialFG: math.NaN(),
				Inputs: []models.Input{{Part: 0, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{2}}}},
			{ID: "raw", Part: 0, CapacityPerDay: math.Inf(1), InitialFG: math.NaN()},
		},
		Lanes: []models.Lane{
			{ID: "supplier→A", From: 2, To: 0, Part: 1, Transit: day, Share: 1},
			{ID: "supplier→B", From: 2, To: 1, Part: 1, Transit: day, Share: 1},
			{ID: "raw→supplier", From: 3, To: 2, Part: 0, Transit: day, Share: 1},
		},
	}
	if err := nw.Finish(); err != nil {
		panic(err)
	}
	return nw
}

// A supplier short of capacity shares what it makes in proportion to what
// each customer has outstanding. With lost sales at the plants, outstanding
// orders track demand, so plants with demand 70 and 30 a day sharing a
// capacity of 60 get 42 and 18; the rest of their demand is lost.
func TestProportionalAllocationWhenShort(t *testing.T) {
	nw := twoPlants(70, 30, 60, true)
	run := models.NewRun(nw, sim.NewQueue(), 1)
	res := run.Replicate(0, models.Silo)
	a, b := res.Lanes[0].ShippedPerDay, res.Lanes[1].ShippedPerDay
	if math.Abs(a-42) > 0.5 || math.Abs(b-18) > 0.5 {
		t.Errorf("shipped %.3f and %.3f a day, want 42 and 18 (proportional to demand 70:30 of capacity 60)", a, b)
	}
	days := float64(res.MeasuredDays)
	if got, want := res.LostSales/days, 100-60.0; math.Abs(got-want) > 0.5 {
		t.Errorf("lost sales %.3f a day, want %.0f (demand 100, capacity 60)", got, want)
	}
	if res.PeakBacklog > 1e-9 {
		t.Errorf("peak backlog %g with lost sales, want 0", res.PeakBacklog)
	}
	if math.Abs(res.FillRate-0.6) > 0.01 {
		t.Errorf("fill rate %.4f, want 0.6", res.FillRate)
	}
	for p, b := range run.Balances() {
		if math.Abs(b.Imbalance()) > 1e-6 {
			t.Errorf("part %s: imbalance %g", nw.Parts[p].ID, b.Imbalance())
		}
	}
}

// With enough capacity every customer gets what it orders, the fill rate is
// 1 and no output is lost.
func TestNoShortageWithSpareCapacity(t *testing.T) {
	res := models.NewRun(twoPlants(70, 30, 120, false), sim.NewSimgoEngine(), 1).Replicate(0, models.Silo)
	if a, b := res.Lanes[0].ShippedPerDay, res.Lanes[1].ShippedPerDay; math.Abs(a-70) > 1e-6 || math.Abs(b-30) > 1e-6 {
		t.Errorf("shipped %.6f and %.6f a day, want 70 and 30", a, b)
	}
	if res.FillRate != 1 || math.Abs(res.LostOutput) > 1e-6 || res.PeakBacklog != 0 {
		t.Errorf("fill rate %v, lost output %v, peak backlog %v; want 1, 0, 0", res.FillRate, res.LostOutput, res.PeakBacklog)
	}
}

// Finish refuses a hand-built network whose policy could not run, instead
// of letting a replication divide by zero or order NaN.
func TestFinishRejectsIncompletePolicy(t *testing.T) {
	for name, mutate := range map[string]func(*models.Policy){
		"no review":           func(p *models.Policy) { p.ReviewDays = 0 },
		"empty window":        func(p *models.Policy) { p.Periods = 0 },
		"z without lead time": func(p *models.Policy) { p.Target, p.LeadTimeDays = models.ZTarget, math.NaN() },
	} {
		nw := twoPlants(70, 30, 120, false)
		mutate(&nw.Nodes[0].Inputs[0].Policy)
		if err := nw.Finish(); err == nil {
			t.Errorf("%s: Finish accepted the network", name)
		}
	}
}

// Finish refuses a negative attribution window, the network's or a
// variant's: detection, the platform's projection and its days without
// one all assume that an occurrence in force is within its window.
func TestFinishRejectsNegativeAttribution(t *testing.T) {
	for name, mutate := range map[string]func(*models.Network){
		"network": func(nw *models.Network) { nw.Sharing.Attribution = -sim.Minute },
		"variant": func(nw *models.Network) {
			nw.Variants = []models.Variant{{Name: "late", Kind: models.Platform, Sharing: models.Sharing{Attribution: -sim.Day}}}
		},
	} {
		nw := twoPlants(70, 30, 120, false)
		mutate(nw)
		if err := nw.Finish(); err == nil || !strings.Contains(err.Error(), "attribution") {
			t.Errorf("%s: Finish said %v, want an error about the attribution", name, err)
		}
	}
}

// Fair share removes the gain from inflated orders. The supplier of two
// plants (demand 70 and 30, lost sales) loses 40% of its capacity for 120
// days. Plant A takes part in the platform and learns at once; B does not,
// and learns only from its own stock. Raising the target by 14 days of
// cover on detection inflates A's orders first: under proportional
// allocation that takes stock from B, which loses more; under fair share,
// where the supplier shares by what each plant received before, B loses
// exactly what it loses without anyone's extra cover.
func TestFairShareRemovesOrderGaming(t *testing.T) {
	lostB := func(rule models.Allocation, extra float64) float64 {
		nw := twoPlants(70, 30, 100, true)
		nw.Nodes[2].Allocation, nw.FairShareDays = rule, 28
		nw.Nodes[0].Participation, nw.Nodes[1].Participation, nw.Nodes[2].Participation = 1, 0, 1
		nw.Sharing = models.Sharing{Participation: 0, ReportInterval: sim.Day, Latency: sim.Hour, AlertDays: math.Inf(1),
			Evidence: 0.5, Attribution: 30 * sim.Day}
		nw.Mitigation = models.Mitigation{Resource: true, ExtraCoverDays: extra, Hold: 14 * sim.Day}
		nw.Shocks = []models.Shock{{ID: "cut", Kind: models.NodeOutage, Probability: 1, Nodes: []int{2}, CapacityFactor: 0.6,
			Start: models.Dist{Kind: models.Constant, A: float64(300 * sim.Day)}, Duration: models.Dist{Kind: models.Constant, A: float64(120 * sim.Day)}}}
		if err := nw.Finish(); err != nil {
			t.Fatal(err)
		}
		res := models.NewRun(nw, sim.NewQueue(), 1).Replicate(0, models.Platform)
		return res.Plants[1].LostOutput
	}
	prop, gamed := lostB(models.Proportional, 0), lostB(models.Proportional, 14)
	fair, fairGamed := lostB(models.FairShare, 0), lostB(models.FairShare, 14)
	t.Logf("B's lost output: proportional %.0f, with extra cover %.0f; fair share %.0f, with extra cover %.0f", prop, gamed, fair, fairGamed)
	if !(gamed > prop*1.01) {
		t.Errorf("proportional: B lost %.0f with A's extra cover, %.0f without; want the gaming to cost B more than 1%%", gamed, prop)
	}
	if math.Abs(fairGamed-fair) > 1e-6*fair {
		t.Errorf("fair share: B lost %.0f with extra cover, %.0f without; want the same", fairGamed, fair)
	}
}
