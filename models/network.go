package models

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/supplysim/supplysim/sim"
)

// Network is an immutable supply network: what a scenario describes. Build
// one with its fields filled and call Finish before running it; a Network is
// shared read-only by every Run.
type Network struct {
	Name    string
	Horizon sim.Time // simulated span, whole days
	Warmup  sim.Time // metrics ignore days before it, whole days
	// Variants are regimes of this network beyond the three kinds, by name.
	Variants []Variant
	// CoverScale multiplies every order-up-to target under every regime,
	// before TargetScale (an experiment design's policy.cover_scale); 0
	// means 1. Set it before runs start.
	CoverScale float64
	// FanPlants is how many plants, the largest by mean demand, a batch's
	// results give daily series and fan charts of their own; 0 for the
	// results' default. It changes no simulated number.
	FanPlants int
	Parts     []Part
	Nodes     []Node
	Lanes     []Lane
	Shocks    []Shock
	// Sharing configures detection and the data-sharing regimes;
	// FairShareDays is the trailing window of the fair-share allocation's
	// mean shipments, days (> 0 where a node uses it).
	FairShareDays float64
	// Mitigation what nodes do once they detect a shortage.
	Sharing    Sharing
	Mitigation Mitigation

	order  []int      // nodes, customers before suppliers
	inputs []inputRef // every (node, input) pair, flattened
	base   []int      // base[n]: index in inputs of node n's first input
	// fcOf[k] is the input whose forecasts input k's are: the first of its
	// node's inputs forecast the same way (method, periods, smoothing).
	// The forecasts of a node's inputs observe the same demand from the
	// same start, so one forecast per way is every one of them.
	fcOf    []int32
	perUnit [][]exposure // perUnit[n]: expected units of node n's output per vehicle, by plant it reaches
	plants  []int        // node indices of plants
	out     [][]int      // out[n]: lanes leaving node n
	// listed holds the lanes in the order they were given, before
	// SortLanes renumbered them: what a Run does lane after lane across the
	// network goes in this order, so that the numbering changes no result.
	listed []int
	backs  []bool    // backs[n]: a lane leaving node n is a backup lane
	mean   []float64 // mean exploded demand per node and day
	// laneFlow is each lane's mean daily flow without shocks: its
	// customer's mean use of the input × the lane's share of it (0 for
	// backups); where fair-share allocation starts.
	laneFlow []float64
	regular  []float64 // per input, flattened like inputs: the sum of its regular lanes' shares
	// into[l] is the input lane l feeds, flattened like inputs, and from[l]
	// its supplier: what an arrival updates and what a projection reads
	// without the lane (Lane is two cache lines, these four bytes).
	into, from []int32
	// cust[l] is lane l's customer and its input's units per unit of
	// output, which a Run copies beside its lanes' weights for the
	// echelon's sums over a supplier's lanes.
	cust []laneCustomer
	// share[l] is Lane.Share, packed for the splits of orders over an
	// input's lanes, which are not next to each other.
	share  []float64
	up     [][]uint64 // up[n]: n and its suppliers, transitively (bitset)
	down   [][]uint64 // down[n]: n and its customers, transitively (bitset)
	fx     []shockFx  // per shock: what it touches
	clouds []string   // cloud providers, interned
	// nodeCloud[n] is node n's ERP provider, platform the platform's; −1 for none.
	nodeCloud []int
	platform  int
	scale     map[Regime]float64 // multiplier on every order-up-to target; absent for 1
	tier      []int              // per node: lanes to the nearest plant (plants 0), −1 if it reaches none
	tiers     int                // 1 + the largest tier
}

// Part is something made and moved: a raw material, a component, a vehicle.
type Part struct {
	ID                string
	Value             float64 // EUR per unit
	Category          string
	HoldingCostPerDay float64 // EUR per unit per day
}

// Role says whether a node is an assembly plant (facing market demand) or a supplier.
type Role uint8

// The roles of a node.
const (
	Supplier Role = iota
	Plant
)

// Node is a site: it makes one part from its inputs.
type Node struct {
	// What the daily cycle reads of every node, first, in one cache line:
	Part           int      // index into Network.Parts of the output
	CapacityPerDay float64  // units started per day; +Inf for unlimited
	LeadTime       sim.Time // production lead time, ≥ 0
	Inputs         []Input
	Demand         *Demand    // plants only
	Allocation     Allocation // how the node shares its stock among customers when short

	ID, Region, Cloud string
	Role              Role
	FGCoverDays       float64 // finished-goods target in days of forecast demand
	InitialFG         float64 // finished goods at time 0; NaN means the target
	// Participation is the probability that the node takes part in data
	// sharing (platform and bilateral) in a replication: 1 always, 0 never,
	// NaN for the network's Sharing.Participation.
	Participation float64
	Flex          Flex
}

