package models_test

import (
	"math"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// chainSpec describes a serial chain: a plant fed by tier 1, fed by tier 2,
// …, down to tier depth, which has no inputs. Demand is constant, transits
// are constant, every lane is single-sourced.
type chainSpec struct {
	depth    int
	demand   float64  // vehicles per day
	transit  sim.Time // every lane
	level    float64  // the plant's input order-up-to level, units
	capacity float64  // every supplier, units per day
	cover    float64  // suppliers' input cover, days
	horizon  sim.Time
}

// chain builds the network of spec: node 0 is the plant, node k tier k,
// lane k−1 runs from tier k to node k−1. Everyone takes part in sharing.
func chain(spec chainSpec) *models.Network {
	nw := &models.Network{Name: "chain", Horizon: spec.horizon, Parts: []models.Part{{ID: "car", Value: 30000}},
		Sharing: models.Sharing{Participation: 1, Attribution: 60 * sim.Day, AlertDays: math.Inf(1)}}
	transit := models.Dist{Kind: models.Constant, A: float64(spec.transit)}
	for k := 0; k <= spec.depth; k++ {
		nd := models.Node{ID: "tier" + string(rune('0'+k)), Region: "EU", Part: k, CapacityPerDay: spec.capacity,
			InitialFG: math.NaN(), Participation: math.NaN()}
		if k == 0 {
			nd.ID, nd.Role, nd.CapacityPerDay = "plant", models.Plant, math.Inf(1)
			nd.Demand = &models.Demand{Daily: models.Dist{Kind: models.Constant, A: spec.demand}, Lost: true}
		}
		if k < spec.depth {
			pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: spec.cover, Periods: 7}
			if k == 0 {
				pol = models.Policy{ReviewDays: 1, Target: models.LevelTarget, Level: spec.level, Periods: 1}
			}
			nd.Inputs = []models.Input{{Part: k + 1, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{k}}}
			nw.Lanes = append(nw.Lanes, models.Lane{ID: "lane", From: k + 1, To: k, Part: k + 1, Transit: transit, Share: 1})
		}
		if k > 0 {
			nw.Parts = append(nw.Parts, models.Part{ID: "part", Value: 100})
		}
		nw.Nodes = append(nw.Nodes, nd)
	}
	return nw
}

func finish(t *testing.T, nw *models.Network) *models.Network {
	t.Helper()
	if err := nw.Finish(); err != nil {
		t.Fatal(err)
	}
	return nw
}

// Time-to-survive (Simchi-Levi et al. 2015): a single-sourced part with no
// alternative; its supplier is out for TTR. The plant lives on what it has
// on hand and in transit, S units at demand d:
//
//	TTS = S / d,  lost output = d × max(0, TTR + τ − TTS)
//
// where τ is the transit time of the lane: the first batch made after the
// recovery needs τ (at least the one day of the daily cycle) to reach the
// plant. The example: d = 1000 a week, S = 3000, TTR = 6 weeks
// gives TTS = 3 weeks and 3000 vehicles lost, plus d × τ in transport.
func TestStress_TimeToSurviveOracle(t *testing.T) {
	d := 1000.0 / 7
	for _, c := range []struct {
		name         string
		transit, ttr sim.Time
		wantTTS      float64 // days
		wantLost     float64
	}{
		{"issue example, 1 day transit", sim.Day, 42 * sim.Day, 21, d * (42 + 1 - 21)},
		{"3 days transit", 3 * sim.Day, 42 * sim.Day, 21, d * (42 + 3 - 21)},
		{"recovers before the buffer runs out", sim.Day, 14 * sim.Day, 21, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			nw := finish(t, chain(chainSpec{depth: 1, demand: d, transit: c.transit, level: 3000,
				capacity: 3 * d, horizon: 200 * sim.Day}))
			nw.Warmup = 20 * sim.Day
			finish(t, nw)
			res := models.NewRun(nw, sim.NewQueue(), 1).Stress(1, models.Silo, 50*sim.Day, c.ttr)
			row := byNode(res, 1)
			if c.wantLost == 0 {
				if row.Censored != 1 || math.Abs(row.LostOutput) > 1e-6 {
					t.Errorf("supplier out %v: censored %d, lost %.6g; want the plant to survive (1, 0)", c.ttr, row.Censored, row.LostOutput)
				}
				return
			}
			if row.TTSDays != c.wantTTS {
				t.Errorf("TTS = %v days, want %v (3000 units / %.4g a day)", row.TTSDays, c.wantTTS, d)
			}
			if math.Abs(row.LostOutput-c.wantLost) > 1e-6*c.wantLost {
				t.Errorf("lost output %.6f, want %.6f", row.LostOutput, c.wantLost)
			}
		})
	}
}

