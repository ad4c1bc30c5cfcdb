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
// results under every regime, shocks included, and conserves units of
// every part.
func TestBuiltinsRunOnBothEngines(t *testing.T) {
	names := []string{"testdata/valid/small-shocks.toml"}
	for _, b := range scenarios.Builtins() {
		names = append(names, b.Name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			nw := build(t, name)
			if nw.Days() > 1000 {
				nw.Horizon = 1000 * sim.Day // the textbook horizons are for precision, not for this check
			}
			native := models.NewRun(nw, sim.NewQueue(), 3)
			simgo := models.NewRun(nw, sim.NewSimgoEngine(), 3)
			for rep := uint64(0); rep < 3; rep++ {
				for _, g := range models.Regimes {
					a, bal := summary(native.Replicate(rep, g)), native.Balances()
					if got := summary(simgo.Replicate(rep, g)); !reflect.DeepEqual(a, got) {
						t.Fatalf("replication %d, %v: native and simgo differ:\n%v\n%v", rep, g, a, got)
					}
					conserved(t, nw, bal)
					outsideReach(t, rep, g, native.Replicate(rep, g))
				}
			}
		})
	}
}

// outsideReach fails if a plant outside a shock's footprint detected the
// shock or starved of it: such a plant is no event of the paired
// comparisons, so nothing may happen there.
func outsideReach(t *testing.T, rep uint64, g models.Regime, res *models.Result) {
	t.Helper()
	for _, d := range res.Detections {
		if !d.Reached && (d.Detected != models.Never || d.Starved != models.Never || !math.IsNaN(d.TTRDays)) {
			t.Errorf("replication %d, %v: occurrence %d at plant %d is outside its reach but %+v", rep, g, d.Occurrence, d.Plant, d)
		}
	}
}

func conserved(t *testing.T, nw *models.Network, bal []models.Balance) {
	t.Helper()
	for p, pb := range bal {
		scale := math.Max(1, pb.Initial+pb.Produced)
		if math.Abs(pb.Imbalance()) > 1e-9*scale {
			t.Errorf("part %s: %+v: imbalance %g", nw.Parts[p].ID, pb, pb.Imbalance())
		}
	}
}

// summary renders the metrics of a result so that results compare exactly,
// NaN included.
func summary(r *models.Result) string {
	s := fmt.Sprintf("lost %v fill %v peak %v holding %v backlog %v in-stock %v bullwhip %v cost %v ttd %v warning %v ttr %v uptime %v"+
		" shocks %v detections %v", r.LostOutput, r.FillRate, r.PeakBacklog, r.HoldingCost, r.BacklogCost, r.InStock, r.Nodes,
		r.Cost, r.TTD, r.Warning, r.TTR, r.PlatformUptime, r.Occurrences, r.Detections)
	for _, p := range r.Plants {
		s += fmt.Sprintf(" | plant %d output %v", p.Node, p.Output)
	}
	return s
}

// A batch of a whole-day lead time waits in its node's ring and finishes as
// the node's cycle starts on its due day; the same batch a minute shorter is
// an event, handled just before that cycle. Without platform reports (which
// may fall between the two) nothing can tell them apart, so every built-in
// with production lead times gives identical results both ways.
func TestProduction_BatchRingMatchesBatchEvents(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		ring, events := build(t, b.Name), build(t, b.Name)
		shortened := 0
		for n := range events.Nodes {
			if lead := &events.Nodes[n].LeadTime; *lead > 0 && *lead%sim.Day == 0 {
				*lead -= sim.Minute
				shortened++
			}
		}
		if shortened == 0 {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			for _, nw := range []*models.Network{ring, events} {
				nw.Horizon = min(nw.Horizon, 730*sim.Day)
			}
			a, e := models.NewRun(ring, sim.NewQueue(), 5), models.NewRun(events, sim.NewQueue(), 5)
			for rep := range uint64(3) {
				for _, g := range []models.Regime{models.Silo, models.Bilateral} {
					ra := a.Replicate(rep, g)
					byRing, ringEvents := summary(ra), ra.Events
					re := e.Replicate(rep, g)
					if byEvent := summary(re); byRing != byEvent {
						t.Fatalf("replication %d, %v: the ring and batch events differ:\n%v\n%v", rep, g, byRing, byEvent)
					}
					if ringEvents >= re.Events {
						t.Errorf("replication %d, %v: %d events with the ring, %d without: the ring should take the batches off the queue", rep, g, ringEvents, re.Events)
					}
				}
			}
		})
	}
}

// A replication's result does not depend on what its Run ran before: every
// built-in, under every regime, gives the same shocked and shock-free
// results on a Run that has just run others (shocked and not) as on a new
// one.
func TestReplication_SameOnAReusedRun(t *testing.T) {
	for _, b := range scenarios.Builtins() {
		t.Run(b.Name, func(t *testing.T) {
			nw := build(t, b.Name)
			nw.Horizon = min(nw.Horizon, 730*sim.Day)
			used := models.NewRun(nw, sim.NewQueue(), 9)
			for _, g := range models.Regimes {
				for rep := range uint64(3) {
					used.Replicate(rep, g)
				}
			}
			for _, g := range models.Regimes {
				if got, want := summary(used.ShockFree(7, g, 1.1)), summary(models.NewRun(nw, sim.NewQueue(), 9).ShockFree(7, g, 1.1)); got != want {
					t.Fatalf("%v, shock-free: a reused Run differs from a new one:\n%v\n%v", g, got, want)
				}
				if got, want := summary(used.Replicate(7, g)), summary(models.NewRun(nw, sim.NewQueue(), 9).Replicate(7, g)); got != want {
					t.Fatalf("%v: a reused Run differs from a new one:\n%v\n%v", g, got, want)
				}
			}
		})
	}
}
