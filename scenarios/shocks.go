package scenarios

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

var shockKinds = map[string]models.ShockKind{"lockdown": models.Lockdown, "trade_war": models.TradeWar,
	"cloud_outage": models.CloudOutage, "node_outage": models.NodeOutage, "demand_shock": models.DemandShock}

// shocksIn converts the [[shocks]] entries. It runs after the nodes are
// known, so regions, sites, categories and providers can be checked.
func (b *builder) shocksIn() {
	ids := map[string]int{}
	for i := range b.f.Shocks {
		path, in := fmt.Sprintf("shocks[%d]", i), &b.f.Shocks[i]
		b.id(path, in.ID, ids, i, "shock")
		sh := models.Shock{ID: in.ID, Probability: 1}
		kind, ok := shockKinds[in.Type]
		if !ok {
			b.at(path+".type", "want lockdown, trade_war, cloud_outage, node_outage or demand_shock, got %q%s", in.Type, didYouMean(in.Type, slices.Sorted(maps.Keys(shockKinds))))
			continue
		}
		sh.Kind = kind
		if in.Probability != nil {
			if sh.Probability = *in.Probability; !(sh.Probability >= 0 && sh.Probability <= 1) {
				b.at(path+".probability", "want a probability in [0, 1], got %v", sh.Probability)
			}
		}
		sh.Start, _ = b.dist(path+".start", in.Start, true)
		sh.Duration, _ = b.dist(path+".duration", in.Duration, true)
		b.unused(path, in, kind)
		switch kind {
		case models.Lockdown:
			b.lockdown(path, in, &sh)
		case models.NodeOutage:
			b.nodeOutage(path, in, &sh)
		case models.TradeWar:
			b.tradeWar(path, in, &sh)
		case models.CloudOutage:
			sh.Provider = b.provider(path+".provider", in.Provider)
		case models.DemandShock:
			b.demandShock(path, in, &sh)
		}
		b.nw.Shocks = append(b.nw.Shocks, sh)
	}
}

// unused reports keys given for another type of shock.
func (b *builder) unused(path string, in *ShockIn, kind models.ShockKind) {
	keys := []struct {
		key   string
		set   bool
		kinds []models.ShockKind
	}{
		{"regions", in.Regions != nil, []models.ShockKind{models.Lockdown}},
		{"waves", in.Waves != nil, []models.ShockKind{models.Lockdown}},
		{"transit_factor", in.TransitFactor != nil, []models.ShockKind{models.Lockdown}},
		{"capacity_factor", in.CapacityFactor != nil, []models.ShockKind{models.Lockdown, models.NodeOutage}},
		{"nodes", in.Nodes != nil, []models.ShockKind{models.NodeOutage}},
		{"bloc_a", in.BlocA != nil, []models.ShockKind{models.TradeWar}},
		{"bloc_b", in.BlocB != nil, []models.ShockKind{models.TradeWar}},
		{"tariff", in.Tariff != 0, []models.ShockKind{models.TradeWar}},
		{"customs_delay", in.CustomsDelay != nil, []models.ShockKind{models.TradeWar}},
		{"ban", in.Ban != nil, []models.ShockKind{models.TradeWar}},
		{"ban_from", in.BanFrom != "", []models.ShockKind{models.TradeWar}},
		{"cut_clouds", in.CutClouds != nil, []models.ShockKind{models.TradeWar}},
		{"provider", in.Provider != "", []models.ShockKind{models.CloudOutage}},
		{"plants", in.Plants != nil, []models.ShockKind{models.DemandShock}},
		{"factor", in.Factor != nil, []models.ShockKind{models.DemandShock}},
		{"rebound_factor", in.ReboundFactor != nil, []models.ShockKind{models.DemandShock}},
		{"rebound", in.Rebound != nil, []models.ShockKind{models.DemandShock}},
	}
	for _, k := range keys {
		if k.set && !slices.Contains(k.kinds, kind) {
			b.at(path+"."+k.key, "does not apply to a %s shock", kind)
		}
	}
}

func (b *builder) lockdown(path string, in *ShockIn, sh *models.Shock) {
	sh.Regions = b.regions(path+".regions", in.Regions)
	sh.CapacityFactor = b.factor(path+".capacity_factor", in.CapacityFactor, 0.5)
	sh.TransitFactor = 1
	if in.TransitFactor != nil {
		if sh.TransitFactor = *in.TransitFactor; !(sh.TransitFactor >= 1 && sh.TransitFactor <= maxFactor) {
			b.at(path+".transit_factor", "want a multiplier from 1 to %g on transit times, got %v", maxFactor, sh.TransitFactor)
		}
	}
	for w := range in.Waves {
		wp, wi := fmt.Sprintf("%s.waves[%d]", path, w), &in.Waves[w]
		wave := models.Wave{Regions: b.regions(wp+".regions", wi.Regions)}
		wave.Delay, _ = b.dist(wp+".delay", wi.Delay, true)
		wave.CapacityFactor = b.factor(wp+".capacity_factor", wi.CapacityFactor, sh.CapacityFactor)
		sh.Waves = append(sh.Waves, wave)
	}
}

