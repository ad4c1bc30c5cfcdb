package scenarios

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Synthetic describes a generated layered supply network: Nodes nodes in
// Tiers levels, plants at tier 0, raw materials at tier Tiers−1 and
// component makers between, drawn from Seed.
type Synthetic struct {
	Nodes int
	Tiers int
	Seed  uint64
	Days  int // horizon; 0 for 365
}

// The limits of a generated network.
const (
	MinSyntheticTiers = 2
	MaxSyntheticTiers = 12
	MaxSyntheticNodes = 20_000 // a scenario's limit
)

// Generation's fixed shape, in the words of the comment Generate writes.
const (
	plantShare    = 0.04 // of the nodes, at least one
	rawWeight     = 0.6  // the raw-material tier's weight against a component tier's 1 + 0.25 per tier deeper
	minHeadroom   = 1.25 // capacity over mean demand, drawn between these
	maxHeadroom   = 1.6
	minVehicles   = 300 // mean vehicles per day and plant, drawn between these
	maxVehicles   = 1200
	reviewDays    = 7
	bufferDays    = 7 // cover beyond review and the longest inbound median transit
	syntheticWarm = 56
)

// syntheticNode is one node as it is being drawn.
type syntheticNode struct {
	id, region string
	tier       int
	part       int     // the family it makes
	inputs     []input // what it assembles, one per family of the tier below
	demand     float64 // mean units per day its customers take
	leadDays   int
	maxTransit float64 // longest median inbound transit, days
}

type input struct {
	family int
	qty    int
}

// family is the part a group of one to three nodes of a tier make.
type family struct {
	id     string
	tier   int
	makers []int
	demand float64 // mean units per day, all customers
}

var (
	europe  = []string{"DE", "CZ", "PL", "ES", "FR", "IT", "RO", "HU", "SK"}
	asia    = []string{"CN", "TW", "KR", "JP", "MY"}
	america = []string{"US", "MX"}
)

// Generate writes a valid, commented scenario of a layered network: each
// component or raw material made by one to three nodes of its tier, each
// node assembling one to three parts of the tier below (more where that
// tier has more parts than this one has nodes: every part is used), plants in Europe and suppliers the further from Europe the
// deeper their tier, road or rail in a continent and sea (with air
// expedite) between them, capacities 25–60% above mean demand, a Chinese
// lockdown and a supplier outage. The same Synthetic gives the same text.
func Generate(s Synthetic) ([]byte, error) {
	switch {
	case s.Tiers < MinSyntheticTiers || s.Tiers > MaxSyntheticTiers:
		return nil, fmt.Errorf("tiers: want %d to %d, got %d", MinSyntheticTiers, MaxSyntheticTiers, s.Tiers)
	case s.Nodes < s.Tiers || s.Nodes > MaxSyntheticNodes:
		return nil, fmt.Errorf("nodes: want %d (one per tier) to %d, got %d", s.Tiers, MaxSyntheticNodes, s.Nodes)
	case s.Seed == 0 || s.Seed > math.MaxInt64:
		return nil, fmt.Errorf("seed: want 1 to %d, got %d", int64(math.MaxInt64), s.Seed)
	case s.Days < 0 || s.Days > 100*365:
		return nil, fmt.Errorf("days: want 1 to %d, got %d", 100*365, s.Days)
	}
	if s.Days == 0 {
		s.Days = 365
	}
	g := &generator{s: s, rng: rand.New(rand.NewPCG(s.Seed, 0x5eed))}
	g.layout()
	g.link()
	g.size()
	return g.write(), nil
}

type generator struct {
	s        Synthetic
	rng      *rand.Rand
	nodes    []syntheticNode
	tiers    [][]int // node indices by tier
	families [][]family
	lanes    []syntheticLane
}

type syntheticLane struct {
	from, to int
	part     string
	share    float64
	mode     string
	transit  string
	median   float64 // days
	expedite string
}