func byNode(rows []models.StressResult, n int) models.StressResult {
	for _, r := range rows {
		if r.Node == n {
			return r
		}
	}
	panic("no row for the node")
}

// The stress ranking puts the plant itself first (everything it would
// have built is lost), then the tier whose loss outlasts its buffers.
func TestStress_Ranking(t *testing.T) {
	d := 100.0
	nw := chain(chainSpec{depth: 2, demand: d, transit: sim.Day, level: 500, capacity: 3 * d, cover: 30, horizon: 200 * sim.Day})
	nw.Warmup = 20 * sim.Day
	finish(t, nw)
	rows := models.NewRun(nw, sim.NewQueue(), 1).Stress(2, models.Silo, 50*sim.Day, 20*sim.Day)
	if rows[0].Node != 0 || rows[1].Node != 1 || rows[2].Node != 2 {
		t.Fatalf("ranking %+v, want plant, tier 1, tier 2 (tier 2 is behind tier 1's 30 days of cover)", rows)
	}
	if got, want := rows[0].LostOutput, d*20; math.Abs(got-want) > 1e-6*want {
		t.Errorf("plant out for 20 days loses %.6g, want %.6g", got, want)
	}
	if rows[2].LostOutput > 1e-6 || rows[2].Censored != 2 {
		t.Errorf("tier 2 behind 30 days of cover: lost %.3g, censored %d of 2; want 0 and 2", rows[2].LostOutput, rows[2].Censored)
	}
}

// outageAt adds a node outage of node n, onset drawn from start, lasting dur.
func outageAt(nw *models.Network, n int, start models.Dist, dur sim.Time) {
	nw.Shocks = append(nw.Shocks, models.Shock{ID: "outage", Kind: models.NodeOutage, Probability: 1, Start: start,
		Duration: models.Dist{Kind: models.Constant, A: float64(dur)}, Nodes: []int{n}})
}

func uniformDays(a, b float64) models.Dist {
	return models.Dist{Kind: models.Uniform, A: a * float64(sim.Day), B: b * float64(sim.Day)}
}

// plantDetection returns when the plant detected the replication's first
// shock, and that shock's onset.
func plantDetection(t *testing.T, res *models.Result) (detected, onset sim.Time) {
	t.Helper()
	if len(res.Occurrences) == 0 || len(res.Detections) == 0 {
		t.Fatal("the replication recorded no shock")
	}
	dt := res.Detections[0]
	return dt.Detected, res.Occurrences[dt.Occurrence].Onset
}

// Platform detection lag: reports every c, alerts after latency ℓ, onset
// uniform. The plant learns at the first report at or after the onset plus
// ℓ, so the lag is ℓ + (c − onset mod c): exactly that in every
// replication, mean c/2 + ℓ, never more than c + ℓ.
func TestDetection_PlatformLag(t *testing.T) {
	const c, latency = sim.Day, 2 * sim.Hour
	nw := chain(chainSpec{depth: 2, demand: 100, transit: sim.Day, level: 500, capacity: 300, cover: 10, horizon: 120 * sim.Day})
	nw.Sharing.ReportInterval, nw.Sharing.Latency = c, latency
	outageAt(nw, 2, uniformDays(10, 100), 5*sim.Day)
	finish(t, nw)
	run := models.NewRun(nw, sim.NewQueue(), 3)
	const reps = 400
	var sum float64
	for rep := range reps {
		det, onset := plantDetection(t, run.Replicate(uint64(rep), models.Platform))
		want := (onset+c-1)/c*c + latency
		if det != want {
			t.Fatalf("replication %d: onset %v, detected %v, want %v (next report + latency)", rep, onset, det, want)
		}
		sum += float64(det - onset)
	}
	// The lag's sd is c/√12; 4 standard errors of the mean is 4 × 0.289 c / 20.
	mean, want := sum/reps, float64(c/2+latency)
	if math.Abs(mean-want) > 4*0.289*float64(c)/math.Sqrt(reps) {
		t.Errorf("mean lag %.1f min, want c/2 + ℓ = %.0f min", mean, want)
	}
}

