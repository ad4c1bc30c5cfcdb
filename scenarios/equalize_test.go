package scenarios_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// freshInventory is the mean shock-free inventory value (or fill rate)
// under g over replications 0 … runs−1, which calibration never uses.
func freshValue(nw *models.Network, g models.Regime, f models.Footing, runs int) float64 {
	run := models.NewRun(nw, sim.NewQueue(), 2021)
	sum := 0.0
	for rep := range uint64(runs) {
		res := run.ShockFree(rep, g, nw.TargetScale(g))
		if f == models.EqualService {
			sum += res.FillRate
		} else {
			sum += res.Inventory.Total()
		}
	}
	return sum / float64(runs)
}

// After inventory equalisation every regime's shock-free mean inventory
// value is within 0.5% of the reference's on fresh replications, on
// eu-auto and on a network whose tiers hold different cover.
func TestEqualize_InventoryOnFreshReplications(t *testing.T) {
	for _, name := range []string{"eu-auto", "testdata/valid/tiered-cover.toml"} {
		t.Run(name, func(t *testing.T) {
			nw := build(t, name)
			regimes := []models.Regime{models.Silo, models.Bilateral, models.Platform}
			before := make([]float64, len(regimes))
			for i, g := range regimes {
				before[i] = freshValue(nw, g, models.EqualInventory, 64)
			}
			c, err := models.Equalize(context.Background(), nw, func() *models.Run { return models.NewRun(nw, sim.NewQueue(), 2021) },
				regimes, models.EqualInventory, 32, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			c.Apply(nw)
			ref := freshValue(nw, regimes[0], models.EqualInventory, 64)
			for i, g := range regimes {
				got := freshValue(nw, g, models.EqualInventory, 64)
				t.Logf("%v: scale %.4f after %d evaluations; fresh inventory %.0f EUR (before %.0f), reference %.0f",
					g, c.Regimes[i].Scale, c.Regimes[i].Evaluations, got, before[i], ref)
				if math.Abs(got/ref-1) > 0.005 {
					t.Errorf("%v: fresh inventory %.0f EUR is %.2f%% from the reference's %.0f", g, got, 100*(got/ref-1), ref)
				}
			}
		})
	}
}

// A calibration depends on the network, seed, footing and replications
// only: the same multipliers on 1 and 3 workers, bit for bit.
func TestEqualize_SameForAnyWorkers(t *testing.T) {
	nw := build(t, "testdata/valid/tiered-cover.toml")
	regimes := []models.Regime{models.Silo, models.Platform}
	newRun := func() *models.Run { return models.NewRun(nw, sim.NewQueue(), 5) }
	one, err := models.Equalize(context.Background(), nw, newRun, regimes, models.EqualInventory, 12, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	three, err := models.Equalize(context.Background(), nw, newRun, regimes, models.EqualInventory, 12, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if one.Target != three.Target || !reflect.DeepEqual(one.Regimes, three.Regimes) {
		t.Errorf("1 worker %+v, 3 workers %+v", one, three)
	}
	if k := one.Regimes[1].Scale; k == 1 {
		t.Errorf("platform scale %v: the test network should need calibrating", k)
	}
}

// Calibrations sharing evaluations (models.Shared) find what each finds
// alone, evaluating each regime at each multiplier once between them; one
// that starts from the multiplier another found needs one evaluation for
// it, and one that starts far off still ends within tolerance.
func TestEqualize_Shared(t *testing.T) {
	nw := build(t, "testdata/valid/tiered-cover.toml")
	regimes := []models.Regime{models.Silo, models.Platform}
	runs := 0
	newRun := func() *models.Run { runs++; return models.NewRun(nw, sim.NewQueue(), 5) }
	alone, err := models.Equalize(context.Background(), nw, newRun, regimes, models.EqualInventory, 12, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	evaluations := alone.Regimes[0].Evaluations + alone.Regimes[1].Evaluations
	var e models.Evaluations
	same := &models.Shared{Evaluations: &e, Alike: func(models.Regime) string { return "" }}
	for i := range 2 {
		runs = 0
		c, err := models.Equalize(context.Background(), nw, newRun, regimes, models.EqualInventory, 12, 1, same)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c, alone) {
			t.Errorf("calibration %d sharing evaluations: %+v, alone %+v", i+1, c, alone)
		}
		if want := []int{evaluations, 0}[i]; runs != want {
			t.Errorf("calibration %d sharing evaluations ran %d, want %d", i+1, runs, want)
		}
	}
	k := alone.Regimes[1].Scale
	for _, start := range []float64{k, 4 * k} {
		c, err := models.Equalize(context.Background(), nw, newRun, regimes, models.EqualInventory, 12, 1,
			&models.Shared{Start: map[models.Regime]float64{models.Platform: start}})
		if err != nil {
			t.Fatal(err)
		}
		p := c.Regimes[1]
		if p.Start != start || start == k && (p.Evaluations != 1 || p.Scale != k) {
			t.Errorf("from %v: scale %v after %d evaluations; from 1: %v", start, p.Scale, p.Evaluations, k)
		}
		if math.Abs(p.Achieved-c.Target) > models.CalibrationTolerance*c.Target {
			t.Errorf("from %v: %v against the target %v", start, p.Achieved, c.Target)
		}
	}
}

// With every multiplier 1 (footing none, or a regime that already matches)
// a run is bit-identical to one without calibration: the scale is applied
// as an exact multiplication.
func TestEqualize_ScaleOneChangesNothing(t *testing.T) {
	nw := build(t, "eu-auto")
	run := models.NewRun(nw, sim.NewQueue(), 2021)
	a := summary(run.Replicate(3, models.Platform))
	nw.SetTargetScale(models.Platform, 1)
	if b := summary(run.Replicate(3, models.Platform)); a != b {
		t.Error("a target scale of 1 changed the replication")
	}
	nw.SetTargetScale(models.Platform, 1.1)
	if b := summary(run.Replicate(3, models.Platform)); a == b {
		t.Error("a target scale of 1.1 changed nothing")
	}
}

// Stock by tier adds up to the network's stock; tiers count lanes to the
// nearest plant (the four-stage chain has tiers 0 to 3, one node each).
func TestInventoryByTier_AddsUp(t *testing.T) {
	nw := build(t, "testdata/valid/tiered-cover.toml")
	if nw.Tiers() != 4 {
		t.Fatalf("%d tiers, want 4", nw.Tiers())
	}
	for n, want := range map[string]int{"plant": 0, "tier1": 1, "tier2": 2, "mine": 3} {
		if got := nw.Tier(nodeIndex(t, nw, n)); got != want {
			t.Errorf("%s: tier %d, want %d", n, got, want)
		}
	}
	res := models.NewRun(nw, sim.NewQueue(), 3).ShockFree(0, models.Silo, 1)
	var sum models.InventoryValue
	for _, v := range res.InventoryByTier {
		sum.Inputs, sum.Finished, sum.Transit = sum.Inputs+v.Inputs, sum.Finished+v.Finished, sum.Transit+v.Transit
	}
	if math.Abs(sum.Total()/res.Inventory.Total()-1) > 1e-12 || res.InventoryByTier[3].Inputs != 0 || res.InventoryByTier[0].Transit == 0 {
		t.Errorf("by tier %+v sums to %+v, network %+v", res.InventoryByTier, sum, res.Inventory)
	}
}

func nodeIndex(t *testing.T, nw *models.Network, id string) int {
	t.Helper()
	for n := range nw.Nodes {
		if nw.Nodes[n].ID == id {
			return n
		}
	}
	t.Fatalf("no node %q", id)
	return -1
}