// layout spreads the nodes over the tiers and groups each supplier tier
// into families.
func (g *generator) layout() {
	n, k := g.s.Nodes, g.s.Tiers
	counts := make([]int, k)
	counts[0] = max(1, int(math.Round(plantShare*float64(n))))
	weights, total := make([]float64, k), 0.0
	for t := 1; t < k; t++ {
		weights[t] = 1 + float64(0.25*float64(t-1))
		if t == k-1 && k > 2 {
			weights[t] = rawWeight
		}
		total += weights[t]
	}
	left := n - counts[0]
	if left < k-1 { // too few nodes for the plant share: one plant
		counts[0] = n - (k - 1)
		left = k - 1
	}
	placed := 0
	for t := 1; t < k; t++ {
		counts[t] = max(1, int(float64(left)*weights[t]/total))
		placed += counts[t]
	}
	for placed > left { // rounding up to one per tier overshot: take from the largest
		t := largest(counts[1:]) + 1
		counts[t]--
		placed--
	}
	counts[1+largest(counts[1:])] += left - placed
	g.tiers = make([][]int, k)
	g.families = make([][]family, k)
	for t := range k {
		for range counts[t] {
			i := len(g.nodes)
			nd := syntheticNode{tier: t, leadDays: 1 + g.rng.IntN(3), region: g.region(t)}
			if t == 0 {
				nd.id = fmt.Sprintf("plant-%d", len(g.tiers[0])+1)
			} else {
				nd.id = fmt.Sprintf("t%d-%d", t, len(g.tiers[t])+1)
			}
			g.nodes = append(g.nodes, nd)
			g.tiers[t] = append(g.tiers[t], i)
		}
		if t == 0 {
			continue
		}
		for j := 0; j < counts[t]; {
			size := min(1+g.rng.IntN(3), counts[t]-j)
			f := family{id: fmt.Sprintf("part-%d-%d", t, len(g.families[t])+1), tier: t}
			for _, i := range g.tiers[t][j : j+size] {
				g.nodes[i].part = len(g.families[t])
				f.makers = append(f.makers, i)
			}
			g.families[t] = append(g.families[t], f)
			j += size
		}
	}
}

func largest(xs []int) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}

// region draws a node's region: plants in Europe, suppliers in Asia with
// probability 0.15 per tier (up to 0.6) and in the Americas with 0.05.
func (g *generator) region(tier int) string {
	if tier == 0 {
		return europe[g.rng.IntN(len(europe))]
	}
	u := g.rng.Float64()
	switch asiaP := math.Min(0.6, 0.15*float64(tier)); {
	case u < asiaP:
		return asia[g.rng.IntN(len(asia))]
	case u < asiaP+0.05:
		return america[g.rng.IntN(len(america))]
	}
	return europe[g.rng.IntN(len(europe))]
}

// link gives every node of tiers 0 … K−2 its inputs: first every family of
// the tier below to one customer in turn, so that each is used, then more
// at random up to one to three each.
func (g *generator) link() {
	for t := 0; t+1 < g.s.Tiers; t++ {
		customers, fams := g.tiers[t], g.families[t+1]
		has := func(i, f int) bool {
			for _, in := range g.nodes[i].inputs {
				if in.family == f {
					return true
				}
			}
			return false
		}
		add := func(i, f int) {
			g.nodes[i].inputs = append(g.nodes[i].inputs, input{family: f, qty: 1 + g.rng.IntN(3)})
		}
		for f := range fams {
			add(customers[f%len(customers)], f)
		}
		for _, i := range customers {
			want := min(1+g.rng.IntN(3), len(fams))
			for tries := 0; len(g.nodes[i].inputs) < want && tries < 8*want; tries++ {
				if f := g.rng.IntN(len(fams)); !has(i, f) {
					add(i, f)
				}
			}
		}
	}
}

// size draws plant demand and explodes it down the tiers, tier by tier,
// into each family's and node's mean demand, with the lanes' shares; then
// capacities follow from demand.
func (g *generator) size() {
	for _, i := range g.tiers[0] {
		g.nodes[i].demand = float64(minVehicles + g.rng.IntN(maxVehicles-minVehicles+1))
	}
	for t := 0; t+1 < g.s.Tiers; t++ {
		for _, i := range g.tiers[t] {
			nd := &g.nodes[i]
			for _, in := range nd.inputs {
				f := &g.families[t+1][in.family]
				use := float64(nd.demand * float64(in.qty))
				f.demand += use
				shares := g.shares(len(f.makers))
				for m, maker := range f.makers {
					g.nodes[maker].demand += float64(use * shares[m])
					g.lanes = append(g.lanes, g.lane(maker, i, f.id, shares[m]))
					nd.maxTransit = math.Max(nd.maxTransit, g.lanes[len(g.lanes)-1].median)
				}
			}
		}
	}
}

