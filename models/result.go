package models

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// Result holds the metrics of one replication, over the measured days (from
// the warm-up to the horizon). Quantities are in units of the part (vehicles
// at plants), costs in EUR.
type Result struct {
	Regime Regime
	Plants []PlantResult // in Network.Plants order
	Lanes  []LaneResult  // in Network.Lanes order
	Nodes  []NodeResult  // in Network.Nodes order
	// LostOutput is Σ over plants and the days on which production was held
	// below need (by missing inputs or a capacity cut) of plan − output,
	// vehicles; plan is min(demand, nominal capacity). Catch-up on later
	// days does not offset it, and a day with stock enough to skip
	// production is not a loss.
	LostOutput  float64
	LostRevenue float64 // lost output × vehicle value, EUR
	// FillRate is the share of plant demand covered on the day it arrives,
	// by finished vehicles or by production started that day (build to
	// order: a vehicle started on time ships after the plant's lead time).
	// With zero lead time it is the textbook fill rate, sold on the day.
	FillRate     float64
	PeakBacklog  float64 // largest end-of-day uncovered backlog summed over plants, vehicles
	LostSales    float64 // demand turned away by plants with lost sales, vehicles
	HoldingCost  float64 // on-hand inputs, work in process and finished goods, EUR
	BacklogCost  float64 // uncovered backlog × backlog cost per day, EUR
	ExpediteCost float64 // extra EUR per unit shipped by expedite modes
	TariffCost   float64 // tariffs on shipments crossing trade-war blocs, EUR
	FlexCost     float64 // units made on booked flexible capacity × its cost per unit, EUR
	Cost         float64 // holding + expediting + tariffs + flexible capacity, EUR
	// Inventory is the network's stock at unit values, EUR, averaged over
	// the measured days' ends: inputs on hand, finished goods and work in
	// process, and units in transit on lanes.
	Inventory InventoryValue
	// InventoryByTier is Inventory by the tier of the node that holds it
	// (in transit: of the lane's customer), index Network.Tier.
	InventoryByTier []InventoryValue
	// TTD is the mean, over shocks and the plants that detected them, of
	// detection time minus onset, days; NaN when no plant detected a shock.
	TTD float64
	// Warning is the mean, over shocks and plants whose line starved, of
	// first starved production minus detection (Sheffi's detectability lead
	// time), days; negative when detected only after the line stopped; NaN
	// when no line starved.
	Warning float64
	// TTR is the longest time-to-recover over shocks and plants: onset until
	// production has not been held below need for 7 days running, censored
	// at the horizon; 0 when no plant was held back after a shock; NaN
	// without shocks.
	TTR float64
	// PlatformUptime is the share of the measured window the platform's
	// cloud was up; NaN in the silo and bilateral regimes.
	PlatformUptime float64
	Occurrences    []Occurrence // the shocks of the replication, by onset
	Detections     []Detection  // one per occurrence and plant
	InStock        float64      // share of days on which every plant covered all its demand
	MeasuredDays   int
	Events         int // events handled in the whole replication, warm-up included

	plantIndex []int // node index → index in Plants, or −1
	warmupDays int
	sold       float64
	demanded   float64
	inStock    int
	held       held
}

// held sums the stock at the measured days' ends, in units, where it sits:
// finish values the sums once (Result.value), as a value is linear in the
// units.
type held struct {
	goods   []float64 // per node: finished goods and work in process
	onHand  []float64 // per input, flattened like Network.inputs
	transit []float64 // per lane
}