// Flex is capacity a node can run above its nominal capacity for a
// customer that books it (Mitigation.Flex): the maximum capacity that
// Catena-X CX-0128 reports beside the actual one. A shock that cuts the
// node's capacity cuts its flex in the same proportion.
type Flex struct {
	PerDay      float64  // units per day above CapacityPerDay, ≥ 0 (0: none)
	RampUp      sim.Time // from the booking to the first day it runs, ≥ 0
	CostPerUnit float64  // EUR per unit made on it, ≥ 0
	// MaxDuration is the longest a booking runs; 0 for as long as the
	// mitigation holds (the shock's end plus Mitigation.Hold).
	MaxDuration sim.Time
}

// Input is one line of a node's bill of materials with its ordering policy.
type Input struct {
	Part    int     // index into Network.Parts
	PerUnit float64 // units of input per unit of output, > 0
	Policy  Policy
	Initial float64 // on hand at time 0; NaN means the policy's target
	Lanes   []int   // lanes delivering this input to the node, backups included
}

// Lane carries one part from a supplier to a customer.
type Lane struct {
	// What a shipment reads, first, in one cache line (but Expedite, which
	// it reads only while the network mitigates by expediting):
	From, To      int // node indices
	Part          int
	Input         int  // index into Nodes[To].Inputs
	Transit       Dist // minutes
	ID            string
	Mode          string
	Share         float64 // of the customer's orders for the part
	Backup        bool
	Qualification sim.Time
	Expedite      *Expedite
}

// Expedite is a faster, costlier mode a lane can switch to.
type Expedite struct {
	Mode        string
	Transit     Dist    // minutes
	CostPerUnit float64 // EUR
}

// Demand is a plant's market demand in vehicles per day:
//
//	d_t = max(0, s_t × (m + e_t)),  e_t = AR1 × e_{t-1} + (X_t − m)
//	s_t = 1 + Amplitude × cos(2π (t − PeakDays) / PeriodDays)
//
// with X_t drawn from Daily and m its mean.
type Demand struct {
	Daily                       Dist
	AR1                         float64
	Amplitude, PeriodDays, Peak float64
	Lost                        bool    // unmet demand is lost rather than backlogged
	BacklogCostPerDay           float64 // EUR per vehicle per day
}

// inputRef locates an input in the flattened per-run input state, with
// its units per unit of output for the echelon's sums over a supplier's
// lanes.
type inputRef struct {
	node, input int
	perUnit     float64
}

// laneCustomer is what the echelon reads of a lane's customer: its node,
// the input the lane feeds (flattened) and that input's units per unit of
// output.
type laneCustomer struct {
	input, node int32
	perUnit     float64
}

// worth is a part's unit value and holding cost per unit and day, EUR.
type worth struct{ value, holding float64 }

// nodeWorth is what the valuation of stock reads of a node: its part's
// worth, its tier and where its inputs lie in the flattened input state;
// and its nominal capacity, which the day's count of days cut reads.
type nodeWorth struct {
	worth
	capacity      float64
	first, inputs int32
	tier          int32
}

// transitWorth is what the valuation of stock reads of a lane: the lane, its
// customer and the customer's tier, and its part's unit value.
type transitWorth struct {
	lane, to, tier int32
	value          float64
}

// valuation is what the valuation of stock reads (Result.value), packed
// so that it reads three tables in a row rather than the nodes', inputs',
// lanes' and parts' records: per node, per input (flattened like
// Network.inputs) and per lane in the order given.
type valuation struct {
	nodes   []nodeWorth
	inputs  []worth
	transit []transitWorth
}

