package models

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// runway is the platform's projection for a node or an input: how many
// days until its supply falls short, the share of demand it will miss then
// (phi), and the occurrence that causes it.
type runway struct {
	days, phi float64
	root      int
}

// sameDays is how close two projections must be to count as one: far
// below a minute (the model's resolution) and far above the rounding of
// the stocks they are projected from (a few 1e-15 days).
const sameDays = 1e-6

// take folds one cause of shortage, days away and missing phi of demand,
// into the runway: the earliest shortage sets the days and names its
// occurrence. Causes within sameDays of it are the same shortage, named
// by the earliest-onset occurrence among them (the lowest index, as
// evidence is traced: Run.attribute; −1, no occurrence, never names one),
// so that neither rounding nor the order the causes are folded in decides
// which occurrence it is traced to. (A node short now from two occurrences
// projects 0 days from both, give or take 1e-15.) That holds while the
// tied causes lie within sameDays of each other; three or more spread over
// more than sameDays (a chain of near-ties) could still name one by the
// order, which rounding alone cannot produce. A cause that never falls
// short (+Inf days) ties nothing.
func (rw *runway) take(days, phi float64, root int) {
	switch {
	case days < rw.days-sameDays:
		rw.days, rw.root = days, root
	case days <= rw.days+sameDays && !math.IsInf(days, 1):
		rw.days = min(rw.days, days)
		if root >= 0 && (rw.root < 0 || root < rw.root) {
			rw.root = root
		}
	}
	rw.phi = max(rw.phi, phi)
}

// report is the platform's cycle: schedule the next one, and unless the
// platform's cloud is down, project every runway and alert each participant
// whose input runway is under Sharing.AlertDays, Sharing.Latency from now.
func (r *Run) report() {
	nw := r.nw
	sh := &r.spec.Sharing
	r.at(r.eng.Now()+sh.ReportInterval, sim.Event{Kind: evReport})
	if nw.platform >= 0 && r.down[nw.platform] {
		return
	}
	if !r.attributable() {
		// No occurrence is in force or lately ended, so nothing can be
		// projected short (every cause runways finds is one) and no one
		// is alerted.
		if !r.trivial {
			r.noRunways()
		}
		return
	}
	r.runways()
	for n := range r.nodes {
		if !r.sharing(n) {
			continue
		}
		for i := range nw.Nodes[n].Inputs {
			rw := &r.inRunway[r.nw.base[n]+i]
			k := rw.root*len(r.nodes) + n
			if rw.days < sh.AlertDays && rw.root >= 0 && r.detected[k] == Never && !r.alerted[k] {
				r.alerted[k] = true
				r.eng.Schedule(sh.Latency, sim.Event{Kind: evAlert, Target: int32(n), Arg: int64(rw.root)<<32 | int64(i)})
			}
		}
	}
}

// noRunways sets every projection to nothing falling short.
func (r *Run) noRunways() {
	for n := range r.runway {
		r.runway[n] = runway{days: math.Inf(1), root: -1}
	}
	for k := range r.inRunway {
		r.inRunway[k] = runway{days: math.Inf(1), root: -1}
	}
	r.trivial = true
}

// runways projects, suppliers first, when each node's supply falls short.
// It is a fluid projection from what the platform sees: a participant
// reports its capacity, stock and output; a node outside the platform is
// assumed to run normally with its nominal stock (a blind spot). A node
// whose capacity is cut to c < D (its mean exploded demand), or whose line
// was starved of inputs yesterday and made c < D (a hole in its pipeline
// that outlives the shock), misses phi = 1 − c/D of its demand once its
// finished stock is gone; an input fed by lanes
// whose suppliers miss phi_k (or that are blocked, phi_k = 1) misses the
// share-weighted sum, starting when the first such supplier runs short and
// lasting its stock on hand and in transit at that rate:
//
//	T_input = min_k T_k + (on hand + in transit) / (D × BOM × phi_input)
//	T_node  = min(fg / (D × phi_own), min_inputs T_input + fg / (D × phi_input))
//
// where fg counts finished goods and work in process. O(nodes + lanes).
func (r *Run) runways() {
	nw := r.nw
	r.trivial = false
	for k := len(nw.order) - 1; k >= 0; k-- {
		n := nw.order[k]
		s, rw, d := &r.nodes[n], &r.runway[n], nw.mean[n]
		*rw = runway{days: math.Inf(1), root: -1}
		seen := r.sharing(n)
		fg := s.fgTarget
		if seen {
			fg = s.fg + s.wip
		}
		if seen && s.capRoot >= 0 && s.capacity < d {
			phi := 1 - s.capacity/d
			rw.take(fg/(d*phi), phi, int(s.capRoot))
		}
		if seen && s.starved >= 0 && s.made < d { // a hole in its pipeline
			if o := r.attribute(n); o >= 0 {
				phi := 1 - s.made/d
				rw.take(fg/(d*phi), phi, o)
			}
		}
		for i := range nw.Nodes[n].Inputs {
			in := r.inputRunway(n, i, seen)
			if in.phi > 0 && d > 0 {
				rw.take(in.days+fg/(d*in.phi), in.phi, in.root)
			}
		}
	}
}

// heard returns the earliest-onset occurrence, in force or ended less
// than Sharing.Attribution ago, of which participant n has evidence of its
// own through input i (stock below evidence or a line starved of it); the
// participant publishes it with its report. −1 for none. O(occurrences).
func (r *Run) heard(n, i int) int {
	now := r.eng.Now()
	for o := range r.occ {
		if int(r.evident[o*len(r.nodes)+n]) == i && r.inWindow(o, now) {
			return o
		}
	}
	return -1
}

// inputRunway projects input i of node n and stores it in r.inRunway.
// A participant that has its own evidence of a shortage of the input
// publishes it: where the platform sees no shortage coming through the
// input's other lanes, the projection takes the lanes from suppliers it
// cannot see as delivering nothing beyond what is in transit, from now.
// (Where it does see one, that shortage and its cause stay the projection.)
func (r *Run) inputRunway(n, i int, seen bool) runway {
	nw, in, st := r.nw, &r.nw.Nodes[n].Inputs[i], &r.inputs[r.nw.base[n]+i]
	rw := runway{days: math.Inf(1), root: -1}
	first := rw // when the first lane falls short, and why
	for _, l := range in.Lanes {
		up := &r.runway[nw.from[l]]
		if !r.bans && !(up.phi > 0) {
			continue // no lane is blocked and the supplier is not short: the lane adds nothing
		}
		ln, ls := &nw.Lanes[l], &r.lanes[l]
		switch {
		case ln.Backup:
		case ls.blocked:
			rw.phi += ln.Share
			first.take(0, 0, r.rare[l].root)
		case up.phi > 0:
			rw.phi += float64(ln.Share * up.phi)
			first.take(up.days, 0, up.root)
		}
	}
	if rw.phi == 0 && seen {
		if o := r.heard(n, i); o >= 0 { // a blind spot the participant has evidence of
			for _, l := range in.Lanes {
				if ln := &nw.Lanes[l]; !ln.Backup && !r.sharing(ln.From) {
					rw.phi += ln.Share
					first.take(0, 0, o)
				}
			}
		}
	}
	start := first.days
	rw.root = first.root
	use := float64(nw.mean[n] * in.PerUnit)
	if rw.phi > 0 && use > 0 {
		rw.phi = min(1, rw.phi)
		stock := st.nominal
		if seen {
			stock = st.onHand + r.inTransit(in)
		}
		rw.days = start + stock/float64(use*rw.phi)
	}
	r.inRunway[r.nw.base[n]+i] = rw
	return rw
}