// shares draws how a customer splits an input among n makers: two
// decimals, summing to 1, none below 0.1.
func (g *generator) shares(n int) []float64 {
	out := make([]float64, n)
	if n == 1 {
		out[0] = 1
		return out
	}
	left := 100
	for m := range n - 1 {
		most := left - 10*(n-1-m)
		out[m] = float64(10+g.rng.IntN(most-10+1)) / 100
		if m == 0 {
			out[m] = math.Max(out[m], float64(left/n)/100) // the first maker is the main one
		}
		left -= int(math.Round(100 * out[m]))
	}
	out[n-1] = float64(left) / 100
	return out
}

// lane draws the transit from maker to customer: road within Europe and
// within Asia, sea from the other continents (with air expedite), rail
// for a third of the long overland lanes.
func (g *generator) lane(from, to int, part string, share float64) syntheticLane {
	a, b := continent(g.nodes[from].region), continent(g.nodes[to].region)
	l := syntheticLane{from: from, to: to, part: part, share: share}
	switch {
	case a == b:
		lo := 1 + g.rng.IntN(3)
		l.mode, l.median = "road", float64(lo+1)
		if g.rng.IntN(3) == 0 && lo >= 2 {
			l.mode = "rail"
		}
		l.transit = fmt.Sprintf(`{ dist = "triangular", min = "%dd", mode = "%dd", max = "%dd" }`, lo, lo+1, lo+3)
	default:
		median := 25 + g.rng.IntN(16)
		if a == "america" || b == "america" {
			median = 14 + g.rng.IntN(8)
		}
		l.mode, l.median = "sea", float64(median)
		l.transit = fmt.Sprintf(`{ dist = "lognormal", median = "%dd", sigma = 0.25 }`, median)
		l.expedite = fmt.Sprintf(`{ mode = "air", transit = "%dd", cost = %.1f }`, 3+g.rng.IntN(3), 1+float64(g.rng.IntN(20))/10)
	}
	return l
}

func continent(region string) string {
	for _, r := range asia {
		if r == region {
			return "asia"
		}
	}
	for _, r := range america {
		if r == region {
			return "america"
		}
	}
	return "europe"
}

// write prints the scenario.
func (g *generator) write() []byte {
	var b strings.Builder
	s := g.s
	counts := make([]string, len(g.tiers))
	for t, ns := range g.tiers {
		counts[t] = fmt.Sprint(len(ns))
	}
	fmt.Fprintf(&b, `# A synthetic layered supply network, written by
#   supplysim generate --nodes %d --tiers %d --seed %d --days %d
# (the same command writes the same file). Nodes by tier, plants first: %s.
#
# Every number below is drawn, not sourced: plants in Europe making
# %d–%d vehicles a day; each component or raw material made by one to
# three nodes of its tier, and each node assembling one to three parts of
# the tier below (more where that tier has more parts than this one has
# nodes: every part is used), 1–3 units each; suppliers in Asia
# with probability 0.15 per tier (at most 0.6) and in the Americas with
# 0.05; road or rail within a continent and sea between them, with air
# expedite; capacity %.0f–%.0f%% of mean demand; order-up-to cover of one
# review period (%dd) plus the longest median inbound transit plus %dd.
# For benchmarks and experiments on network size, not for findings about
# any real industry.

[scenario]
name = "synthetic-%d"
description = "Synthetic layered network: %d nodes in %d tiers (seed %d)"
horizon = "%dd"
warmup = "%dd"
seed = %d

[[parts]]
id = "vehicle"
value = 30000
category = "vehicle"
`, s.Nodes, s.Tiers, s.Seed, s.Days, strings.Join(counts, ", "), minVehicles, maxVehicles, 100*minHeadroom, 100*maxHeadroom,
		reviewDays, bufferDays, s.Nodes, s.Nodes, s.Tiers, s.Seed, s.Days, min(syntheticWarm, s.Days/4), s.Seed)
	for t := 1; t < len(g.families); t++ {
		value := 2000 / math.Pow(4, float64(t-1))
		category := "component"
		if t == len(g.families)-1 {
			category = "raw-material"
		}
		for _, f := range g.families[t] {
			fmt.Fprintf(&b, "\n[[parts]]\nid = %q\nvalue = %s\ncategory = %q\n", f.id, number(value), category)
		}
	}
	for t, ns := range g.tiers {
		fmt.Fprintf(&b, "\n# --- tier %d: %d nodes ---\n", t, len(ns))
		for _, i := range ns {
			g.writeNode(&b, i)
		}
	}
	b.WriteString("\n# --- lanes: supplier → customer ---\n")
	for _, l := range g.lanes {
		fmt.Fprintf(&b, "\n[[lanes]]\nfrom = %q\nto = %q\ntransit = %s\nmode = %q\n", g.nodes[l.from].id, g.nodes[l.to].id, l.transit, l.mode)
		if l.share < 1 {
			fmt.Fprintf(&b, "share = %s\n", number(l.share))
		}
		if l.expedite != "" {
			fmt.Fprintf(&b, "expedite = %s\n", l.expedite)
		}
	}
	outage := g.tiers[min(2, len(g.tiers)-1)][0]
	region := g.lockdownRegion()
	fmt.Fprintf(&b, `
# --- shocks ---

# A lockdown where most suppliers are (in Asia if any are): its suppliers at
# 40%% of capacity, its lanes 1.5× slower.
[[shocks]]
id = "lockdown"
type = "lockdown"
regions = [%q]
capacity_factor = 0.4
transit_factor = 1.5
probability = 0.3
start = { dist = "uniform", min = "%dd", max = "%dd" }
duration = { dist = "lognormal", median = "45d", sigma = 0.4 }

# One supplier's plant out (a fire, say).
[[shocks]]
id = "supplier-outage"
type = "node_outage"
nodes = [%q]
probability = 0.2
start = { dist = "uniform", min = "%dd", max = "%dd" }
duration = { dist = "lognormal", median = "30d", sigma = 0.3 }
`, region, min(syntheticWarm, s.Days/4), max(min(syntheticWarm, s.Days/4), s.Days-60), g.nodes[outage].id,
		min(syntheticWarm, s.Days/4), max(min(syntheticWarm, s.Days/4), s.Days-60))
	return []byte(b.String())
}

