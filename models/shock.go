package models

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// ShockKind names a kind of disruption.
type ShockKind uint8

// The kinds of shock (DESIGN §4).
const (
	Lockdown    ShockKind = iota + 1 // regions run at a capacity factor, optionally in waves
	TradeWar                         // tariffs, export bans and customs delays between two region blocs
	CloudOutage                      // a cloud provider is down
	NodeOutage                       // fire or strike at named sites
	DemandShock                      // plant demand collapses, then rebounds
)

var shockNames = [...]string{Lockdown: "lockdown", TradeWar: "trade_war", CloudOutage: "cloud_outage",
	NodeOutage: "node_outage", DemandShock: "demand_shock"}

// String returns the kind as written in a scenario, e.g. "trade_war".
func (k ShockKind) String() string {
	if int(k) < len(shockNames) && shockNames[k] != "" {
		return shockNames[k]
	}
	return fmt.Sprintf("ShockKind(%d)", k)
}

// Shock is a disruption that strikes a replication with Probability, at an
// onset drawn from Start and for a time drawn from Duration (both in
// minutes), from the replication's "shocks" stream. Which fields apply
// depends on Kind; the others are zero.
type Shock struct {
	ID          string
	Kind        ShockKind
	Probability float64 // in [0, 1]
	Start       Dist    // onset, minutes from time 0
	Duration    Dist    // minutes

	// Lockdown: the regions of the first wave; later waves follow after
	// their own delays, each for the same duration.
	Regions []string
	Waves   []Wave
	// Lockdown, NodeOutage: the capacity multiplier while active, in [0, 1).
	CapacityFactor float64
	// Lockdown: the multiplier (≥ 1) on the transit time of shipments
	// dispatched on lanes that start or end in a locked-down region.
	TransitFactor float64
	// NodeOutage: the sites hit, node indices.
	Nodes []int

	// TradeWar: lanes crossing between the blocs (regions) pay Tariff × part
	// value per unit and wait CustomsDelay (minutes) per shipment; lanes
	// carrying a part of a banned category out of a banning bloc are blocked.
	BlocA, BlocB       []string
	Tariff             float64
	CustomsDelay       Dist
	BanCategories      []string
	BanFromA, BanFromB bool
	// CutClouds are providers (headquartered in a bloc) cut off for the
	// duration: a cloud outage correlated with the trade war.
	CutClouds []string

	// CloudOutage: the provider that is down.
	Provider string

	// DemandShock: demand at Plants (node indices; all plants when empty) is
	// multiplied by DemandFactor for the duration, then by ReboundFactor for
	// a time drawn from Rebound (minutes).
	Plants        []int
	DemandFactor  float64
	ReboundFactor float64
	Rebound       Dist
}

// Wave is a later wave of a lockdown: further regions, after a delay
// (minutes) from the first onset.
type Wave struct {
	Regions        []string
	Delay          Dist
	CapacityFactor float64
}

// Never marks a time that did not happen (a shock never detected, a plant
// never starved).
const Never sim.Time = -1

// Occurrence is one shock as it struck a replication. A lockdown's waves and
// a trade war's cloud cut-off are occurrences of their own.
type Occurrence struct {
	Shock  int // index into Network.Shocks; −1 for an injected outage (stress test)
	Kind   ShockKind
	Wave   int    // lockdown: 0 for the first regions, w for Waves[w−1]
	Target string // what it hits: regions, sites, blocs or a provider
	Onset  sim.Time
	End    sim.Time // when its effects stop, a demand shock's rebound included
	split  sim.Time // demand shock: end of the collapse, start of the rebound
	node   int      // injected outage: the node
}

// Outage returns an injected occurrence that takes node n out (capacity 0)
// from onset for dur, as the stress test does.
func Outage(nw *Network, n int, onset, dur sim.Time) Occurrence {
	return Occurrence{Shock: -1, Kind: NodeOutage, Target: nw.Nodes[n].ID, Onset: onset, End: onset + dur, node: n}
}

