package scenarios_test

import (
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// A variant runs on its parent's draws: one that changes nothing gives
// the parent's replication to the bit, and one that turns central planning
// off gives what the same network with central planning off gives.
func TestVariants_ShareEveryDraw(t *testing.T) {
	nw := build(t, "chip-crisis")
	same := models.Variant{Name: "platform-same", Kind: models.Platform, Sharing: nw.Sharing}
	alerts := models.Variant{Name: "platform-alerts", Kind: models.Platform, Sharing: nw.Sharing}
	alerts.Sharing.CentralPlanning = false
	nw.Variants = []models.Variant{same, alerts}
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	off := build(t, "chip-crisis")
	off.Sharing.CentralPlanning = false
	if err := off.Finish(); err != nil {
		t.Fatal(err)
	}
	run, ref := models.NewRun(nw, sim.NewQueue(), 9), models.NewRun(off, sim.NewQueue(), 9)
	differs := false
	for rep := range uint64(4) {
		parent := summary(run.Replicate(rep, models.Platform))
		if got := summary(run.Replicate(rep, "platform-same")); got != parent {
			t.Errorf("replication %d: a variant that changes nothing differs from its parent", rep)
		}
		want := summary(ref.Replicate(rep, models.Platform))
		got := summary(run.Replicate(rep, "platform-alerts"))
		if got != want {
			t.Errorf("replication %d: platform-alerts differs from the platform without central planning", rep)
		}
		differs = differs || got != parent
	}
	if !differs {
		t.Error("central planning changed nothing in 4 replications: the test cannot tell the variants apart")
	}
}

// A variant without alerts keeps the platform's planning but never alerts:
// its plants learn of shortages as silo's do.
func TestVariants_NoAlertsDetectsAsSilo(t *testing.T) {
	nw := build(t, "chip-crisis")
	planning := models.Variant{Name: "platform-planning", Kind: models.Platform, Sharing: nw.Sharing, NoAlerts: true}
	planning.Sharing.CentralPlanning = false // without planning too, it is silo to the minute
	nw.Variants = []models.Variant{planning}
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	run := models.NewRun(nw, sim.NewQueue(), 9)
	for rep := range uint64(3) {
		silo := run.Replicate(rep, models.Silo)
		lost, det := silo.LostOutput, append([]models.Detection(nil), silo.Detections...)
		p := run.Replicate(rep, "platform-planning")
		if p.LostOutput != lost || len(p.Detections) != len(det) {
			t.Fatalf("replication %d: lost %v vs silo %v", rep, p.LostOutput, lost)
		}
		for k := range det {
			if p.Detections[k].Detected != det[k].Detected {
				t.Errorf("replication %d: detection %d at %v, silo %v", rep, k, p.Detections[k].Detected, det[k].Detected)
			}
		}
	}
}