// valuation derives the valuation tables from the nodes, parts, lanes and
// tiers as they are now (NewRun calls it, as a Run reads capacities and
// lead times when it is made). O(nodes + inputs + lanes).
func (nw *Network) valuation() valuation {
	v := valuation{nodes: make([]nodeWorth, len(nw.Nodes)), inputs: make([]worth, 0, len(nw.inputs))}
	for n := range nw.Nodes {
		nd, part := &nw.Nodes[n], &nw.Parts[nw.Nodes[n].Part]
		v.nodes[n] = nodeWorth{worth{part.Value, part.HoldingCostPerDay}, nd.CapacityPerDay,
			int32(len(v.inputs)), int32(len(nd.Inputs)), int32(nw.tier[n])}
		for _, in := range nd.Inputs {
			v.inputs = append(v.inputs, worth{nw.Parts[in.Part].Value, nw.Parts[in.Part].HoldingCostPerDay})
		}
	}
	v.transit = make([]transitWorth, len(nw.listed))
	for j, l := range nw.listed {
		ln := &nw.Lanes[l]
		v.transit[j] = transitWorth{int32(l), int32(ln.To), int32(nw.tier[ln.To]), nw.Parts[ln.Part].Value}
	}
	return v
}

// Plants returns the node indices of the plants, in node order.
func (nw *Network) Plants() []int { return nw.plants }

// Days returns the horizon in whole days.
func (nw *Network) Days() int { return int(nw.Horizon / sim.Day) }

// SortLanes renumbers the lanes in the order the daily cycle ships on them:
// by supplier, customers before suppliers (the cycle's order), each
// supplier's lanes in their present order. Every input's list of lanes is
// renumbered with them and keeps its order, and what a Run does lane after
// lane across the network (sums, a ban's detections and cancellations) it
// does in the order the lanes were given, so results are the same bit for
// bit. A day's shipping then reads the lanes' state in memory order, where
// lanes listed by customer (as scenario files list them) sent each
// supplier's shipping to as many distant places in memory as it has
// customers. Call it before Finish; a network whose lanes do not refer to
// its nodes and inputs, or form a cycle, is left as it is for Finish to
// report. O(nodes + lanes log lanes).
func (nw *Network) SortLanes() {
	for _, ln := range nw.Lanes {
		if ln.From < 0 || ln.From >= len(nw.Nodes) || ln.To < 0 || ln.To >= len(nw.Nodes) {
			return
		}
	}
	for _, nd := range nw.Nodes {
		for _, in := range nd.Inputs {
			for _, l := range in.Lanes {
				if l < 0 || l >= len(nw.Lanes) {
					return
				}
			}
		}
	}
	order, err := nw.topoOrder()
	if err != nil {
		return
	}
	rank := make([]int, len(nw.Nodes))
	for k, n := range order {
		rank[n] = k
	}
	perm := identity(len(nw.Lanes)) // perm[new] = old
	slices.SortStableFunc(perm, func(a, b int) int { return rank[nw.Lanes[a].From] - rank[nw.Lanes[b].From] })
	renumber := make([]int, len(nw.Lanes)) // renumber[old] = new
	lanes := make([]Lane, len(nw.Lanes))
	for l, old := range perm {
		renumber[old], lanes[l] = l, nw.Lanes[old]
	}
	nw.Lanes = lanes
	for n := range nw.Nodes {
		for i := range nw.Nodes[n].Inputs {
			for j, l := range nw.Nodes[n].Inputs[i].Lanes {
				nw.Nodes[n].Inputs[i].Lanes[j] = renumber[l]
			}
		}
	}
	if len(nw.listed) != len(lanes) { // the order as given: the identity, or an earlier SortLanes'
		nw.listed = identity(len(lanes))
	}
	for j, l := range nw.listed {
		nw.listed[j] = renumber[l]
	}
}