// The platform hears what its participants know: tier 2 does not take part,
// so the platform cannot see its outage; tier 1 does, and publishes its own
// evidence (its stock falling) with its next report, from which the
// platform projects the plant's runway and alerts it. The plant learns no
// later than one report interval plus the latency after tier 1's own
// detection, and never before it; without the publication it would wait
// for tier 1's line to starve (silo waits for its own stock).
func TestDetection_PlatformHearsParticipants(t *testing.T) {
	const c, latency = sim.Day, 4 * sim.Hour
	nw := chain(chainSpec{depth: 3, demand: 100, transit: sim.Day, level: 1500, capacity: 300, cover: 10, horizon: 200 * sim.Day})
	nw.Sharing.ReportInterval, nw.Sharing.Latency, nw.Sharing.Evidence = c, latency, 0.5
	nw.Nodes[2].Participation = 0
	outageAt(nw, 2, uniformDays(40, 80), 60*sim.Day)
	finish(t, nw)
	run := models.NewRun(nw, sim.NewQueue(), 6)
	earlier := 0.0
	for rep := range uint64(30) {
		res := run.Replicate(rep, models.Platform)
		plant, _ := plantDetection(t, res)
		tier1 := sim.Time(-1)
		for _, d := range run.NodeDetections() {
			if d.Node == 1 {
				tier1 = d.At
			}
		}
		if tier1 < 0 {
			t.Fatalf("replication %d: tier 1 never detected the outage of tier 2", rep)
		}
		if plant < tier1 || plant > tier1+c+latency {
			t.Fatalf("replication %d: tier 1 knew at %v, the plant at %v; want within [%v, %v]", rep, tier1, plant, tier1, tier1+c+latency)
		}
		silo, _ := plantDetection(t, run.Replicate(rep, models.Silo))
		earlier += (silo - plant).Days()
	}
	if earlier <= 0 {
		t.Errorf("the platform detected %.1f days earlier than silo in total, want earlier", earlier)
	}
	t.Logf("the platform detects %.1f days before silo on average", earlier/30)
}

// Bilateral notices travel one hop per processing delay δ: a plant k hops
// below the site hit learns k δ after the onset.
func TestDetection_BilateralHops(t *testing.T) {
	const delta = 6 * sim.Hour
	for _, depth := range []int{1, 2, 3} {
		nw := chain(chainSpec{depth: depth, demand: 100, transit: sim.Day, level: 500, capacity: 300, cover: 10, horizon: 120 * sim.Day})
		nw.Sharing.HopDelay = delta
		outageAt(nw, depth, uniformDays(10, 100), 5*sim.Day)
		finish(t, nw)
		run := models.NewRun(nw, sim.NewQueue(), 4)
		for rep := range 20 {
			det, onset := plantDetection(t, run.Replicate(uint64(rep), models.Bilateral))
			if got, want := det-onset, sim.Time(depth)*delta; got != want {
				t.Fatalf("%d hops, replication %d: lag %v, want %v", depth, rep, got, want)
			}
		}
	}
}

// Catena-X bilateral: notices travel one hop per δ (CX-0146), and every
// week partners exchange demand and capacity (CX-0128). Tier 2 goes out at
// t0; it knows at once, and its customer tier 1 knows at the first
// exchange at or after t0 (tier 2's demand is then above its capacity of
// 0), e, which with δ = 10 days comes before tier 2's notice. Tier 1 is no
// bottleneck (its own capacity is intact), so the plant learns from tier
// 1's notice: at e + δ, where notices alone would take t0 + 2δ.
func TestDetection_BilateralExchange(t *testing.T) {
	const delta, week = 10 * sim.Day, 7 * sim.Day
	for _, exchange := range []sim.Time{week, 0} {
		nw := chain(chainSpec{depth: 2, demand: 100, transit: sim.Day, level: 5000, capacity: 300, cover: 30, horizon: 200 * sim.Day})
		nw.Sharing.HopDelay, nw.Sharing.Exchange = delta, exchange
		outageAt(nw, 2, uniformDays(40, 80), 60*sim.Day)
		finish(t, nw)
		run := models.NewRun(nw, sim.NewQueue(), 4)
		for rep := range uint64(40) {
			det, onset := plantDetection(t, run.Replicate(rep, models.Bilateral))
			want := onset + 2*delta
			if exchange > 0 {
				want = (onset+week-1)/week*week + delta
			}
			if det != want {
				t.Fatalf("exchange every %v, replication %d: onset %v, plant detected %v, want %v", exchange, rep, onset, det, want)
			}
		}
	}
}