// lockdownRegion is the region of the most suppliers, in Asia if any are
// there (ties to the first in the region lists).
func (g *generator) lockdownRegion() string {
	count := map[string]int{}
	for _, nd := range g.nodes[len(g.tiers[0]):] {
		count[nd.region]++
	}
	best := ""
	for _, regions := range [][]string{asia, europe, america} {
		for _, r := range regions {
			if count[r] > count[best] {
				best = r
			}
		}
		if best != "" {
			return best
		}
	}
	return g.nodes[len(g.nodes)-1].region
}

func (g *generator) writeNode(b *strings.Builder, i int) {
	nd := &g.nodes[i]
	role, makes := "supplier", ""
	if nd.tier == 0 {
		role, makes = "plant", "vehicle"
	} else {
		makes = g.families[nd.tier][nd.part].id
	}
	capacity := math.Ceil(nd.demand * (minHeadroom + float64((maxHeadroom-minHeadroom)*g.rng.Float64())))
	fmt.Fprintf(b, "\n[[nodes]]\nid = %q\nregion = %q\nrole = %q\nmakes = %q\ncapacity = %s   # mean demand %s/day\nlead_time = \"%dd\"\n",
		nd.id, nd.region, role, makes, number(capacity), number(math.Round(nd.demand)), nd.leadDays)
	if len(nd.inputs) > 0 {
		var parts []string
		for _, in := range nd.inputs {
			parts = append(parts, fmt.Sprintf("%s = %d", g.families[nd.tier+1][in.family].id, in.qty))
		}
		fmt.Fprintf(b, "bom = { %s }\n", strings.Join(parts, ", "))
		cover := reviewDays + int(math.Ceil(nd.maxTransit)) + bufferDays
		fmt.Fprintf(b, "policy = { review = \"%dd\", cover = \"%dd\", forecast = \"moving-average\", periods = 14 }\n", reviewDays, cover)
	}
	if nd.tier == 0 {
		fmt.Fprintf(b, "[nodes.demand]\ndaily = { dist = \"poisson\", mean = %s }\nar1 = 0.3\nunmet = \"backlog\"\nbacklog_cost = 200\n", number(nd.demand))
	}
}

// number writes a number as TOML, without a needless exponent.
func number(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%g", x)
}