// identity returns 0, 1, …, n−1.
func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// Finish checks the invariants a Run relies on and derives the processing
// order and the expected demand of every node. It returns an error for a
// network that a validated scenario could not produce; callers that build
// networks by hand should treat it as a bug.
func (nw *Network) Finish() error {
	if err := errors.Join(nw.check(), nw.checkVariants()); err != nil {
		return fmt.Errorf("models: network %q: %w", nw.Name, err)
	}
	order, err := nw.topoOrder()
	if err != nil {
		return fmt.Errorf("models: network %q: %w", nw.Name, err)
	}
	nw.order = order
	if len(nw.listed) != len(nw.Lanes) { // not sorted (or lanes added since)
		nw.listed = identity(len(nw.Lanes))
	}
	nw.pack()
	nw.inputs = nw.inputs[:0]
	nw.plants = nw.plants[:0]
	nw.fcOf = nw.fcOf[:0]
	for n := range nw.Nodes {
		ins := nw.Nodes[n].Inputs
		for i := range ins {
			first := i
			for j := range i {
				if ins[j].Policy.sameForecast(&ins[i].Policy) {
					first = j
					break
				}
			}
			nw.fcOf = append(nw.fcOf, int32(len(nw.inputs)-i+first))
			nw.inputs = append(nw.inputs, inputRef{n, i, ins[i].PerUnit})
		}
		if nw.Nodes[n].Role == Plant {
			nw.plants = append(nw.plants, n)
		}
	}
	nw.out = make([][]int, len(nw.Nodes))
	nw.backs = make([]bool, len(nw.Nodes))
	for l, ln := range nw.Lanes {
		nw.out[ln.From] = append(nw.out[ln.From], l)
		nw.backs[ln.From] = nw.backs[ln.From] || ln.Backup
	}
	nw.perUnit = nw.explode()
	nw.mean = make([]float64, len(nw.Nodes))
	for n := range nw.mean {
		nw.mean[n] = nw.meanDemand(n)
	}
	nw.regular = make([]float64, len(nw.inputs))
	for k, ref := range nw.inputs {
		for _, l := range nw.Nodes[ref.node].Inputs[ref.input].Lanes {
			if !nw.Lanes[l].Backup {
				nw.regular[k] += nw.Lanes[l].Share
			}
		}
	}
	nw.base = make([]int, len(nw.Nodes))
	for k := len(nw.inputs) - 1; k >= 0; k-- {
		nw.base[nw.inputs[k].node] = k
	}
	nw.into, nw.from = make([]int32, len(nw.Lanes)), make([]int32, len(nw.Lanes))
	nw.cust, nw.share = make([]laneCustomer, len(nw.Lanes)), make([]float64, len(nw.Lanes))
	for l, ln := range nw.Lanes {
		nw.into[l], nw.from[l] = int32(nw.base[ln.To]+ln.Input), int32(ln.From)
		nw.cust[l] = laneCustomer{input: nw.into[l], node: int32(ln.To), perUnit: nw.inputs[nw.into[l]].perUnit}
		nw.share[l] = ln.Share
	}
	nw.laneFlow = make([]float64, len(nw.Lanes))
	for l, ln := range nw.Lanes {
		in := &nw.Nodes[ln.To].Inputs[ln.Input]
		if total := nw.regular[nw.into[l]]; !ln.Backup && total > 0 {
			nw.laneFlow[l] = float64(float64(nw.mean[ln.To]*in.PerUnit)*ln.Share) / total
		}
	}
	nw.reachability()
	nw.tierOf()
	nw.clouds, nw.nodeCloud = nil, make([]int, len(nw.Nodes))
	for n := range nw.Nodes {
		nw.nodeCloud[n] = nw.cloudIndex(nw.Nodes[n].Cloud)
	}
	nw.platform = nw.cloudIndex(nw.Sharing.Cloud)
	if err := nw.resolveShocks(); err != nil {
		return fmt.Errorf("models: network %q: %w", nw.Name, err)
	}
	return nil
}

// pack moves every node's inputs into one slice, in node order, and
// every input's lanes into another, so that the daily cycle, which reads
// them in that order, reads them from memory in a row rather than from an
// allocation of their own each. The values stay as they are. O(inputs +
// lanes).
func (nw *Network) pack() {
	inputs, lanes := 0, 0
	for _, nd := range nw.Nodes {
		inputs += len(nd.Inputs)
		for _, in := range nd.Inputs {
			lanes += len(in.Lanes)
		}
	}
	ins, ls := make([]Input, 0, inputs), make([]int, 0, lanes)
	for n := range nw.Nodes {
		nd := &nw.Nodes[n]
		first := len(ins)
		for _, in := range nd.Inputs {
			at := len(ls)
			ls = append(ls, in.Lanes...)
			in.Lanes = ls[at:len(ls):len(ls)]
			ins = append(ins, in)
		}
		nd.Inputs = ins[first:len(ins):len(ins)]
	}
}

// checkVariants checks that every variant has a new name and a kind.
func (nw *Network) checkVariants() error {
	var errs []error
	seen := map[Regime]bool{}
	for _, v := range nw.Variants {
		_, err := ParseRegime(string(v.Kind))
		_, kind := ParseRegime(string(v.Name))
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("variant %q: %w", v.Name, err))
		case kind == nil || seen[v.Name] || v.Name == "":
			errs = append(errs, fmt.Errorf("variant %q: a regime of that name exists", v.Name))
		}
		seen[v.Name] = true
		if v.Sharing.Attribution < 0 {
			errs = append(errs, fmt.Errorf("variant %q: attribution must be ≥ 0", v.Name))
		}
	}
	if nw.Sharing.Attribution < 0 {
		errs = append(errs, errors.New("sharing: attribution must be ≥ 0"))
	}
	return errors.Join(errs...)
}

