package scenarios_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// lockdown is eu-auto with one shock, a complete lockdown of regions for
// days from a uniform onset between days 60 and 120, and every node taking
// part in sharing with probability participation.
func lockdown(t *testing.T, participation float64, days float64, regions ...string) *models.Network {
	nw := build(t, "eu-auto")
	for n := range nw.Nodes {
		nw.Nodes[n].Participation = math.NaN()
	}
	nw.Sharing.Participation = participation
	nw.Shocks = []models.Shock{{ID: "lockdown", Kind: models.Lockdown, Probability: 1, Regions: regions,
		Start:    models.Dist{Kind: models.Uniform, A: float64(60 * sim.Day), B: float64(120 * sim.Day)},
		Duration: models.Dist{Kind: models.Constant, A: days * float64(sim.Day)}}}
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	return nw
}

// tier3Lockdown stops lithium (Chile and Australia, tier 3 only) for 150 days.
func tier3Lockdown(t *testing.T, participation float64) *models.Network {
	return lockdown(t, participation, 150, "CL", "AU")
}

const directionRuns = 40

// On a tier-3 lockdown, wherever the shortage reaches a plant's line, the
// platform told that plant before silo evidence did.
func TestDirection_PlatformDetectsFirst(t *testing.T) {
	nw := tier3Lockdown(t, 1)
	run := models.NewRun(nw, sim.NewQueue(), 2021)
	reached := 0
	for rep := range uint64(directionRuns) {
		siloDet := append([]models.Detection(nil), run.Replicate(rep, models.Silo).Detections...)
		platform := run.Replicate(rep, models.Platform)
		for k, s := range siloDet {
			if s.Starved == models.Never {
				continue
			}
			reached++
			if p := platform.Detections[k]; p.Detected == models.Never || p.Detected >= s.Detected {
				t.Errorf("replication %d, plant %s: platform detected at %v, silo at %v; want platform first",
					rep, nw.Nodes[s.Plant].ID, p.Detected, s.Detected)
			}
		}
	}
	if reached < directionRuns/4 {
		t.Fatalf("the shortage reached a plant's line %d times in %d replications; the test needs it to bite", reached, directionRuns)
	}
}

// With eu-auto's mitigation (expedite, backup lanes), a 90-day lockdown of
// China's tier-2 and tier-3 sites costs less output under the platform
// than under silo on average, and mitigation itself saves output.
func TestDirection_MitigationSavesOutput(t *testing.T) {
	lost := func(mitigate bool, g models.Regime) float64 {
		nw := lockdown(t, 1, 90, "CN")
		if !mitigate {
			nw.Mitigation = models.Mitigation{}
		}
		run, sum := models.NewRun(nw, sim.NewQueue(), 2021), 0.0
		for rep := range uint64(directionRuns) {
			sum += run.Replicate(rep, g).LostOutput
		}
		return sum / directionRuns
	}
	bare, silo, platform := lost(false, models.Silo), lost(true, models.Silo), lost(true, models.Platform)
	if !(platform < silo && silo < bare) {
		t.Errorf("mean lost output: platform %.0f, silo %.0f with mitigation, silo %.0f without; want them in increasing order", platform, silo, bare)
	}
	t.Logf("mean lost output: platform %.0f, silo %.0f with mitigation, silo %.0f without", platform, silo, bare)
}

// While the platform's cloud is down, the platform regime is silo, to the
// last vehicle and minute.
func TestDirection_PlatformDownIsSilo(t *testing.T) {
	nw := tier3Lockdown(t, 1)
	nw.Sharing.Cloud = "sovereign-eu"
	nw.Shocks = append(nw.Shocks, models.Shock{ID: "dark", Kind: models.CloudOutage, Probability: 1, Provider: "sovereign-eu",
		Start: models.Dist{Kind: models.Constant}, Duration: models.Dist{Kind: models.Constant, A: float64(nw.Horizon)}})
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	run := models.NewRun(nw, sim.NewQueue(), 2021)
	for rep := range uint64(10) {
		silo := *run.Replicate(rep, models.Silo)
		det := append([]models.Detection(nil), silo.Detections...)
		p := run.Replicate(rep, models.Platform)
		ok := p.LostOutput == silo.LostOutput && p.Cost == silo.Cost && p.FillRate == silo.FillRate &&
			same(p.TTD, silo.TTD) && same(p.Warning, silo.Warning) && same(p.TTR, silo.TTR)
		for k := range det {
			d, q := det[k], p.Detections[k]
			ok = ok && d.Occurrence == q.Occurrence && d.Plant == q.Plant && d.Reached == q.Reached &&
				d.Detected == q.Detected && d.Starved == q.Starved && same(d.TTRDays, q.TTRDays)
		}
		if !ok || p.PlatformUptime != 0 {
			t.Errorf("replication %d: platform with its cloud down differs from silo (lost %v vs %v, ttd %v vs %v, uptime %v)",
				rep, p.LostOutput, silo.LostOutput, p.TTD, silo.TTD, p.PlatformUptime)
		}
	}
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// With half the nodes taking part, the platform's mean time to detect at
// the plants falls between full participation and silo.
func TestDirection_PartialParticipationFallsBetween(t *testing.T) {
	meanTTD := func(participation float64, g models.Regime) float64 {
		run := models.NewRun(tier3Lockdown(t, participation), sim.NewQueue(), 2021)
		sum, n := 0.0, 0
		for rep := range uint64(directionRuns) {
			if ttd := run.Replicate(rep, g).TTD; !math.IsNaN(ttd) {
				sum, n = sum+ttd, n+1
			}
		}
		return sum / float64(n)
	}
	full, half, silo := meanTTD(1, models.Platform), meanTTD(0.5, models.Platform), meanTTD(1, models.Silo)
	if !(full < half && half < silo) {
		t.Errorf("mean time to detect: full platform %.1f, half participation %.1f, silo %.1f days; want full < half < silo", full, half, silo)
	}
	t.Logf("mean time to detect: full platform %.1f, half participation %.1f, silo %.1f days", full, half, silo)
}

// Common random numbers: whatever a regime does, every regime of a
// replication meets the same shocks at the same times and the same plant
// demand on every day.
func TestRegimes_CommonRandomNumbers(t *testing.T) {
	nw := build(t, "chip-crisis")
	run := models.NewRun(nw, sim.NewQueue(), 2021)
	for rep := range uint64(5) {
		silo := run.Replicate(rep, models.Silo)
		occ := append([]models.Occurrence(nil), silo.Occurrences...)
		plan := append([]float64(nil), silo.Plants[0].Plan...)
		for _, g := range []models.Regime{models.Bilateral, models.Platform} {
			res := run.Replicate(rep, g)
			if !reflect.DeepEqual(res.Occurrences, occ) {
				t.Errorf("replication %d: %v met shocks %+v, silo %+v", rep, g, res.Occurrences, occ)
			}
			if !reflect.DeepEqual(res.Plants[0].Plan, plan) {
				t.Errorf("replication %d: %v saw other plant demand than silo", rep, g)
			}
		}
	}
}
