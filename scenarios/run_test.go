package scenarios_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
	"github.com/supplysim/supplysim/sim"
)

func build(t testing.TB, name string) *models.Network {
	t.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	return nw
}

// Every built-in runs on the native queue and on simgo with identical
// results, and conserves units of every part.
func TestBuiltinsRunOnBothEngines(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		t.Run(b.Name, func(t *testing.T) {
			nw := build(t, b.Name)
			if nw.Days() > 1000 {
				nw.Horizon = 1000 * sim.Day // the textbook horizons are for precision, not for this check
			}
			native := models.NewRun(nw, sim.NewQueue(), 3)
			simgo := models.NewRun(nw, sim.NewSimgoEngine(), 3)
			for rep := uint64(0); rep < 2; rep++ {
				a, bal := summary(native.Replicate(rep, models.Silo)), native.Balances()
				if got := summary(simgo.Replicate(rep, models.Silo)); !reflect.DeepEqual(a, got) {
					t.Fatalf("replication %d: native and simgo differ:\n%v\n%v", rep, a, got)
				}
				for p, pb := range bal {
					scale := math.Max(1, pb.Initial+pb.Produced)
					if math.Abs(pb.Imbalance()) > 1e-9*scale {
						t.Errorf("replication %d: part %s: %+v: imbalance %g", rep, nw.Parts[p].ID, pb, pb.Imbalance())
					}
				}
				t.Logf("rep %d: %s", rep, a)
			}
		})
	}
}

// summary renders the metrics of a result so that results compare exactly,
// NaN included.
func summary(r *models.Result) string {
	s := fmt.Sprintf("lost %v fill %v peak %v holding %v backlog %v in-stock %v bullwhip %v",
		r.LostOutput, r.FillRate, r.PeakBacklog, r.HoldingCost, r.BacklogCost, r.InStock, r.Bullwhip)
	for _, p := range r.Plants {
		s += fmt.Sprintf(" | plant %d output %v", p.Node, p.Output)
	}
	return s
}