func (nw *Network) check() error {
	if nw.Horizon <= 0 || nw.Horizon%sim.Day != 0 || nw.Warmup < 0 || nw.Warmup%sim.Day != 0 || nw.Warmup >= nw.Horizon {
		return fmt.Errorf("horizon %v and warm-up %v must be whole days with 0 ≤ warm-up < horizon", nw.Horizon, nw.Warmup)
	}
	for l, ln := range nw.Lanes {
		if ln.From < 0 || ln.From >= len(nw.Nodes) || ln.To < 0 || ln.To >= len(nw.Nodes) {
			return fmt.Errorf("lane %d: node index out of range", l)
		}
		to := &nw.Nodes[ln.To]
		if ln.Input < 0 || ln.Input >= len(to.Inputs) || to.Inputs[ln.Input].Part != ln.Part || nw.Nodes[ln.From].Part != ln.Part {
			return fmt.Errorf("lane %q: part does not match supplier output and customer input", ln.ID)
		}
	}
	for n, nd := range nw.Nodes {
		if !(nd.CapacityPerDay > 0) || nd.LeadTime < 0 || (nd.Role == Plant) != (nd.Demand != nil) {
			return fmt.Errorf("node %d %q: capacity must be > 0, lead time ≥ 0, and demand given exactly for plants", n, nd.ID)
		}
		if nd.Allocation > PlatformAllocation || nd.Allocation == FairShare && !(nw.FairShareDays >= 1) {
			return fmt.Errorf("node %q: unknown allocation, or fair-share without a window of at least a day", nd.ID)
		}
		if f := nd.Flex; !(f.PerDay >= 0) || math.IsInf(f.PerDay, 0) || f.RampUp < 0 || !(f.CostPerUnit >= 0) || f.MaxDuration < 0 {
			return fmt.Errorf("node %q: flex needs finite units per day ≥ 0, ramp-up ≥ 0, cost ≥ 0 and a duration ≥ 0", nd.ID)
		}
		for i, in := range nd.Inputs {
			if !(in.PerUnit > 0) || len(in.Lanes) == 0 || !in.Policy.valid() {
				return fmt.Errorf("node %q: input %q needs BOM > 0, a lane and a complete policy (review ≥ 1 day, "+
					"moving-average periods ≥ 1, smoothing alpha in (0, 1], a finite planned lead time for z)", nd.ID, nw.Parts[in.Part].ID)
			}
			for _, l := range in.Lanes {
				if l < 0 || l >= len(nw.Lanes) || nw.Lanes[l].To != n || nw.Lanes[l].Input != i {
					return fmt.Errorf("node %q: input %d lists lane %d, which does not deliver it", nd.ID, i, l)
				}
			}
		}
	}
	return nil
}

// topoOrder orders the nodes so that every customer comes before its
// suppliers (Kahn's algorithm on the lane graph, ties by index). O(nodes + lanes).
func (nw *Network) topoOrder() ([]int, error) {
	customers := make([]int, len(nw.Nodes)) // undone customers per supplier
	for _, ln := range nw.Lanes {
		customers[ln.From]++
	}
	var order, ready []int
	for n := range nw.Nodes {
		if customers[n] == 0 {
			ready = append(ready, n)
		}
	}
	for len(ready) > 0 {
		n := ready[0]
		ready = ready[1:]
		order = append(order, n)
		for _, in := range nw.Nodes[n].Inputs {
			for _, l := range in.Lanes {
				from := nw.Lanes[l].From
				customers[from]--
				if customers[from] == 0 {
					ready = append(ready, from)
				}
			}
		}
	}
	if len(order) != len(nw.Nodes) {
		return nil, fmt.Errorf("the lanes form a cycle")
	}
	return order, nil
}

// exposure is the expected units of a node's output that one vehicle built
// at plant (its index in Network.plants) requires.
type exposure struct {
	plant int
	units float64
}