// NodeResult holds one node's metrics over the measured days.
type NodeResult struct {
	// Bullwhip is Var(orders placed) / Var(exploded plant demand), both
	// summed over buckets of the node's longest review period (days for
	// daily review) over the measured days; orders are in units of output,
	// averaged over the inputs (see Network.MeanDemandPerDay for the
	// explosion). NaN for nodes without inputs or with constant demand.
	Bullwhip float64
	// Stock is the node's stock at unit values, EUR, averaged over the
	// measured days' ends: its inputs on hand, its finished goods and work
	// in process, and the units in transit to it.
	Stock InventoryValue
	// Demanded is what was asked of the node, units of its output: market
	// demand at a plant, orders received (net of cancellations made the
	// same day) at a supplier. OnTime is the part served on the day it was
	// asked: at a plant, covered by finished or started vehicles (as
	// PlantResult.FillRate); at a supplier, shipped the day the order
	// arrived, after the older orders it still owed.
	Demanded, OnTime float64
	// FillRate is OnTime / Demanded; NaN when nothing was asked.
	FillRate float64
	// Produced is production started and Shipped what left the node:
	// dispatched on its lanes, or, at a plant, vehicles sold. Units.
	Produced, Shipped float64
	// StarvedDays are the days on which a missing input held production
	// below what capacity and need allowed; CutDays those on which a shock
	// held its capacity below nominal.
	StarvedDays, CutDays int
}

// InventoryValue is stock at unit values, EUR, by where it sits.
type InventoryValue struct {
	Inputs, Finished, Transit float64 // inputs on hand; finished goods + WIP; on lanes
}

// Total is the whole stock's value, EUR.
func (v InventoryValue) Total() float64 { return v.Inputs + v.Finished + v.Transit }

// LaneResult holds one lane's flow over the measured window.
type LaneResult struct {
	ShippedPerDay float64 // units dispatched per day
	// MeanInTransit is the time-average of the units on the lane, exact
	// over the measured window (integrated between events). By Little's
	// law it equals ShippedPerDay × mean transit in days.
	MeanInTransit float64
}

// PlantResult holds one plant's metrics.
type PlantResult struct {
	Node        int
	Output      []float64 // vehicles started per measured day
	Plan        []float64 // min(demand, nominal capacity) per measured day
	LostOutput  float64   // Σ (plan − output) over days held below need, vehicles
	FillRate    float64
	PeakBacklog float64 // uncovered backlog, vehicles
	LostSales   float64
	sold        float64
	demanded    float64
	limited     []bool // per measured day: production held below need
}

func (res *Result) init(nw *Network) {
	res.warmupDays = int(nw.Warmup / sim.Day)
	days := nw.Days() - res.warmupDays
	res.plantIndex = make([]int, len(nw.Nodes))
	for n := range res.plantIndex {
		res.plantIndex[n] = -1
	}
	for k, p := range nw.plants {
		res.plantIndex[p] = k
		res.Plants = append(res.Plants, PlantResult{Node: p, Output: make([]float64, 0, days), Plan: make([]float64, 0, days),
			limited: make([]bool, 0, days)})
	}
	res.Nodes = make([]NodeResult, len(nw.Nodes))
	res.InventoryByTier = make([]InventoryValue, nw.tiers)
	res.Lanes = make([]LaneResult, len(nw.Lanes))
	res.held = held{make([]float64, len(nw.Nodes)), make([]float64, len(nw.inputs)), make([]float64, len(nw.Lanes))}
}

func (res *Result) reset() {
	for k := range res.Plants {
		p := &res.Plants[k]
		*p = PlantResult{Node: p.Node, Output: p.Output[:0], Plan: p.Plan[:0], limited: p.limited[:0]}
	}
	res.LostOutput, res.FillRate, res.PeakBacklog, res.HoldingCost, res.BacklogCost, res.InStock = 0, 0, 0, 0, 0, 0
	res.LostSales, res.Events, res.LostRevenue, res.ExpediteCost, res.TariffCost, res.Cost = 0, 0, 0, 0, 0, 0
	res.FlexCost = 0
	res.sold, res.demanded, res.inStock, res.MeasuredDays = 0, 0, 0, 0
	res.Inventory = InventoryValue{}
	clear(res.InventoryByTier)
	clear(res.Nodes)
	clear(res.held.goods)
	clear(res.held.onHand)
	clear(res.held.transit)
}