func (b *builder) nodeOutage(path string, in *ShockIn, sh *models.Shock) {
	if len(in.Nodes) == 0 {
		b.at(path+".nodes", "missing; want the ids of the sites hit")
	}
	for _, id := range in.Nodes {
		if n, ok := b.nodes[id]; ok {
			sh.Nodes = append(sh.Nodes, n)
		} else {
			b.at(path+".nodes", "unknown node %q%s", id, b.nearNode(id))
		}
	}
	sh.CapacityFactor = b.factor(path+".capacity_factor", in.CapacityFactor, 0)
}

func (b *builder) tradeWar(path string, in *ShockIn, sh *models.Shock) {
	sh.BlocA, sh.BlocB = in.BlocA, in.BlocB
	if len(in.BlocA) == 0 {
		b.at(path+".bloc_a", `missing; want region codes like ["CN"]`)
	}
	if len(in.BlocB) == 0 {
		b.at(path+".bloc_b", `missing; want region codes like ["DE", "FR"]`)
	}
	for _, r := range sh.BlocA {
		if slices.Contains(sh.BlocB, r) {
			b.at(path+".bloc_b", "region %q is in both blocs", r)
		}
	}
	if sh.Tariff = in.Tariff; !(sh.Tariff >= 0 && sh.Tariff <= maxFactor) {
		b.at(path+".tariff", "want a fraction of part value from 0 to %g, got %v", maxFactor, sh.Tariff)
	}
	sh.CustomsDelay = models.Dist{Kind: models.Constant}
	if in.CustomsDelay != nil {
		sh.CustomsDelay, _ = b.dist(path+".customs_delay", in.CustomsDelay, true)
	}
	for _, c := range in.Ban {
		if !slices.ContainsFunc(b.nw.Parts, func(p models.Part) bool { return p.Category == c }) {
			b.at(path+".ban", "no part has category %q", c)
		}
	}
	sh.BanCategories = in.Ban
	switch in.BanFrom {
	case "", "a":
		sh.BanFromA = true
	case "b":
		sh.BanFromB = true
	case "both":
		sh.BanFromA, sh.BanFromB = true, true
	default:
		b.at(path+".ban_from", `want "a", "b" or "both", got %q`, in.BanFrom)
	}
	for _, c := range in.CutClouds {
		sh.CutClouds = append(sh.CutClouds, b.provider(path+".cut_clouds", c))
	}
	if sh.Tariff == 0 && len(sh.BanCategories) == 0 && in.CustomsDelay == nil && len(sh.CutClouds) == 0 {
		b.at(path, "a trade war needs at least one of tariff, ban, customs_delay and cut_clouds")
	}
	if len(sh.CutClouds) == 0 && !b.crosses(sh) {
		b.at(path, "no lane runs between bloc_a %s and bloc_b %s, and no cloud is cut: the trade war touches nothing",
			quoteList(sh.BlocA), quoteList(sh.BlocB))
	}
}

// crosses reports whether some lane runs between the trade war's blocs. A
// bloc may name regions without nodes (the home of a cloud provider), so
// this is what catches a misspelt region.
func (b *builder) crosses(sh *models.Shock) bool {
	for _, ln := range b.nw.Lanes {
		from, to := b.nw.Nodes[ln.From].Region, b.nw.Nodes[ln.To].Region
		if slices.Contains(sh.BlocA, from) && slices.Contains(sh.BlocB, to) || slices.Contains(sh.BlocB, from) && slices.Contains(sh.BlocA, to) {
			return true
		}
	}
	return false
}

func (b *builder) demandShock(path string, in *ShockIn, sh *models.Shock) {
	for _, id := range in.Plants {
		n, ok := b.nodes[id]
		switch {
		case !ok:
			b.at(path+".plants", "unknown node %q%s", id, b.nearNode(id))
		case b.nw.Nodes[n].Role != models.Plant:
			b.at(path+".plants", "node %q is not a plant", id)
		default:
			sh.Plants = append(sh.Plants, n)
		}
	}
	if in.Factor == nil {
		b.at(path+".factor", "missing; want the demand multiplier during the shock, e.g. 0.6")
	}
	sh.DemandFactor, sh.ReboundFactor = b.multiplier(path+".factor", in.Factor), 1
	if in.ReboundFactor != nil {
		sh.ReboundFactor = b.multiplier(path+".rebound_factor", in.ReboundFactor)
	}
	sh.Rebound = models.Dist{Kind: models.Constant}
	if in.Rebound != nil {
		sh.Rebound, _ = b.dist(path+".rebound", in.Rebound, true)
	}
}

