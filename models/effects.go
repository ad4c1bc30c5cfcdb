package models

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// schedule sizes the per-occurrence tables and schedules every occurrence's
// onset, change and end, and the platform's first report. Shock events are
// scheduled before the first day, so a shock that starts at a day boundary
// is in force for that day's cycle.
func (r *Run) schedule() {
	nw, no := r.nw, len(r.occ)
	r.detected = fill(r.detected, no*len(nw.Nodes), Never)
	r.evident = fill(r.evident, no*len(nw.Nodes), -1)
	r.alerted = fill(r.alerted, no*len(nw.Nodes), false)
	r.starved = fill(r.starved, no*len(nw.plants), Never)
	for o := range r.occ {
		oc := &r.occ[o]
		r.at(oc.Onset, sim.Event{Kind: evShock, Target: int32(o), Arg: 1})
		if oc.split != oc.End {
			r.at(oc.split, sim.Event{Kind: evShock, Target: int32(o)})
		}
		r.at(oc.End, sim.Event{Kind: evShock, Target: int32(o)})
	}
	if r.kind == Platform && no > 0 && r.spec.Sharing.ReportInterval > 0 && !r.spec.NoAlerts {
		r.eng.Schedule(0, sim.Event{Kind: evReport})
	}
	if r.kind == Bilateral && no > 0 && r.spec.Sharing.Exchange > 0 {
		r.eng.Schedule(0, sim.Event{Kind: evExchange})
	}
}

// fill returns s resized to n and set to v, reusing its memory.
func fill[T any](s []T, n int, v T) []T {
	s = append(s[:0], make([]T, n)...)
	for i := range s {
		s[i] = v
	}
	return s
}

// at schedules ev at absolute time t if it falls within the horizon.
func (r *Run) at(t sim.Time, ev sim.Event) {
	if now := r.eng.Now(); t >= now && t < r.nw.Horizon {
		r.eng.Schedule(t-now, ev)
	}
}

// shockEvent brings the network's state in line with the occurrences in
// force now; at an onset, the sites the shock hits know at once.
func (r *Run) shockEvent(o int, onset bool) {
	r.applyShocks()
	if !onset {
		return
	}
	for n := range r.nodes {
		if int(r.nodes[n].capRoot) == o {
			r.detect(n, -1, o)
		}
	}
	for _, l := range r.nw.listed { // an export ban is public: the customers re-source
		if ln := &r.nw.Lanes[l]; r.lanes[l].blocked && r.rare[l].root == o {
			r.detect(ln.To, ln.Input, o)
		}
	}
}

// applyShocks recomputes capacities, lane conditions, clouds and demand
// multipliers from the occurrences in force now. It runs only at shock
// events. O(nodes + lanes + footprints of the occurrences).
func (r *Run) applyShocks() {
	nw, now := r.nw, r.eng.Now()
	for n := range r.nodes {
		s := &r.nodes[n]
		s.capacity, s.capRoot, s.demandMul = nw.Nodes[n].CapacityPerDay, -1, 1
	}
	for l := range r.lanes {
		ls := &r.lanes[l]
		ls.factor, ls.tariff, ls.customs, ls.blocked, r.rare[l].root = 1, 0, -1, false, -1
	}
	clear(r.down)
	for o := range r.occ {
		if oc := &r.occ[o]; oc.Onset <= now && now < oc.End {
			r.applyOne(o, now)
		}
	}
	for n := range r.nodes {
		c := nw.nodeCloud[n]
		r.nodes[n].erpDown = c >= 0 && r.down[c]
		r.seen[n] = r.shares[n] && !r.nodes[n].erpDown
	}
	r.bans = false
	for _, l := range nw.listed {
		r.bans = r.bans || r.lanes[l].blocked
		if r.lanes[l].blocked && r.lanes[l].backlog != 0 {
			r.cancel(l)
		}
	}
}

func (r *Run) applyOne(o int, now sim.Time) {
	oc := &r.occ[o]
	if oc.Shock < 0 {
		r.cut(oc.node, 0, o)
		return
	}
	sh, fx := &r.nw.Shocks[oc.Shock], &r.nw.fx[oc.Shock]
	switch oc.Kind {
	case Lockdown:
		f := sh.CapacityFactor
		if oc.Wave > 0 {
			f = sh.Waves[oc.Wave-1].CapacityFactor
		}
		for _, n := range fx.waveNodes[oc.Wave] {
			r.cut(n, f, o)
		}
		for _, l := range fx.waveLanes[oc.Wave] {
			r.lanes[l].factor *= max(1, sh.TransitFactor)
		}
	case NodeOutage:
		for _, n := range sh.Nodes {
			r.cut(n, sh.CapacityFactor, o)
		}
	case CloudOutage:
		r.down[r.cloudOf(o)] = true
	case TradeWar:
		r.tradeWar(o, sh, fx)
	case DemandShock:
		f := sh.DemandFactor
		if now >= oc.split {
			f = sh.ReboundFactor
		}
		for _, k := range fx.plants {
			r.nodes[r.nw.plants[k]].demandMul *= f
		}
	}
}

func (r *Run) tradeWar(o int, sh *Shock, fx *shockFx) {
	for _, l := range fx.crossing {
		r.lanes[l].tariff += sh.Tariff
		if sh.CustomsDelay.Mean() > 0 {
			r.lanes[l].customs = int32(o)
		}
	}
	for _, l := range fx.banned {
		r.lanes[l].blocked, r.rare[l].root = true, o
	}
}

// cloudOf returns the provider a cloud-outage occurrence takes out.
func (r *Run) cloudOf(o int) int {
	oc := &r.occ[o]
	fx := &r.nw.fx[oc.Shock]
	if oc.Wave < 0 {
		return fx.clouds[-oc.Wave-1]
	}
	return fx.clouds[0]
}

// cut multiplies node n's capacity by f for occurrence o. An unlimited
// capacity is taken as the node's mean demand before the cut, so a
// lockdown at a raw-material site bites too.
func (r *Run) cut(n int, f float64, o int) {
	s := &r.nodes[n]
	if math.IsInf(s.capacity, 1) {
		s.capacity = r.nw.mean[n]
	}
	s.capacity *= f
	if s.capRoot < 0 {
		s.capRoot = int32(o)
	}
}

// cancel drops the orders outstanding on a blocked lane: the customer will
// re-source them at its next review, or they are lost.
func (r *Run) cancel(l int) {
	ln, ls := &r.nw.Lanes[l], &r.lanes[l]
	b := ls.backlog
	ls.backlog = 0
	if r.planning {
		r.weighed[l].unread -= b
	}
	r.queues[l].orders, r.queues[l].head = r.queues[l].orders[:0], 0
	r.nodes[ln.From].backlog -= b
	r.inputs[r.nw.base[ln.To]+ln.Input].onOrder -= b
}