// shockFx is what a shock touches, resolved once by Network.Finish.
type shockFx struct {
	waveNodes  [][]int    // lockdown: nodes per wave
	waveLanes  [][]int    // lockdown: lanes touching each wave's regions
	waveReach  [][]uint64 // per wave (or [0] for other kinds): nodes a shortage can reach
	crossing   []int      // trade war: lanes between the blocs
	banned     []int      // trade war: crossing lanes that are blocked
	clouds     []int      // cloud outage, trade war: provider indices
	cloudReach [][]uint64 // trade war: per cut-off provider, the nodes it reaches
	plants     []int      // demand shock: indices into Network.Plants
	targets    []string   // per wave: what it hits, for the record
}

// resolveShocks fills nw.fx from the shocks' regions, categories and
// providers. O(shocks × (nodes + lanes) × words).
func (nw *Network) resolveShocks() error {
	nw.fx = make([]shockFx, len(nw.Shocks))
	for s := range nw.Shocks {
		sh, fx := &nw.Shocks[s], &nw.fx[s]
		if !(sh.Probability >= 0 && sh.Probability <= 1) {
			return fmt.Errorf("shock %q: probability %v outside [0, 1]", sh.ID, sh.Probability)
		}
		switch sh.Kind {
		case Lockdown:
			nw.resolveLockdown(sh, fx)
		case TradeWar:
			nw.resolveTradeWar(sh, fx)
		case CloudOutage:
			fx.clouds = []int{nw.cloudIndex(sh.Provider)}
			fx.waveReach = [][]uint64{nw.reachOfNodes(nw.onCloud(fx.clouds[0]))}
		case NodeOutage:
			fx.waveReach = [][]uint64{nw.reachOfNodes(sh.Nodes)}
		case DemandShock:
			nw.resolveDemandShock(sh, fx)
		default:
			return fmt.Errorf("shock %q: unknown kind %v", sh.ID, sh.Kind)
		}
		for w := 0; w <= len(sh.Waves); w++ {
			fx.targets = append(fx.targets, nw.target(sh, w))
		}
	}
	return nil
}

func (nw *Network) resolveLockdown(sh *Shock, fx *shockFx) {
	waves := [][]string{sh.Regions}
	for _, w := range sh.Waves {
		waves = append(waves, w.Regions)
	}
	for _, regions := range waves {
		var nodes, lanes []int
		for n := range nw.Nodes {
			if slices.Contains(regions, nw.Nodes[n].Region) {
				nodes = append(nodes, n)
			}
		}
		for l, ln := range nw.Lanes {
			if slices.Contains(regions, nw.Nodes[ln.From].Region) || slices.Contains(regions, nw.Nodes[ln.To].Region) {
				lanes = append(lanes, l)
			}
		}
		reach := nw.reachOfNodes(nodes)
		if sh.TransitFactor > 1 {
			for _, l := range lanes {
				orInto(reach, nw.down[nw.Lanes[l].To])
			}
		}
		fx.waveNodes = append(fx.waveNodes, nodes)
		fx.waveLanes = append(fx.waveLanes, lanes)
		fx.waveReach = append(fx.waveReach, reach)
	}
}