// regions checks that a region list is given and that some node is in each.
func (b *builder) regions(path string, regions []string) []string {
	if len(regions) == 0 {
		b.at(path, `missing; want region codes like ["CN", "TW"]`)
	}
	for _, r := range regions {
		if !slices.ContainsFunc(b.nw.Nodes, func(n models.Node) bool { return n.Region == r }) {
			b.at(path, "no node is in region %q", r)
		}
	}
	return regions
}

// provider checks that some node's ERP or the platform runs on a cloud.
func (b *builder) provider(path, name string) string {
	used := name == b.platformCloud() || slices.ContainsFunc(b.nw.Nodes, func(n models.Node) bool { return n.Cloud == name })
	switch {
	case name == "":
		b.at(path, `missing; want a cloud provider like "hyperscaler-us"`)
	case !used:
		b.at(path, "no node runs on %q and the platform is not hosted there", name)
	}
	return name
}

func (b *builder) platformCloud() string {
	if p := b.f.Regimes.Platform; p != nil {
		return p.Cloud
	}
	return ""
}

// factor reads an optional capacity factor in [0, 1).
func (b *builder) factor(path string, v *float64, dflt float64) float64 {
	if v == nil {
		return dflt
	}
	if !(*v >= 0 && *v < 1) {
		b.at(path, "want a capacity factor in [0, 1), got %v", *v)
	}
	return *v
}

// multiplier reads a demand multiplier ≥ 0.
func (b *builder) multiplier(path string, v *float64) float64 {
	if v == nil {
		return 1
	}
	if !(*v >= 0 && *v <= maxFactor) {
		b.at(path, "want a demand multiplier from 0 to %g, got %v", maxFactor, *v)
	}
	return *v
}

// regimesIn converts [regimes] and [mitigation] into the network's Sharing
// and Mitigation.
func (b *builder) regimesIn() {
	in := &b.f.Regimes
	variants := map[string]bool{}
	for _, v := range in.Variants {
		variants[v.Name] = true
	}
	if in.Run != nil && len(in.Run) == 0 {
		b.at("regimes.run", "no regimes to run; leave run out for silo and platform")
	}
	for i, name := range in.Run {
		if _, err := models.ParseRegime(name); err != nil && !variants[name] {
			b.at(fmt.Sprintf("regimes.run[%d]", i), "unknown regime %q; want silo, bilateral, platform or a variant's name%s", name, didYouMean(name, append([]string{"silo", "bilateral", "platform"}, slices.Sorted(maps.Keys(variants))...)))
		} else if slices.Contains(in.Run[:i], name) {
			b.at(fmt.Sprintf("regimes.run[%d]", i), "regime %q is listed twice", name)
		}
	}
	sh := models.Sharing{Participation: 1, CentralPlanning: true, HopDelay: sim.Day, Exchange: 7 * sim.Day,
		ReportInterval: sim.Day, AlertDays: 14}
	sh.Evidence = 0.5
	if in.Evidence != nil {
		if sh.Evidence = *in.Evidence; !(sh.Evidence >= 0 && sh.Evidence <= 1) {
			b.at("regimes.evidence", "want a fraction in [0, 1], got %v", sh.Evidence)
		}
	}
	sh.Attribution = b.duration("regimes.attribution", in.Attribution, 90*sim.Day)
	if in.Equalize != "" {
		if _, err := models.ParseFooting(in.Equalize); err != nil {
			b.at("regimes.equalize", "%v", err)
		}
	}
	if n := in.CalibrationRuns; n != nil && (*n < 2 || *n > 10000) {
		b.at("regimes.calibration_runs", "want 2 to 10000 replications, got %d", *n)
	}
	if bi := in.Bilateral; bi != nil {
		sh.HopDelay = b.duration("regimes.bilateral.hop_delay", bi.HopDelay, sim.Day)
		sh.Exchange = b.duration("regimes.bilateral.exchange", bi.Exchange, 7*sim.Day)
	}
	if p := in.Platform; p != nil {
		sh.ReportInterval = b.duration("regimes.platform.report_interval", p.ReportInterval, sim.Day)
		if sh.ReportInterval <= 0 {
			b.at("regimes.platform.report_interval", "must be longer than 0m")
		}
		sh.Latency = b.duration("regimes.platform.latency", p.Latency, 0)
		sh.AlertDays = b.duration("regimes.platform.alert_cover", p.AlertCover, 14*sim.Day).Days()
		sh.Cloud = p.Cloud
		if p.Participation != nil {
			if sh.Participation = *p.Participation; !(sh.Participation >= 0 && sh.Participation <= 1) {
				b.at("regimes.platform.participation", "want a probability in [0, 1], got %v", sh.Participation)
			}
		}
		if p.CentralPlanning != nil {
			sh.CentralPlanning = *p.CentralPlanning
		}
	}
	b.nw.Sharing = sh
	b.variantsIn()
	if m := b.f.Mitigation; m != nil {
		b.nw.Mitigation = models.Mitigation{Expedite: m.Expedite, Backup: m.Backup, Resource: m.Resource, Flex: m.Flex,
			ExtraCoverDays: b.duration("mitigation.extra_cover", m.ExtraCover, 0).Days(),
			Hold:           b.duration("mitigation.hold", m.Hold, 14*sim.Day)}
	}
}

