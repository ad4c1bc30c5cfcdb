package models

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// Result holds the metrics of one replication, over the measured days (from
// the warm-up to the horizon). Quantities are in units of the part (vehicles
// at plants), costs in EUR.
type Result struct {
	Plants []PlantResult // in Network.Plants order
	// Bullwhip is Var(orders placed) / Var(exploded plant demand) per node,
	// both daily over the measured days, orders in units of output per input
	// (see Network.MeanDemandPerDay for the explosion). NaN for nodes
	// without inputs or with constant demand.
	Bullwhip     []float64
	LostOutput   float64 // Σ over plants and days of plan − output, vehicles
	FillRate     float64 // share of plant demand sold on the day it arrived
	PeakBacklog  float64 // largest end-of-day backlog summed over plants, vehicles
	HoldingCost  float64 // on-hand inputs, work in process and finished goods, EUR
	BacklogCost  float64 // plant backlog × backlog cost per day, EUR
	InStock      float64 // share of plant-days ending without backlog
	MeasuredDays int

	plantIndex []int // node index → index in Plants, or −1
	warmupDays int
	sold       float64
	demanded   float64
	inStock    int
}

// PlantResult holds one plant's metrics.
type PlantResult struct {
	Node        int
	Output      []float64 // vehicles started per measured day
	Plan        []float64 // min(demand, nominal capacity) per measured day
	LostOutput  float64   // Σ (plan − output), vehicles
	FillRate    float64
	PeakBacklog float64
	sold        float64
	demanded    float64
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
		res.Plants = append(res.Plants, PlantResult{Node: p, Output: make([]float64, 0, days), Plan: make([]float64, 0, days)})
	}
	res.Bullwhip = make([]float64, len(nw.Nodes))
}

func (res *Result) reset() {
	for k := range res.Plants {
		p := &res.Plants[k]
		*p = PlantResult{Node: p.Node, Output: p.Output[:0], Plan: p.Plan[:0]}
	}
	res.LostOutput, res.FillRate, res.PeakBacklog, res.HoldingCost, res.BacklogCost, res.InStock = 0, 0, 0, 0, 0, 0
	res.sold, res.demanded, res.inStock, res.MeasuredDays = 0, 0, 0, 0
}

// sell records that plant n sold sameDay vehicles of today's demand on time.
func (res *Result) sell(r *Run, n int, sameDay float64) {
	if int(r.eng.Now()/sim.Day) < res.warmupDays {
		return
	}
	p := &res.Plants[res.plantIndex[n]]
	p.sold += sameDay
	p.demanded += r.nodes[n].demand
}

// record adds day d's end-of-day state to the metrics. O(nodes × plants + inputs).
func (res *Result) record(r *Run, d int) {
	if d < res.warmupDays {
		return
	}
	nw := r.nw
	res.MeasuredDays++
	backlog, clean := 0.0, true
	for k, n := range nw.plants {
		p, s, nd := &res.Plants[k], &r.nodes[n], &nw.Nodes[n]
		plan := math.Min(s.demand, nd.CapacityPerDay)
		p.Output = append(p.Output, s.outputDay)
		p.Plan = append(p.Plan, plan)
		p.LostOutput += plan - s.outputDay
		p.PeakBacklog = math.Max(p.PeakBacklog, s.backlog)
		backlog += s.backlog
		res.BacklogCost += float64(s.backlog * nd.Demand.BacklogCostPerDay)
		clean = clean && !(s.backlog > 0)
	}
	if clean {
		res.inStock++
	}
	res.PeakBacklog = math.Max(res.PeakBacklog, backlog)
	for n := range nw.Nodes {
		res.HoldingCost += r.holding(n)
		s := &r.nodes[n]
		if len(nw.Nodes[n].Inputs) > 0 {
			s.orders.add(s.ordered)
			s.echelon.add(r.echelonDemand(n))
		}
	}
}

// echelonDemand is today's plant demand exploded to node n's output.
func (r *Run) echelonDemand(n int) float64 {
	sum := 0.0
	for k, p := range r.nw.plants {
		sum += float64(r.nw.perUnit[n][k] * r.nodes[p].demand)
	}
	return sum
}

// holding is node n's holding cost for one day, EUR.
func (r *Run) holding(n int) float64 {
	nd, s := &r.nw.Nodes[n], &r.nodes[n]
	c := float64((s.fg + s.wip) * r.nw.Parts[nd.Part].HoldingCostPerDay)
	for i := range nd.Inputs {
		c += float64(r.inputs[r.base[n]+i].onHand * r.nw.Parts[nd.Inputs[i].Part].HoldingCostPerDay)
	}
	return c
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
	res.InStock = ratio(float64(res.inStock), float64(res.MeasuredDays))
	for n := range r.nodes {
		res.Bullwhip[n] = ratio(r.nodes[n].orders.variance(), r.nodes[n].echelon.variance())
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
