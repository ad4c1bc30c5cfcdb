package scenarios_test

import (
	"math"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// The per-node metrics reconcile with the rest of a replication: measured
// from time 0 (no warm-up), the nodes' production is the ledger's, the
// plants' sales are the vehicles delivered, each supplier's shipments are
// its lanes', a plant's fill rate is the plant's, the nodes' stock adds up
// to the network's, and no node serves on time more than it was asked or
// shipped. chip-crisis's fab outage makes every term move.
func TestNodeResults_ReconcileWithLedgerAndLanes(t *testing.T) {
	nw := build(t, "chip-crisis")
	nw.Warmup = 0
	run := models.NewRun(nw, sim.NewQueue(), 5)
	close := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: nodes give %.12g, want %.12g", what, got, want)
		}
	}
	starved, cut, late := 0, 0, 0
	for rep := uint64(0); rep < 6; rep++ {
		for _, g := range []models.Regime{models.Silo, models.Platform} {
			res := run.Replicate(rep, g)
			bal := run.Balances()
			produced := make([]float64, len(nw.Parts))
			var stock models.InventoryValue
			lanes := make([]float64, len(nw.Nodes))
			for l, ln := range nw.Lanes {
				lanes[ln.From] += res.Lanes[l].ShippedPerDay * nw.Horizon.Days()
			}
			sold := 0.0
			for n, nr := range res.Nodes {
				nd := nw.Nodes[n]
				produced[nd.Part] += nr.Produced
				stock.Inputs, stock.Finished, stock.Transit = stock.Inputs+nr.Stock.Inputs, stock.Finished+nr.Stock.Finished, stock.Transit+nr.Stock.Transit
				if nr.OnTime > nr.Demanded*(1+1e-12) || nr.OnTime > nr.Shipped*(1+1e-12)+1e-9 && nd.Role != models.Plant {
					t.Errorf("%d %v %s: %g on time of %g asked, %g shipped", rep, g, nd.ID, nr.OnTime, nr.Demanded, nr.Shipped)
				}
				if nr.StarvedDays > res.MeasuredDays || nr.CutDays > res.MeasuredDays {
					t.Errorf("%d %v %s: starved %d, cut %d of %d days", rep, g, nd.ID, nr.StarvedDays, nr.CutDays, res.MeasuredDays)
				}
				if len(nd.Inputs) == 0 && (nr.Stock.Inputs != 0 || nr.Stock.Transit != 0) {
					t.Errorf("%d %v %s: a node without inputs holds %+v: stock in transit is its customer's", rep, g, nd.ID, nr.Stock)
				}
				starved, cut = starved+nr.StarvedDays, cut+nr.CutDays
				if nd.Role != models.Plant && nr.FillRate < 1 {
					late++
				}
				if nd.Role == models.Plant {
					sold += nr.Shipped
					continue
				}
				close(nd.ID+" shipped", nr.Shipped, lanes[n])
			}
			for p := range nw.Parts {
				close(nw.Parts[p].ID+" produced", produced[p], bal[p].Produced)
			}
			close("vehicles sold", sold, bal[nw.Nodes[res.Plants[0].Node].Part].Delivered)
			for _, p := range res.Plants {
				if got := res.Nodes[p.Node].FillRate; got != p.FillRate {
					t.Errorf("%d %v plant %s: node fill rate %v, plant %v", rep, g, nw.Nodes[p.Node].ID, got, p.FillRate)
				}
			}
			close("inputs EUR", stock.Inputs, res.Inventory.Inputs)
			close("finished EUR", stock.Finished, res.Inventory.Finished)
			close("in transit EUR", stock.Transit, res.Inventory.Transit)
		}
	}
	if starved == 0 || cut == 0 || late == 0 {
		t.Errorf("in 12 replications of chip-crisis, %d node-days starved, %d cut, %d suppliers late: the check checked nothing", starved, cut, late)
	}
}