// record adds day d's end-of-day state to the metrics. O(plants + nodes +
// inputs + lanes).
func (res *Result) record(r *Run, d int) {
	if d < res.warmupDays {
		return
	}
	nw := r.nw
	res.MeasuredDays++
	backlog, clean := 0.0, true
	for k, n := range nw.plants {
		p, s, nd := &res.Plants[k], &r.nodes[n], &nw.Nodes[n]
		plan := min(s.demand, nd.CapacityPerDay)
		p.Output = append(p.Output, s.outputDay)
		p.Plan = append(p.Plan, plan)
		p.limited = append(p.limited, s.limited)
		if s.limited { // a shortfall on an unconstrained day is a choice, not a loss
			p.LostOutput += max(0, plan-s.outputDay)
		}
		p.demanded += s.demand
		p.sold += s.demand - min(s.demand, s.short) // the newest demand is the uncovered part
		if nd.Demand.Lost {
			p.LostSales += s.short
		}
		u := unstarted(s)
		p.PeakBacklog = max(p.PeakBacklog, u)
		backlog += u
		res.BacklogCost += float64(u * nd.Demand.BacklogCostPerDay)
		clean = clean && !(s.short > 0)
	}
	if clean {
		res.inStock++
	}
	res.PeakBacklog = max(res.PeakBacklog, backlog)
	res.stock(r)
}

// stock adds today's end-of-day units in transit of every lane to the sums
// that finish values (value), in one pass over the lanes in memory order.
// The inputs' stock is added by their node's ordering step (Run.order),
// the nodes' own by closeDay. O(lanes).
func (res *Result) stock(r *Run) {
	transit, lanes := res.held.transit, r.lanes[:len(res.held.transit)]
	for l := range lanes {
		transit[l] += lanes[l].inTransit
	}
}

// value turns the measured days' sums of stock into the holding cost and
// the sums of stock value (network, tier and node), by the Run's valuation
// tables: a node's own stock, its inputs', then the lanes' in the order
// given (by customer). O(nodes + inputs + lanes).
func (res *Result) value(r *Run) {
	val, h := &r.worth, &res.held
	for n := range val.nodes {
		w := &val.nodes[n]
		goods := h.goods[n]
		holding := float64(goods * w.holding)
		v := InventoryValue{Finished: float64(goods * w.value)}
		first := int(w.first)
		for k, in := range val.inputs[first : first+int(w.inputs)] {
			onHand := h.onHand[first+k]
			holding += float64(onHand * in.holding)
			v.Inputs += float64(onHand * in.value)
		}
		res.HoldingCost += holding
		res.Inventory.add(v)
		res.Nodes[n].Stock.add(v)
		if w.tier >= 0 {
			res.InventoryByTier[w.tier].add(v)
		}
	}
	for _, t := range val.transit {
		res.addTransit(int(t.to), int(t.tier), float64(h.transit[t.lane]*t.value))
	}
}

// addTransit adds stock in transit to node n, of the given tier, worth v,
// to the network's, the node's and the tier's sums.
func (res *Result) addTransit(n, tier int, v float64) {
	res.Inventory.Transit += v
	res.Nodes[n].Stock.Transit += v
	if tier >= 0 {
		res.InventoryByTier[tier].Transit += v
	}
}

// asked adds what node n was asked today, what it served on the day (see
// NodeResult) and what it shipped, if today is measured.
func (r *Run) asked(n int, asked, onTime, shipped float64) {
	if !r.measured {
		return
	}
	nr := &r.res.Nodes[n]
	nr.Demanded += asked
	nr.OnTime += onTime
	nr.Shipped += shipped
}

func (v *InventoryValue) add(o InventoryValue) {
	v.Inputs, v.Finished, v.Transit = v.Inputs+o.Inputs, v.Finished+o.Finished, v.Transit+o.Transit
}

func (v InventoryValue) div(d float64) InventoryValue {
	return InventoryValue{v.Inputs / d, v.Finished / d, v.Transit / d}
}