// backupNet is a plant fed by tier 1 (fed by tier 2) and by a backup
// supplier qualified in 3 days; tier 2 goes out for 60 days at a uniform
// onset. Only the platform sees tier 2 at once; silo waits for the plant's
// stock to fall below 2 days of usage.
func backupNet(m models.Mitigation) *models.Network {
	nw := chain(chainSpec{depth: 2, demand: 100, transit: sim.Day, level: 900, capacity: 300, cover: 10, horizon: 200 * sim.Day})
	nw.Warmup = 20 * sim.Day
	// The plant's normal low point is 900 − 100 = 800; a quarter of it is 2 days of usage.
	nw.Sharing.ReportInterval, nw.Sharing.Latency, nw.Sharing.Evidence = sim.Day, 4*sim.Hour, 0.25
	nw.Sharing.HopDelay = sim.Day
	nw.Mitigation = m
	nw.Parts = append(nw.Parts, models.Part{ID: "part-b", Value: 100})
	nw.Nodes = append(nw.Nodes, models.Node{ID: "backup", Region: "EU", Part: 1, CapacityPerDay: 300,
		InitialFG: math.NaN(), Participation: math.NaN()})
	nw.Lanes = append(nw.Lanes, models.Lane{ID: "backup→plant", From: 3, To: 0, Part: 1,
		Transit: models.Dist{Kind: models.Constant, A: float64(sim.Day)}, Share: 1, Backup: true, Qualification: 3 * sim.Day})
	nw.Nodes[0].Inputs[0].Lanes = append(nw.Nodes[0].Inputs[0].Lanes, 2)
	outageAt(nw, 2, uniformDays(40, 80), 60*sim.Day)
	return nw
}

// Without mitigation, detection changes nothing physical: every regime
// (the platform without central planning) builds the same vehicles on the
// same days; only the detection times differ, platform and bilateral
// before silo.
func TestRegimes_DetectionAloneChangesNothing(t *testing.T) {
	nw := finish(t, backupNet(models.Mitigation{}))
	run := models.NewRun(nw, sim.NewQueue(), 5)
	for rep := range uint64(10) {
		silo := run.Replicate(rep, models.Silo)
		siloOut, siloLost := append([]float64(nil), silo.Plants[0].Output...), silo.LostOutput
		siloDet, _ := plantDetection(t, silo)
		if siloLost <= 0 {
			t.Fatalf("replication %d: the outage cost nothing; the test needs a shortage", rep)
		}
		for _, g := range []models.Regime{models.Bilateral, models.Platform} {
			res := run.Replicate(rep, g)
			for d, x := range res.Plants[0].Output {
				if x != siloOut[d] {
					t.Fatalf("replication %d, %v: output on day %d is %v, silo %v; want identical without mitigation", rep, g, d, x, siloOut[d])
				}
			}
			if det, _ := plantDetection(t, res); det == models.Never || det >= siloDet {
				t.Errorf("replication %d, %v: plant detected at %v, silo at %v; want earlier", rep, g, det, siloDet)
			}
		}
	}
}

// With backup lanes and re-sourcing on detection, earlier detection saves
// output. Silo detects with 2 days of cover left; the backup needs 3 days
// to qualify and 1 to ship, so the line stands for 3 + 1 − 2 = 2 days:
// 200 vehicles. The platform and bilateral notices detect within about a
// day of the onset, while tier 1 still has 10 days of cover: nothing lost.
func TestRegimes_MitigationSavesOutput(t *testing.T) {
	nw := finish(t, backupNet(models.Mitigation{Backup: true, Resource: true, Hold: 7 * sim.Day}))
	run := models.NewRun(nw, sim.NewQueue(), 6)
	for rep := range uint64(10) {
		if got := run.Replicate(rep, models.Silo).LostOutput; math.Abs(got-200) > 1e-6 {
			t.Errorf("replication %d: silo lost %.6g vehicles, want 200 (2 days without the backup)", rep, got)
		}
		for _, g := range []models.Regime{models.Bilateral, models.Platform} {
			if got := run.Replicate(rep, g).LostOutput; math.Abs(got) > 1e-6 {
				t.Errorf("replication %d: %v lost %.6g vehicles, want 0", rep, g, got)
			}
		}
	}
}

