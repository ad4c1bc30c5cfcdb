package models

import (
	"github.com/supplysim/supplysim/sim"
)

// detect records that node n knows, now, that a shortage traced to
// occurrence o will hit it through input i (−1: its own capacity). Only the
// first detection of each occurrence at each node counts. It starts the
// configured mitigation and, under the bilateral regime, sends a notice to
// every direct customer that takes part. O(lanes out of n).
func (r *Run) detect(n, i, o int) {
	if o < 0 {
		return
	}
	k := o*len(r.nodes) + n
	if r.detected[k] != Never {
		return
	}
	r.detected[k] = r.eng.Now()
	if i >= 0 && r.nw.Mitigation.any() {
		r.mitigate(n, i, o)
	}
	if r.kind != Bilateral || !r.sharing(n) {
		return
	}
	for _, l := range r.nw.out[n] {
		if r.sharing(r.nw.Lanes[l].To) {
			r.eng.Schedule(r.spec.Sharing.HopDelay, sim.Event{Kind: evNotice, Target: int32(l), Arg: int64(o)})
		}
	}
}

// sharing reports whether node n takes part in data sharing and can now:
// its ERP cloud is up.
func (r *Run) sharing(n int) bool { return r.seen[n] }

// attribute returns the occurrence a shortage at node n traces back to: the
// earliest-onset occurrence in force (or ended less than
// Sharing.Attribution ago) whose footprint reaches n; −1 for none.
// O(occurrences).
func (r *Run) attribute(n int) int {
	now := r.eng.Now()
	for o := range r.occ {
		if r.inWindow(o, now) && has(r.reach(o), n) {
			return o
		}
	}
	return -1
}

// inWindow reports whether occurrence o is in force at now or ended less
// than Sharing.Attribution before: whether a shortage can be traced to it.
func (r *Run) inWindow(o int, now sim.Time) bool {
	oc := &r.occ[o]
	return oc.Onset <= now && now < oc.End+r.spec.Sharing.Attribution
}

// reach returns the nodes a shortage from occurrence o can reach.
func (r *Run) reach(o int) []uint64 {
	oc := &r.occ[o]
	switch {
	case oc.Shock < 0:
		return r.nw.down[oc.node]
	case oc.Kind == CloudOutage && oc.Wave < 0:
		return r.nw.fx[oc.Shock].cloudReach[-oc.Wave-1]
	case oc.Kind == Lockdown:
		return r.nw.fx[oc.Shock].waveReach[oc.Wave]
	}
	return r.nw.fx[oc.Shock].waveReach[0]
}

// evidence runs at the end of every day on which shocks exist: each node
// checks its inputs' stock (the physical evidence every regime has), and a
// plant whose line starved records it. Evidence that no occurrence can
// explain (attribute) records nothing, so a node out of every
// occurrence's reach, or a day outside every occurrence's window, checks
// nothing. O(inputs + lanes).
func (r *Run) evidence() {
	nw, now := r.nw, r.eng.Now()
	if !r.attributable() {
		return
	}
	for n := range r.nodes {
		s, nd, o := &r.nodes[n], &nw.Nodes[n], r.attribute(n)
		if o < 0 {
			continue
		}
		if s.starved >= 0 {
			if k := r.res.plantIndex[n]; k >= 0 && r.starved[o*len(nw.plants)+k] == Never {
				r.starved[o*len(nw.plants)+k] = now
			}
			r.witness(n, int(s.starved), o)
		}
		for i := range nd.Inputs {
			if r.low(n, i) {
				r.witness(n, i, o)
			}
		}
	}
}

// attributable reports whether some occurrence is in force now or ended
// less than Sharing.Attribution ago: whether attribute can find one.
func (r *Run) attributable() bool {
	now := r.eng.Now()
	for o := range r.occ {
		if r.inWindow(o, now) {
			return true
		}
	}
	return false
}

// witness records that node n has evidence of its own (stock or line) of
// a shortage of input i traced to occurrence o, and detects it. The first
// such evidence is what a participant publishes (Run.heard).
func (r *Run) witness(n, i, o int) {
	if o < 0 {
		return
	}
	if k := o*len(r.nodes) + n; r.evident[k] < 0 {
		r.evident[k] = int32(i)
	}
	r.detect(n, i, o)
}

// low reports whether input i of node n is on hand and in transit below
// Sharing.Evidence × its normal low point (see Sharing.Evidence).
func (r *Run) low(n, i int) bool {
	k := r.nw.base[n] + i
	in, st, s, fc := &r.nw.Nodes[n].Inputs[i], &r.inputs[k], &r.nodes[n], &r.inputs[r.nw.fcOf[k]].fc
	normal := in.Policy.target(fc, s.fgTarget, in.PerUnit, r.scale) -
		float64(in.PerUnit*(s.fgTarget+float64(float64(in.Policy.ReviewDays)*fc.mean)))
	return st.onHand+r.inTransit(in) < float64(r.spec.Sharing.Evidence*normal)
}