// closeDay ends day d in one pass over the nodes, the last of the day's
// cycle: on a measured day it adds each node's finished goods and work in
// process to the sums that finish values, and its production and days
// starved and cut to its counts; it adds the day to the node's bullwhip
// buckets of orders and demand and closes the buckets that end today (only
// buckets wholly after the warm-up count); and it clears the node's counts
// of the day. O(nodes + plants × the nodes they explode to).
func (res *Result) closeDay(r *Run, d int) {
	demand := r.plantDemand
	for k, p := range r.nw.plants {
		demand[k] = r.nodes[p].demand
	}
	measured, goods, val := r.measured, res.held.goods, r.worth.nodes
	for n := range r.nodes {
		s := &r.nodes[n]
		if measured {
			nr := &res.Nodes[n]
			goods[n] += s.fg + s.wip
			nr.Produced += s.outputDay
			if s.starved >= 0 {
				nr.StarvedDays++
			}
			if s.capacity < val[n].capacity {
				nr.CutDays++
			}
		}
		if s.bucket != 0 { // 0: no inputs, no orders
			s.exploded += r.explodedDemand(n, demand)
			if s.bucket == 1 || (d+1)%s.bucket == 0 { // daily buckets skip the division
				if d+1-s.bucket >= res.warmupDays {
					s.orders.add(s.ordered)
					s.echelon.add(s.exploded)
				}
				s.ordered, s.exploded = 0, 0
			}
		}
		s.demand, s.made, s.outputDay, s.placed = 0, s.outputDay, 0, 0
	}
}

// explodedDemand is today's plant demand (by plant, in Network.plants
// order) exploded to node n's output through the nominal lane shares: the
// bullwhip ratio's denominator.
func (r *Run) explodedDemand(n int, demand []float64) float64 {
	sum := 0.0
	for _, e := range r.nw.perUnit[n] {
		sum += float64(e.units * demand[e.plant])
	}
	return sum
}

// finish turns the accumulators into the exported metrics.
func (res *Result) finish(r *Run) {
	for k := range res.Plants {
		p := &res.Plants[k]
		p.FillRate = ratio(p.sold, p.demanded)
		res.LostOutput += p.LostOutput
		res.sold += p.sold
		res.demanded += p.demanded
	}
	res.FillRate = ratio(res.sold, res.demanded)
	for _, p := range res.Plants {
		res.LostSales += p.LostSales
		res.LostRevenue += float64(p.LostOutput * r.nw.Parts[r.nw.Nodes[p.Node].Part].Value)
	}
	res.value(r)
	res.Cost = res.HoldingCost + res.ExpediteCost + res.TariffCost + res.FlexCost
	res.Regime = r.regime
	res.impact(r)
	res.InStock = ratio(float64(res.inStock), float64(res.MeasuredDays))
	days := float64(max(1, res.MeasuredDays))
	res.Inventory = res.Inventory.div(days)
	for t := range res.InventoryByTier {
		res.InventoryByTier[t] = res.InventoryByTier[t].div(days)
	}
	for n := range r.nodes {
		nr := &res.Nodes[n]
		nr.Bullwhip = ratio(r.nodes[n].orders.variance(), r.nodes[n].echelon.variance())
		nr.Stock = nr.Stock.div(days)
		nr.FillRate = ratio(nr.OnTime, nr.Demanded)
	}
	window := r.nw.Horizon - r.nw.Warmup
	for l := range r.lanes {
		ls := &r.lanes[l]
		res.Lanes[l] = LaneResult{ShippedPerDay: ls.shipped / window.Days(), MeanInTransit: ls.area / float64(window)}
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// welford accumulates a mean and variance in one pass (Welford 1962), O(1) per value.
type welford struct {
	n        int
	mean, m2 float64
}

func (w *welford) add(x float64) {
	w.n++
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += float64(d * (x - w.mean))
}

// variance is the sample variance, NaN for fewer than two values.
func (w *welford) variance() float64 {
	if w.n < 2 {
		return math.NaN()
	}
	return w.m2 / float64(w.n-1)
}