// While the platform's cloud is out, the platform regime is silo: same
// detection, and the uptime records the outage.
func TestRegimes_PlatformDownIsSilo(t *testing.T) {
	nw := backupNet(models.Mitigation{Backup: true, Resource: true})
	nw.Sharing.Cloud = "hyperscaler"
	nw.Sharing.CentralPlanning = true
	nw.Shocks = append(nw.Shocks, models.Shock{ID: "cut", Kind: models.CloudOutage, Probability: 1, Provider: "hyperscaler",
		Start: models.Dist{Kind: models.Constant, A: float64(20 * sim.Day)}, Duration: models.Dist{Kind: models.Constant, A: float64(180 * sim.Day)}})
	finish(t, nw)
	run := models.NewRun(nw, sim.NewQueue(), 7)
	for rep := range uint64(5) {
		silo := run.Replicate(rep, models.Silo)
		siloLost, siloDet := silo.LostOutput, silo.Detections[0].Detected
		res := run.Replicate(rep, models.Platform)
		if res.LostOutput != siloLost || res.Detections[0].Detected != siloDet {
			t.Errorf("replication %d: platform down lost %v detected %v; silo %v, %v", rep, res.LostOutput, res.Detections[0].Detected, siloLost, siloDet)
		}
		if res.PlatformUptime != 0 {
			t.Errorf("uptime %v with the cloud out over the whole measured window, want 0", res.PlatformUptime)
		}
	}
	nw.Shocks[1].Duration.A = float64(45 * sim.Day) // out days 20–65 of a 180-day window
	finish(t, nw)
	if got := models.NewRun(nw, sim.NewQueue(), 7).Replicate(0, models.Platform).PlatformUptime; math.Abs(got-0.75) > 1e-12 {
		t.Errorf("uptime %v with the cloud out 45 of 180 measured days, want 0.75", got)
	}
}

// tradeNet is an EU plant that buys chips half from China and half from
// Europe, and seats from China only. Lane 0 chip-cn→plant, 1 chip-eu→plant,
// 2 seat-cn→plant.
func tradeNet(war *models.Shock) *models.Network {
	day := models.Dist{Kind: models.Constant, A: float64(2 * sim.Day)}
	pol := models.Policy{ReviewDays: 1, Target: models.CoverTarget, CoverDays: 5, Periods: 7}
	raw := func(id, region string, part int) models.Node {
		return models.Node{ID: id, Region: region, Part: part, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(), Participation: math.NaN()}
	}
	nw := &models.Network{Name: "trade", Horizon: 300 * sim.Day, Warmup: 30 * sim.Day,
		Parts: []models.Part{{ID: "car", Value: 30000}, {ID: "chip", Value: 40, Category: "semiconductor"},
			{ID: "seat", Value: 300, Category: "interior"}},
		Nodes: []models.Node{
			{ID: "plant", Region: "DE", Role: models.Plant, Part: 0, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(), Participation: math.NaN(),
				Demand: &models.Demand{Daily: models.Dist{Kind: models.Poisson, A: 100}},
				Inputs: []models.Input{{Part: 1, PerUnit: 4, Policy: pol, Initial: math.NaN(), Lanes: []int{0, 1}},
					{Part: 2, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{2}}}},
			raw("chip-cn", "CN", 1), raw("chip-eu", "FR", 1), raw("seat-cn", "CN", 2)},
		Lanes: []models.Lane{{ID: "chip-cn→plant", From: 1, To: 0, Part: 1, Input: 0, Transit: day, Share: 0.5},
			{ID: "chip-eu→plant", From: 2, To: 0, Part: 1, Input: 0, Transit: day, Share: 0.5},
			{ID: "seat-cn→plant", From: 3, To: 0, Part: 2, Input: 1, Transit: day, Share: 1}},
	}
	if war != nil {
		nw.Shocks = []models.Shock{*war}
	}
	return nw
}

