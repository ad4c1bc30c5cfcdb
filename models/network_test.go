package models_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// byCustomer is two plants, each buying its one input from suppliers a and
// b, who buy theirs from c, with the lanes listed by customer as scenario
// files list them: a→p1, b→p1, a→p2, b→p2, c→a, c→b.
func byCustomer() *models.Network {
	pol := models.Policy{ReviewDays: 3, Target: models.CoverTarget, CoverDays: 6, Forecast: models.MovingAverage, Periods: 5}
	in := func(part int, lanes ...int) []models.Input {
		return []models.Input{{Part: part, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: lanes}}
	}
	plant := func(id string, lanes ...int) models.Node {
		return models.Node{ID: id, Role: models.Plant, Part: 2, CapacityPerDay: 200, InitialFG: math.NaN(), Participation: math.NaN(),
			Inputs: in(1, lanes...), Demand: &models.Demand{Daily: models.Dist{Kind: models.Normal, A: 40, B: 12}}}
	}
	supplier := func(id string, part int, inputs []models.Input) models.Node {
		return models.Node{ID: id, Role: models.Supplier, Part: part, CapacityPerDay: 70, InitialFG: math.NaN(), Participation: math.NaN(), Inputs: inputs}
	}
	lane := func(from, to int, share float64, days float64) models.Lane {
		ids := []string{"p1", "p2", "a", "b", "c"}
		return models.Lane{ID: ids[from] + "→" + ids[to], From: from, To: to, Part: map[int]int{2: 1, 3: 1, 4: 0}[from],
			Transit: models.Dist{Kind: models.Triangular, A: days * float64(sim.Day), B: (days + 1) * float64(sim.Day), C: (days + 3) * float64(sim.Day)}, Share: share}
	}
	return &models.Network{
		Name: "by customer", Horizon: 400 * sim.Day, Warmup: 30 * sim.Day,
		Parts: []models.Part{{ID: "raw", Value: 1}, {ID: "module", Value: 10}, {ID: "car", Value: 100}},
		Nodes: []models.Node{plant("p1", 0, 1), plant("p2", 2, 3), supplier("a", 1, in(0, 4)), supplier("b", 1, in(0, 5)),
			supplier("c", 0, nil)},
		Lanes: []models.Lane{lane(2, 0, 0.7, 1), lane(3, 0, 0.3, 2), lane(2, 1, 0.4, 1), lane(3, 1, 0.6, 3), lane(4, 2, 1, 2), lane(4, 3, 1, 4)},
	}
}

func laneIDs(nw *models.Network, lanes []int) []string {
	var ids []string
	for _, l := range lanes {
		ids = append(ids, nw.Lanes[l].ID)
	}
	return ids
}

// SortLanes numbers the lanes by supplier, customers first, and leaves
// every input with the same lanes in the same order, and a Run goes over
// all lanes in the order given, so that a replication's results are the
// same bit for bit, lane by lane (by ID) and node by node.
func TestSortLanes_BySupplierSameRun(t *testing.T) {
	listed, sorted := byCustomer(), byCustomer()
	sorted.SortLanes()
	want := []string{"a→p1", "a→p2", "b→p1", "b→p2", "c→a", "c→b"}
	if got := laneIDs(sorted, []int{0, 1, 2, 3, 4, 5}); !slices.Equal(got, want) {
		t.Fatalf("lanes after SortLanes: %v, want %v", got, want)
	}
	for n := range listed.Nodes {
		for i := range listed.Nodes[n].Inputs {
			a, b := laneIDs(listed, listed.Nodes[n].Inputs[i].Lanes), laneIDs(sorted, sorted.Nodes[n].Inputs[i].Lanes)
			if !slices.Equal(a, b) {
				t.Errorf("%s's input %d: lanes %v after SortLanes, %v before", listed.Nodes[n].ID, i, b, a)
			}
		}
	}
	for _, nw := range []*models.Network{listed, sorted} {
		if err := nw.Finish(); err != nil {
			t.Fatal(err)
		}
	}
	runA, runB := models.NewRun(listed, sim.NewQueue(), 7), models.NewRun(sorted, sim.NewQueue(), 7)
	for rep := range uint64(40) {
		g := []models.Regime{models.Silo, models.Platform}[rep%2]
		a, b := runA.Replicate(rep, g), runB.Replicate(rep, g)
		if a.Events != b.Events || a.FillRate != b.FillRate || a.Cost != b.Cost || a.Inventory != b.Inventory {
			t.Errorf("%s: %d events, fill rate %v, cost %v, inventory %v sorted; %d, %v, %v, %v as listed",
				g, b.Events, b.FillRate, b.Cost, b.Inventory, a.Events, a.FillRate, a.Cost, a.Inventory)
		}
		for n := range a.Nodes {
			if fmt.Sprint(a.Nodes[n]) != fmt.Sprint(b.Nodes[n]) { // every float in its shortest exact form; NaN is NaN
				t.Errorf("%s, node %s: %+v sorted, %+v as listed", g, listed.Nodes[n].ID, b.Nodes[n], a.Nodes[n])
			}
		}
		for l, ln := range listed.Lanes {
			k := slices.IndexFunc(sorted.Lanes, func(s models.Lane) bool { return s.ID == ln.ID })
			if x, y := a.Lanes[l], b.Lanes[k]; x != y || x.ShippedPerDay == 0 {
				t.Errorf("%s, lane %s: %+v sorted, %+v as listed", g, ln.ID, y, x)
			}
		}
	}
}

// A network SortLanes cannot order (a lane to no node, a cycle) is left
// as it is, for Finish to report.
func TestSortLanes_LeavesBrokenNetworks(t *testing.T) {
	for name, breakIt := range map[string]func(*models.Network){
		"lane to no node":  func(nw *models.Network) { nw.Lanes[1].To = 9 },
		"input to no lane": func(nw *models.Network) { nw.Nodes[0].Inputs[0].Lanes[0] = 6 },
		"cycle": func(nw *models.Network) {
			in := nw.Nodes[2].Inputs[0] // c buys cars from p1, which buys from a and b, who buy from c
			in.Part, in.Lanes = 2, []int{6}
			nw.Nodes[4].Inputs = []models.Input{in}
			nw.Lanes = append(nw.Lanes, models.Lane{ID: "p1→c", From: 0, To: 4, Part: 2, Share: 1})
		},
	} {
		nw := byCustomer()
		breakIt(nw)
		before := slices.Clone(nw.Lanes)
		nw.SortLanes()
		if !slices.Equal(laneIDs(nw, []int{0, 1, 2, 3, 4, 5}), laneIDs(&models.Network{Lanes: before}, []int{0, 1, 2, 3, 4, 5})) {
			t.Errorf("%s: SortLanes reordered the lanes", name)
		}
		if err := nw.Finish(); err == nil {
			t.Errorf("%s: Finish accepted the network", name)
		} else if name == "cycle" && !strings.Contains(err.Error(), "cycle") {
			t.Errorf("cycle: Finish says %v, not that the lanes form a cycle", err)
		}
	}
}