// Regimes returns the regimes the scenario asks a batch to compare (its
// [regimes] run list, default silo and platform), skipping unknown names,
// which Validate reports.
func (sc *Scenario) Regimes() []models.Regime {
	names := sc.File.Regimes.Run
	if len(names) == 0 {
		names = []string{"silo", "platform"}
	}
	var out []models.Regime
	for _, name := range names {
		_, kind := models.ParseRegime(name)
		variant := slices.ContainsFunc(sc.File.Regimes.Variants, func(v VariantIn) bool { return v.Name == name })
		if g := models.Regime(name); (kind == nil || variant) && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// variantsIn converts [[regimes.variants]] into the network's Variants,
// each starting from the scenario's sharing settings.
func (b *builder) variantsIn() {
	for i := range b.f.Regimes.Variants {
		path, in := fmt.Sprintf("regimes.variants[%d]", i), &b.f.Regimes.Variants[i]
		name, err := models.RegimeName(in.Name)
		switch _, kind := models.ParseRegime(in.Name); {
		case err != nil:
			b.at(path+".name", "%v", err)
		case kind == nil:
			b.at(path+".name", "%q is a regime already; give the variant a name of its own", in.Name)
		case slices.ContainsFunc(b.nw.Variants, func(v models.Variant) bool { return v.Name == name }):
			b.at(path+".name", "variant %q is defined twice", in.Name)
		}
		kind, err := models.ParseRegime(in.Of)
		if err != nil {
			b.at(path+".of", "%v", err)
		}
		v := models.Variant{Name: name, Kind: kind, Sharing: b.nw.Sharing, NoAlerts: in.Alerts != nil && !*in.Alerts}
		b.variantSharing(path, in, &v.Sharing)
		if in.Alerts != nil && kind != models.Platform {
			b.at(path+".alerts", "only a platform variant has alerts")
		}
		b.nw.Variants = append(b.nw.Variants, v)
	}
}

// variantSharing applies a variant's changes to its sharing settings.
func (b *builder) variantSharing(path string, in *VariantIn, sh *models.Sharing) {
	if in.Evidence != nil {
		if sh.Evidence = *in.Evidence; !(sh.Evidence >= 0 && sh.Evidence <= 1) {
			b.at(path+".evidence", "want a fraction in [0, 1], got %v", sh.Evidence)
		}
	}
	sh.HopDelay = b.duration(path+".hop_delay", in.HopDelay, sh.HopDelay)
	sh.Exchange = b.duration(path+".exchange", in.Exchange, sh.Exchange)
	if sh.ReportInterval = b.duration(path+".report_interval", in.ReportInterval, sh.ReportInterval); sh.ReportInterval <= 0 {
		b.at(path+".report_interval", "must be longer than 0m")
	}
	sh.Latency = b.duration(path+".latency", in.Latency, sh.Latency)
	sh.AlertDays = b.duration(path+".alert_cover", in.AlertCover, sim.Time(float64(sh.AlertDays*float64(sim.Day)))).Days()
	if in.Participation != nil {
		if sh.Participation = *in.Participation; !(sh.Participation >= 0 && sh.Participation <= 1) {
			b.at(path+".participation", "want a probability in [0, 1], got %v", sh.Participation)
		}
	}
	if in.CentralPlanning != nil {
		sh.CentralPlanning = *in.CentralPlanning
	}
}

// DefaultFooting is what regimes are held equal on when a scenario does
// not say: their shock-free inventory value.
const DefaultFooting = models.EqualInventory

// DefaultCalibrationRuns is the shock-free replications per calibration
// step when a scenario does not say.
const DefaultCalibrationRuns = 32

// Footing returns what the scenario's regimes are held equal on and the
// replications per calibration step ([regimes] equalize and
// calibration_runs, or the defaults); Validate reports bad values.
func (sc *Scenario) Footing() (models.Footing, int) {
	in := &sc.File.Regimes
	f, err := models.ParseFooting(in.Equalize)
	if in.Equalize == "" || err != nil {
		f = DefaultFooting
	}
	runs := DefaultCalibrationRuns
	if in.CalibrationRuns != nil {
		runs = *in.CalibrationRuns
	}
	return f, runs
}

// quoteList writes a list as in TOML: ["DE", "CZ"].
func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