func war(tariff float64, ban bool, customs sim.Time) *models.Shock {
	sh := &models.Shock{ID: "war", Kind: models.TradeWar, Probability: 1, BlocA: []string{"CN"}, BlocB: []string{"DE", "FR"},
		Start: models.Dist{Kind: models.Constant}, Duration: models.Dist{Kind: models.Constant, A: float64(400 * sim.Day)},
		Tariff: tariff, CustomsDelay: models.Dist{Kind: models.Constant, A: float64(customs)}}
	if ban {
		sh.BanCategories, sh.BanFromA = []string{"semiconductor"}, true
	}
	return sh
}

// An export ban on semiconductors from China blocks exactly the Chinese
// chip lane: the European chip lane takes all chip orders, the Chinese
// seat lane carries on, and the plant loses nothing.
func TestTradeWar_BanBlocksExactlyTheBannedLanes(t *testing.T) {
	free := models.NewRun(finish(t, tradeNet(nil)), sim.NewQueue(), 8).Replicate(0, models.Silo)
	want := append([]models.LaneResult(nil), free.Lanes...)
	res := models.NewRun(finish(t, tradeNet(war(0, true, 0))), sim.NewQueue(), 8).Replicate(0, models.Silo)
	if got := res.Lanes[0].ShippedPerDay; got != 0 {
		t.Errorf("banned chip-cn lane shipped %v a day, want 0", got)
	}
	chips := want[0].ShippedPerDay + want[1].ShippedPerDay
	if got := res.Lanes[1].ShippedPerDay; math.Abs(got-chips) > 1e-3*chips {
		t.Errorf("chip-eu lane shipped %.3f a day, want all %.3f chips re-sourced", got, chips)
	}
	if got := res.Lanes[2].ShippedPerDay; got != want[2].ShippedPerDay {
		t.Errorf("seat-cn lane (not banned) shipped %v a day, want %v as without the ban", got, want[2].ShippedPerDay)
	}
	if res.LostOutput > 1e-6 || res.TariffCost != 0 {
		t.Errorf("lost output %v, tariffs %v; want 0 and 0", res.LostOutput, res.TariffCost)
	}
}

// Tariffs show up in cost and nowhere else: every flow is as without the
// trade war, and the tariff bill is rate × value × crossing units.
func TestTradeWar_TariffsOnlyCost(t *testing.T) {
	free := models.NewRun(finish(t, tradeNet(nil)), sim.NewQueue(), 9).Replicate(0, models.Silo)
	lanes, lost, holding := append([]models.LaneResult(nil), free.Lanes...), free.LostOutput, free.HoldingCost
	res := models.NewRun(finish(t, tradeNet(war(0.25, false, 0))), sim.NewQueue(), 9).Replicate(0, models.Silo)
	for l := range lanes {
		if res.Lanes[l] != lanes[l] {
			t.Errorf("lane %d: %+v with tariffs, %+v without", l, res.Lanes[l], lanes[l])
		}
	}
	if res.LostOutput != lost || res.HoldingCost != holding {
		t.Errorf("lost output %v, holding %v with tariffs; %v, %v without", res.LostOutput, res.HoldingCost, lost, holding)
	}
	days := float64(res.MeasuredDays)
	want := 0.25 * days * (40*lanes[0].ShippedPerDay + 300*lanes[2].ShippedPerDay)
	if math.Abs(res.TariffCost-want) > 1e-9*want {
		t.Errorf("tariffs %.2f EUR, want %.2f (25%% of the value crossing)", res.TariffCost, want)
	}
	if res.Cost != res.HoldingCost+res.TariffCost {
		t.Errorf("cost %v, want holding + tariffs %v", res.Cost, res.HoldingCost+res.TariffCost)
	}
}

// A customs delay lengthens every crossing shipment by its value: by
// Little's law the units in transit grow by the delay × throughput.
func TestTradeWar_CustomsDelay(t *testing.T) {
	res := models.NewRun(finish(t, tradeNet(war(0, false, 3*sim.Day))), sim.NewQueue(), 10).Replicate(0, models.Silo)
	for _, l := range []int{0, 2} {
		ln := res.Lanes[l]
		if got, want := ln.MeanInTransit, ln.ShippedPerDay*(2+3); math.Abs(got-want) > 0.01*want {
			t.Errorf("lane %d: %.2f in transit, want %.2f (throughput × (2 d transit + 3 d customs))", l, got, want)
		}
	}
	if got, want := res.Lanes[1].MeanInTransit, res.Lanes[1].ShippedPerDay*2; math.Abs(got-want) > 0.01*want {
		t.Errorf("chip-eu lane (not crossing): %.2f in transit, want %.2f", got, want)
	}
}

