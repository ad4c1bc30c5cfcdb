package models_test

import (
	"math"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// flexNet is two plants, P1 (DE) and P2 (FR), that buy chips from F (CN)
// and have a backup lane (qualified at once) from A (JP), whose whole
// capacity of 100 a day goes to its regular customer P3 (US) but which can
// run 50 a day more on flexible capacity, 5 days after it is booked, at 10
// EUR a unit. Every plant builds 100 vehicles a day from one chip each,
// with lost sales, and holds 3 days of cover. An export ban on chips from
// CN to each plant's region starts on the day given (0: never) and lasts
// past the horizon (100 days, 10 of warm-up).
func flexNet(flex bool, banDE, banFR int) *models.Network {
	day := models.Dist{Kind: models.Constant, A: float64(sim.Day)}
	pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: 3, Periods: 1}
	plant := func(id, region string, lanes ...int) models.Node {
		return models.Node{ID: id, Region: region, Role: models.Plant, Part: 0, CapacityPerDay: math.Inf(1),
			InitialFG: math.NaN(), Participation: math.NaN(),
			Demand: &models.Demand{Daily: models.Dist{Kind: models.Constant, A: 100}, Lost: true},
			Inputs: []models.Input{{Part: 1, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: lanes}}}
	}
	nw := &models.Network{Name: "flex", Horizon: 100 * sim.Day, Warmup: 10 * sim.Day,
		Parts: []models.Part{{ID: "car", Value: 30000}, {ID: "chip", Value: 40, Category: "semiconductor"}},
		Nodes: []models.Node{
			plant("P1", "DE", 0, 1), plant("P2", "FR", 2, 3), plant("P3", "US", 4),
			{ID: "F", Region: "CN", Part: 1, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(), Participation: math.NaN()},
			{ID: "A", Region: "JP", Part: 1, CapacityPerDay: 100, InitialFG: math.NaN(), Participation: math.NaN(),
				Flex: models.Flex{PerDay: 50, RampUp: 5 * sim.Day, CostPerUnit: 10}},
		},
		Lanes: []models.Lane{
			{ID: "F→P1", From: 3, To: 0, Part: 1, Transit: day, Share: 1},
			{ID: "A→P1", From: 4, To: 0, Part: 1, Transit: day, Share: 1, Backup: true},
			{ID: "F→P2", From: 3, To: 1, Part: 1, Transit: day, Share: 1},
			{ID: "A→P2", From: 4, To: 1, Part: 1, Transit: day, Share: 1, Backup: true},
			{ID: "A→P3", From: 4, To: 2, Part: 1, Transit: day, Share: 1},
		},
		Mitigation: models.Mitigation{Backup: true, Flex: flex},
	}
	for _, ban := range []struct {
		region string
		day    int
	}{{"DE", banDE}, {"FR", banFR}} {
		if ban.day > 0 {
			nw.Shocks = append(nw.Shocks, models.Shock{ID: "ban-" + ban.region, Kind: models.TradeWar, Probability: 1,
				BlocA: []string{"CN"}, BlocB: []string{ban.region}, BanCategories: []string{"semiconductor"}, BanFromA: true,
				Start:    models.Dist{Kind: models.Constant, A: float64(sim.Time(ban.day) * sim.Day)},
				Duration: models.Dist{Kind: models.Constant, A: float64(200 * sim.Day)}})
		}
	}
	return nw
}

// Two plants compete for one alternate's flexible capacity; whoever
// detects first books it, the other finds it booked. A plant whose supply
// is banned on day T (and knows at once: a ban is public) has 300 chips on
// hand and in transit, so it builds fully to day T+2 and nothing from day
// T+3, unless it booked A's flex: that runs from day T+5 and its chips
// arrive a day later, so the booker loses 100 a day on days T+3 … T+5 and
// 50 a day from T+6 to the horizon (day 99):
//
//	booker:  100 × 3 + 50 × (100 − (T + 6))
//	other:   100 × (100 − (T + 3))
//	flex cost: 50 a day from day T + 5, × 10 EUR
//
// Ties (both banned the same day) go to the node listed first.
func TestFlex_FirstToKnowBooksIt(t *testing.T) {
	booker := func(T int) float64 { return 300 + float64(50*(100-(T+6))) }
	other := func(T int) float64 { return float64(100 * (100 - (T + 3))) }
	cost := func(T int) float64 { return float64(50*(100-(T+5))) * 10 }
	for _, c := range []struct {
		name         string
		flex         bool
		banDE, banFR int
		p1, p2, fc   float64
	}{
		{"no flex", false, 30, 30, other(30), other(30), 0},
		{"same day: P1 listed first", true, 30, 30, booker(30), other(30), cost(30)},
		{"P2 knows 10 days earlier", true, 40, 30, other(40), booker(30), cost(30)},
		{"P1 knows 10 days earlier", true, 30, 40, booker(30), other(40), cost(30)},
	} {
		nw := flexNet(c.flex, c.banDE, c.banFR)
		if err := nw.Finish(); err != nil {
			t.Fatal(err)
		}
		res := models.NewRun(nw, sim.NewQueue(), 1).Replicate(0, models.Silo)
		p1, p2, p3 := res.Plants[0].LostOutput, res.Plants[1].LostOutput, res.Plants[2].LostOutput
		if math.Abs(p1-c.p1) > 1e-6 || math.Abs(p2-c.p2) > 1e-6 || p3 != 0 || math.Abs(res.FlexCost-c.fc) > 1e-6 {
			t.Errorf("%s: lost P1 %g, P2 %g, P3 %g, flex cost %g; want %g, %g, 0, %g", c.name, p1, p2, p3, res.FlexCost, c.p1, c.p2, c.fc)
		}
	}
}
