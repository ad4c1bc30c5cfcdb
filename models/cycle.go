package models

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// cycle runs day d for every node, customers before suppliers (see the
// package documentation for the steps), then records the day's metrics and
// schedules the next day. O(nodes + inputs + lanes).
func (r *Run) cycle(d int) {
	for _, n := range r.nw.order {
		if r.nw.Nodes[n].Demand != nil {
			r.marketDemand(n, d)
		}
		r.produce(n)
		r.fulfil(n)
		r.order(n, d)
	}
	r.res.record(r, d)
	r.res.bullwhip(r, d)
	for n := range r.nodes {
		r.nodes[n].demand, r.nodes[n].outputDay = 0, 0
	}
	if d+1 < r.nw.Days() {
		r.eng.Schedule(sim.Day, sim.Event{Kind: evDay})
	}
}

// marketDemand draws plant n's demand for day d into its backlog.
func (r *Run) marketDemand(n, d int) {
	dem, s := r.nw.Nodes[n].Demand, &r.nodes[n]
	m := dem.Daily.Mean()
	s.shock = float64(dem.AR1*s.shock) + (dem.Daily.Sample(r.demandR[r.res.plantIndex[n]]) - m)
	season := 1.0
	if dem.Amplitude != 0 {
		season += float64(dem.Amplitude * math.Cos(2*math.Pi*(float64(d)-dem.Peak)/dem.PeriodDays))
	}
	s.demand = math.Max(0, float64(season*(m+s.shock)))
	s.backlog += s.demand
}

// produce starts as much as capacity, inputs and need allow.
func (r *Run) produce(n int) {
	nd, s := &r.nw.Nodes[n], &r.nodes[n]
	x := math.Min(nd.CapacityPerDay, s.backlog+s.fgTarget-s.fg-s.wip)
	for i := range nd.Inputs {
		x = math.Min(x, r.inputs[r.base[n]+i].onHand/nd.Inputs[i].PerUnit)
	}
	if !(x > 0) {
		return
	}
	for i := range nd.Inputs {
		st := &r.inputs[r.base[n]+i]
		use := math.Min(st.onHand, float64(x*nd.Inputs[i].PerUnit))
		st.onHand -= use
		r.ledger[nd.Inputs[i].Part].Consumed += use
	}
	r.ledger[nd.Part].Produced += x
	s.outputDay = x
	if nd.LeadTime == 0 {
		s.fg += x
		return
	}
	s.wip += x
	r.eng.Schedule(nd.LeadTime, sim.Event{Kind: evDone, Target: r.newLot(x, n)})
}

// fulfil sells finished vehicles (plant) or ships to customers (supplier).
func (r *Run) fulfil(n int) {
	nd, s := &r.nw.Nodes[n], &r.nodes[n]
	if nd.Demand == nil {
		r.ship(n)
		return
	}
	sold := math.Min(s.fg, s.backlog) // oldest demand first
	s.fg -= sold
	s.backlog -= sold
	r.ledger[nd.Part].Delivered += sold
	s.short = unstarted(s)
	if nd.Demand.Lost { // demand that production has not taken up today goes elsewhere
		s.backlog -= s.short
	}
}

// unstarted is a plant's demand that no finished or in-process vehicle
// covers: the newest demand, since vehicles go to the oldest first.
func unstarted(s *nodeState) float64 { return math.Max(0, s.backlog-s.fg-s.wip) }

// ship sends finished goods to the lanes with outstanding orders, in full
// when stock suffices and in proportion to the outstanding orders when not.
func (r *Run) ship(n int) {
	s := &r.nodes[n]
	owed, last := 0.0, -1
	for _, l := range r.nw.out[n] {
		if b := r.lanes[l].backlog; b > 0 {
			owed, last = owed+b, l
		}
	}
	if owed <= 0 || s.fg <= 0 {
		return
	}
	ratio := math.Min(1, s.fg/owed)
	for _, l := range r.nw.out[n] {
		b := r.lanes[l].backlog
		if b <= 0 {
			continue
		}
		q := math.Min(s.fg, float64(b*ratio))
		if l == last && ratio < 1 {
			q = s.fg // the remainder, so rounding strands nothing
		}
		r.dispatch(l, q)
	}
}

// dispatch puts q units on lane l with a sampled transit time.
func (r *Run) dispatch(l int, q float64) {
	ln, ls, s := &r.nw.Lanes[l], &r.lanes[l], &r.nodes[r.nw.Lanes[l].From]
	s.fg -= q
	s.backlog -= q
	ls.backlog -= q
	ls.setTransit(q, r.eng.Now(), r.nw.Warmup)
	if r.eng.Now() >= r.nw.Warmup {
		ls.shipped += q
	}
	transit := sim.Time(math.Round(ln.Transit.Sample(r.transit[l])))
	r.eng.Schedule(transit, sim.Event{Kind: evArrive, Target: r.newLot(q, l)})
}

// order updates node n's forecasts with today's demand and, on review days,
// orders every input up to its target.
func (r *Run) order(n, d int) {
	nd, s := &r.nw.Nodes[n], &r.nodes[n]
	echelon := s.fg + s.wip - s.backlog
	for i := range nd.Inputs {
		in, st := &nd.Inputs[i], &r.inputs[r.base[n]+i]
		st.fc.observe(&in.Policy, s.demand)
		if d%in.Policy.ReviewDays != 0 {
			continue
		}
		position := st.onHand + st.onOrder + float64(in.PerUnit*echelon)
		q := in.Policy.target(&st.fc, s.fgTarget, in.PerUnit) - position
		if q < 0 && !in.Policy.Returns {
			q = 0
		}
		r.place(n, i, q)
		s.ordered += q / in.PerUnit / float64(len(nd.Inputs))
	}
}

// place splits an order of q units of input i of node n over its active lanes by share.
func (r *Run) place(n, i int, q float64) {
	in, st := &r.nw.Nodes[n].Inputs[i], &r.inputs[r.base[n]+i]
	for _, l := range in.Lanes {
		ln := &r.nw.Lanes[l]
		if ln.Backup {
			continue
		}
		ql := float64(q * ln.Share)
		r.lanes[l].backlog += ql
		sup := &r.nodes[ln.From]
		sup.backlog += ql
		sup.demand += ql
		st.onOrder += ql
	}
}