func (r *Run) inTransit(in *Input) float64 {
	q := 0.0
	for _, l := range in.Lanes {
		q += r.lanes[l].inTransit
	}
	return q
}

// mitigate starts the configured actions for input i of node n against
// occurrence o; they last until o ends plus Mitigation.Hold.
func (r *Run) mitigate(n, i, o int) {
	m, st, in := &r.nw.Mitigation, &r.inputs[r.nw.base[n]+i], &r.nw.Nodes[n].Inputs[i]
	if until := r.occ[o].End + m.Hold; until > st.until {
		st.until, st.root = until, o
	}
	if m.Flex {
		r.book(n, i, o)
	}
	if !m.Backup {
		return
	}
	for _, l := range in.Lanes {
		if lr := &r.rare[l]; r.nw.Lanes[l].Backup && lr.readyAt == Never {
			lr.readyAt = r.eng.Now() + r.nw.Lanes[l].Qualification
		}
	}
}

// mitigating reports whether input k (flattened) is being mitigated now.
func (r *Run) mitigating(k int) bool { return r.inputs[k].until > r.eng.Now() }

// expediting reports whether lane l ships by its expedite mode now.
func (r *Run) expediting(l int) bool {
	ln := &r.nw.Lanes[l]
	return r.nw.Mitigation.Expedite && ln.Expedite != nil && r.mitigating(int(r.nw.into[l])) // the network's switch first: Expedite is in the lane's second cache line
}

// usable reports whether an order can go to lane l now: not blocked; a
// backup only once qualified, while mitigating and while a regular lane of
// the input is blocked or its supplier failing (it takes over that share);
// and, when avoiding, not from a failing supplier.
func (r *Run) usable(l int, avoid, mitigating bool) bool {
	ls := &r.lanes[l] // not the Lane: an input's lanes are far apart, the Lanes large
	switch {
	case ls.blocked:
		return false
	case ls.backup:
		ln, ready := &r.nw.Lanes[l], r.rare[l].readyAt
		return mitigating && ready != Never && ready <= r.eng.Now() &&
			r.primaryDown(&r.nw.Nodes[ln.To].Inputs[ln.Input])
	case avoid:
		return !r.failing(int(r.nw.from[l]))
	}
	return true
}

// failing reports whether node k cannot keep up with its mean demand now:
// its capacity is cut below it, or its line was starved of inputs in its
// last cycle and made less. These are what a customer sees as a supplier
// that does not deliver, whatever the regime.
func (r *Run) failing(k int) bool {
	s, d := &r.nodes[k], r.nw.mean[k]
	return s.capacity < d || s.starved >= 0 && s.made < d
}

// primaryDown reports whether a regular lane of in is blocked or comes from
// a failing supplier.
func (r *Run) primaryDown(in *Input) bool {
	for _, l := range in.Lanes {
		if ln := &r.nw.Lanes[l]; !ln.Backup && (r.lanes[l].blocked || r.failing(ln.From)) {
			return true
		}
	}
	return false
}

// exchange is a round of the bilateral demand and capacity exchange:
// schedule the next, then for every participating supplier add up the
// daily demand its participating customers announce for it (their forecast
// use of the input, split over the input's regular lanes by share) and, if
// that exceeds its actual capacity (nominal, cut by shocks, plus booked
// flex), the supplier and each of those customers detect the shortage,
// traced to the occurrence behind it. O(lanes + occurrences × nodes).
func (r *Run) exchange() {
	nw := r.nw
	r.at(r.eng.Now()+r.spec.Sharing.Exchange, sim.Event{Kind: evExchange})
	for n := range r.nodes {
		if !r.sharing(n) {
			continue
		}
		demand := 0.0
		for _, l := range nw.out[n] {
			if ln := &nw.Lanes[l]; !ln.Backup && ln.Share > 0 && r.sharing(ln.To) {
				k := nw.into[l]
				demand += float64(float64(r.inputs[nw.fcOf[k]].fc.mean*nw.inputs[k].perUnit) * ln.Share / nw.regular[k])
			}
		}
		s := &r.nodes[n]
		if demand <= s.capacity+s.flex {
			continue
		}
		o := int(s.capRoot)
		if o < 0 {
			o = r.attribute(n)
		}
		if o < 0 {
			continue
		}
		r.detect(n, -1, o)
		for _, l := range nw.out[n] {
			if ln := &nw.Lanes[l]; !ln.Backup && r.sharing(ln.To) {
				r.detect(ln.To, ln.Input, o)
			}
		}
	}
}