// explode returns, per node, the expected units of its output that one
// vehicle requires at each plant it reaches, in plant order, through the
// BOMs and the lane shares (backup lanes carry nothing). Sparse: a node
// lists only the plants it supplies, so a network of many separate chains
// costs O(lanes), a dense one O(lanes × plants). Each (node, plant) sum
// adds its terms in the same order as a dense matrix would.
func (nw *Network) explode() [][]exposure {
	acc := make([]map[int]float64, len(nw.Nodes))
	for p, plant := range nw.plants {
		acc[plant] = map[int]float64{p: 1}
	}
	per := make([][]exposure, len(nw.Nodes))
	for _, n := range nw.order { // customers first: acc[n] is final when n is reached
		for p, u := range acc[n] {
			per[n] = append(per[n], exposure{p, u})
		}
		slices.SortFunc(per[n], func(a, b exposure) int { return a.plant - b.plant })
		acc[n] = nil
		for _, in := range nw.Nodes[n].Inputs {
			for _, l := range in.Lanes {
				ln := nw.Lanes[l]
				if ln.Backup {
					continue
				}
				if acc[ln.From] == nil {
					acc[ln.From] = map[int]float64{}
				}
				for _, e := range per[n] {
					acc[ln.From][e.plant] += float64(float64(e.units*in.PerUnit) * ln.Share)
				}
			}
		}
	}
	return per
}

// MeanDemandPerDay returns the expected daily demand node n faces in units of
// its output, exploded from the plants' mean demand (seasonality averages
// out over a period). O(1).
func (nw *Network) MeanDemandPerDay(n int) float64 { return nw.mean[n] }

// tierOf sets every node's tier: 0 for plants, else one more than the
// lowest tier among its customers. O(lanes).
func (nw *Network) tierOf() {
	nw.tier, nw.tiers = make([]int, len(nw.Nodes)), 0
	for _, n := range nw.order { // customers first
		nw.tier[n] = -1
		if nw.Nodes[n].Role == Plant {
			nw.tier[n] = 0
		}
		for _, l := range nw.out[n] {
			if t := nw.tier[nw.Lanes[l].To]; t >= 0 && (nw.tier[n] < 0 || t+1 < nw.tier[n]) {
				nw.tier[n] = t + 1
			}
		}
		nw.tiers = max(nw.tiers, nw.tier[n]+1)
	}
}

// Tier returns node n's tier: 0 for a plant, 1 for its direct suppliers
// and so on (the fewest lanes to a plant); −1 if it supplies no plant.
func (nw *Network) Tier(n int) int { return nw.tier[n] }

// Tiers returns the number of tiers, plants included.
func (nw *Network) Tiers() int { return nw.tiers }

// TargetScale returns the multiplier on every order-up-to target (inputs'
// cover, safety-factor and level targets and finished-goods targets) under
// regime g: 1 unless SetTargetScale changed it. Equal footing between
// regimes sets it (see Equalize).
func (nw *Network) TargetScale(g Regime) float64 {
	if k, ok := nw.scale[g]; ok {
		return k
	}
	return 1
}

// coverScale is CoverScale, 1 when unset.
func (nw *Network) coverScale() float64 {
	if nw.CoverScale > 0 {
		return nw.CoverScale
	}
	return 1
}

// SetTargetScale sets regime g's multiplier k > 0 on every order-up-to
// target. Set it before runs start: the Network is shared by them.
func (nw *Network) SetTargetScale(g Regime, k float64) {
	if !(k > 0) || math.IsInf(k, 0) {
		panic("models: target scale must be positive and finite")
	}
	if nw.scale == nil {
		nw.scale = map[Regime]float64{}
	}
	nw.scale[g] = k
}

// Resolve returns regime g as a Variant: a kind with the network's
// Sharing, or one of the network's Variants; false if g is neither.
func (nw *Network) Resolve(g Regime) (Variant, bool) {
	if _, err := ParseRegime(string(g)); err == nil {
		return Variant{Name: g, Kind: g, Sharing: nw.Sharing}, true
	}
	for _, v := range nw.Variants {
		if v.Name == g {
			v.Sharing.Cloud = nw.Sharing.Cloud // the platform's downtime is the network's
			return v, true
		}
	}
	return Variant{}, false
}

func (nw *Network) meanDemand(n int) float64 {
	sum := 0.0
	for _, e := range nw.perUnit[n] {
		sum += float64(e.units * nw.Nodes[nw.plants[e.plant]].Demand.Daily.Mean())
	}
	return sum
}

// demandSD returns the standard deviation of node n's exploded daily demand
// when plant demands are independent and stationary.
func (nw *Network) demandSD(n int) float64 {
	v := 0.0
	for _, e := range nw.perUnit[n] {
		d := nw.Nodes[nw.plants[e.plant]].Demand
		sd := float64(e.units*d.Daily.SD()) / math.Sqrt(1-float64(d.AR1*d.AR1))
		v += float64(sd * sd)
	}
	return math.Sqrt(v)
}