func (nw *Network) resolveTradeWar(sh *Shock, fx *shockFx) {
	reach := make([]uint64, nw.words())
	for l, ln := range nw.Lanes {
		from, to := nw.Nodes[ln.From].Region, nw.Nodes[ln.To].Region
		aToB := slices.Contains(sh.BlocA, from) && slices.Contains(sh.BlocB, to)
		bToA := slices.Contains(sh.BlocB, from) && slices.Contains(sh.BlocA, to)
		if !aToB && !bToA {
			continue
		}
		fx.crossing = append(fx.crossing, l)
		if slices.Contains(sh.BanCategories, nw.Parts[ln.Part].Category) && (aToB && sh.BanFromA || bToA && sh.BanFromB) {
			fx.banned = append(fx.banned, l)
		}
		if sh.CustomsDelay.Mean() > 0 || slices.Contains(fx.banned, l) {
			orInto(reach, nw.down[ln.To])
		}
	}
	for _, c := range sh.CutClouds {
		fx.clouds = append(fx.clouds, nw.cloudIndex(c))
		fx.cloudReach = append(fx.cloudReach, nw.reachOfNodes(nw.onCloud(nw.cloudIndex(c))))
	}
	fx.waveReach = [][]uint64{reach}
}

// resolveDemandShock: a demand surge can starve anything that supplies the
// plants, so the reach is the plants and everything upstream of them.
func (nw *Network) resolveDemandShock(sh *Shock, fx *shockFx) {
	reach := make([]uint64, nw.words())
	for k, p := range nw.plants {
		if len(sh.Plants) == 0 || slices.Contains(sh.Plants, p) {
			fx.plants = append(fx.plants, k)
			orInto(reach, nw.up[p])
		}
	}
	fx.waveReach = [][]uint64{reach}
}

// draw appends the occurrences of every shock for one replication, sorted
// by onset. Every shock consumes the same draws whether or not it occurs,
// so one shock's probability never shifts another's timing. O(shocks + waves).
func (r *Run) draw(out []Occurrence) []Occurrence {
	nw, rng := r.nw, r.shockR
	for s := range nw.Shocks {
		sh := &nw.Shocks[s]
		hit := rng.Float64() < sh.Probability
		onset := minutes(sh.Start.Sample(rng))
		dur := minutes(sh.Duration.Sample(rng))
		delays := r.scratch[:0]
		for _, w := range sh.Waves {
			delays = append(delays, float64(minutes(w.Delay.Sample(rng))))
		}
		var rebound sim.Time
		if sh.Kind == DemandShock {
			rebound = minutes(sh.Rebound.Sample(rng))
		}
		r.scratch = delays
		if !hit {
			continue
		}
		oc := Occurrence{Shock: s, Kind: sh.Kind, Target: nw.fx[s].targets[0], Onset: onset, End: onset + dur, split: onset + dur}
		if sh.Kind == DemandShock {
			oc.End += rebound
		}
		out = append(out, oc)
		for w, d := range delays {
			o := sim.Time(d)
			out = append(out, Occurrence{Shock: s, Kind: Lockdown, Wave: w + 1, Target: nw.fx[s].targets[w+1],
				Onset: onset + o, End: onset + o + dur})
		}
		for j, c := range sh.CutClouds { // Wave −(j+1) marks the j-th cut-off provider
			out = append(out, Occurrence{Shock: s, Kind: CloudOutage, Wave: -(j + 1), Target: c, Onset: onset, End: onset + dur})
		}
	}
	slices.SortStableFunc(out, func(a, b Occurrence) int { return int(a.Onset - b.Onset) })
	return out
}

// minutes rounds a sampled duration to whole minutes, never below zero.
func minutes(x float64) sim.Time { return sim.Time(math.Round(max(0, x))) }

// target names what wave w of shock sh hits, for the shock record.
func (nw *Network) target(sh *Shock, w int) string {
	switch sh.Kind {
	case Lockdown:
		if w > 0 {
			return strings.Join(sh.Waves[w-1].Regions, "+")
		}
		return strings.Join(sh.Regions, "+")
	case TradeWar:
		return strings.Join(sh.BlocA, "+") + " vs " + strings.Join(sh.BlocB, "+")
	case CloudOutage:
		return sh.Provider
	case NodeOutage:
		ids := make([]string, len(sh.Nodes))
		for i, n := range sh.Nodes {
			ids[i] = nw.Nodes[n].ID
		}
		return strings.Join(ids, "+")
	default:
		return "plants"
	}
}