func constant(x sim.Time) models.Dist { return models.Dist{Kind: models.Constant, A: float64(x)} }

// A lockdown runs its regions at the capacity factor for its duration, and
// a later wave strikes its own regions after the delay. A plant with
// unlimited capacity locked down to half builds half its mean demand.
func TestLockdown_CapacityAndWaves(t *testing.T) {
	nw := chain(chainSpec{depth: 2, demand: 100, transit: sim.Day, level: 500, capacity: 300, cover: 10, horizon: 150 * sim.Day})
	nw.Nodes[0].Region, nw.Nodes[1].Region, nw.Nodes[2].Region = "DE", "CZ", "CN"
	nw.Shocks = []models.Shock{{ID: "covid", Kind: models.Lockdown, Probability: 1, Regions: []string{"DE"}, CapacityFactor: 0.5,
		Start: constant(50 * sim.Day), Duration: constant(30 * sim.Day),
		Waves: []models.Wave{{Regions: []string{"CN"}, Delay: constant(90 * sim.Day), CapacityFactor: 0}}}}
	res := models.NewRun(finish(t, nw), sim.NewQueue(), 1).Replicate(0, models.Silo)
	occ := res.Occurrences
	if len(occ) != 2 || occ[0].Target != "DE" || occ[1].Target != "CN" || occ[1].Onset != 140*sim.Day || occ[1].End != 170*sim.Day {
		t.Fatalf("occurrences %+v, want DE from day 50 and a CN wave from day 140", occ)
	}
	for d, x := range res.Plants[0].Output {
		want := 100.0
		if d >= 50 && d < 80 {
			want = 50
		}
		if math.Abs(x-want) > 1e-9 {
			t.Fatalf("day %d: plant built %v, want %v", d, x, want)
		}
	}
	if got := res.LostOutput; math.Abs(got-30*50) > 1e-6 {
		t.Errorf("lost output %v, want 1500 (30 days at half of 100)", got)
	}
}

// A demand shock multiplies demand by its factor, then by the rebound
// factor; the plan follows demand.
func TestDemandShock_CollapseThenRebound(t *testing.T) {
	nw := chain(chainSpec{depth: 1, demand: 100, transit: sim.Day, level: 500, capacity: 300, horizon: 100 * sim.Day})
	nw.Shocks = []models.Shock{{ID: "covid", Kind: models.DemandShock, Probability: 1, DemandFactor: 0.4, ReboundFactor: 1.3,
		Start: constant(20 * sim.Day), Duration: constant(10 * sim.Day), Rebound: constant(15 * sim.Day)}}
	res := models.NewRun(finish(t, nw), sim.NewQueue(), 1).Replicate(0, models.Silo)
	if oc := res.Occurrences[0]; oc.Onset != 20*sim.Day || oc.End != 45*sim.Day {
		t.Fatalf("occurrence %+v, want days 20 to 45 (collapse and rebound)", oc)
	}
	for d, plan := range res.Plants[0].Plan {
		want := 100.0
		switch {
		case d >= 20 && d < 30:
			want = 40
		case d >= 30 && d < 45:
			want = 130
		}
		if math.Abs(plan-want) > 1e-9 {
			t.Fatalf("day %d: plan %v, want %v", d, plan, want)
		}
	}
}

// A shock that does not occur draws the same numbers as one that does, so
// the other shocks of the replication keep their timing.
func TestShocks_ProbabilityDoesNotShiftOtherDraws(t *testing.T) {
	onsets := func(p float64) sim.Time {
		nw := chain(chainSpec{depth: 1, demand: 100, transit: sim.Day, level: 500, capacity: 300, horizon: 100 * sim.Day})
		outageAt(nw, 1, uniformDays(0, 50), sim.Day)
		outageAt(nw, 1, uniformDays(0, 50), sim.Day)
		nw.Shocks[0].Probability = p
		for _, oc := range models.NewRun(finish(t, nw), sim.NewQueue(), 12).Replicate(3, models.Silo).Occurrences {
			if oc.Shock == 1 {
				return oc.Onset
			}
		}
		panic("the second shock did not occur")
	}
	if a, b := onsets(1), onsets(0); a != b {
		t.Errorf("second shock starts at %v when the first occurs, %v when it does not", a, b)
	}
}
