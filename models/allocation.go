package models

import (
	"fmt"
	"math"

	"github.com/supplysim/supplysim/sim"
)

// Allocation is how a supplier shares its stock among customers when it
// cannot ship everything it owes. Within each group (regular lanes first,
// then backups) booked flexible capacity is served first in every rule.
type Allocation uint8

// The allocation rules.
const (
	// Proportional to what each lane has outstanding: whoever orders most
	// gets most, so inflated orders gain stock.
	Proportional Allocation = iota
	// FIFO serves the oldest outstanding order first, across lanes (ties,
	// orders of the same day, in lane order).
	FIFO
	// FairShare shares in proportion to each lane's mean shipments over
	// Network.FairShareDays before today (turn-and-earn: Cachon & Lariviere
	// 1999), never more than a lane is owed; inflated orders gain nothing,
	// because shipments cannot be inflated.
	FairShare
	// PlatformAllocation: while the platform is up and the supplier takes
	// part, proportional, but no participating customer gets more than it
	// can build with: what the stock on hand and in transit of its other
	// inputs that the platform projects to fall short can turn into output
	// (Run.buildable). What one customer cannot use
	// goes to the others; what none can use stays in stock. Otherwise
	// proportional.
	PlatformAllocation
)

var allocationNames = [...]string{Proportional: "proportional", FIFO: "fifo", FairShare: "fair-share", PlatformAllocation: "platform"}

// String returns the rule as written in a scenario, e.g. "fair-share".
func (a Allocation) String() string {
	if int(a) < len(allocationNames) {
		return allocationNames[a]
	}
	return fmt.Sprintf("Allocation(%d)", a)
}

// ParseAllocation returns the rule named s.
func ParseAllocation(s string) (Allocation, error) {
	for a, name := range allocationNames {
		if name == s {
			return Allocation(a), nil
		}
	}
	return 0, fmt.Errorf(`unknown allocation %q; want "proportional", "fifo", "fair-share" or "platform"`, s)
}

// order is an outstanding order on a lane: the day it was placed and what
// is still owed of it (FIFO suppliers only).
type order struct {
	day int32
	qty float64
}

// queued records q units ordered (q > 0) or withdrawn (q < 0, newest first)
// on lane l on the queue of a FIFO supplier, keeping its queue's sum equal
// to the lane's positive backlog; the lane's backlog is already updated.
func (r *Run) queued(l int, q float64) {
	ls, qu := &r.lanes[l], &r.queues[l]
	if q > 0 {
		if add := ls.backlog - max(0, ls.backlog-q); add > 0 { // what is not offsetting a credit
			qu.orders = append(qu.orders, order{day: int32(r.eng.Now() / sim.Day), qty: add})
		}
		return
	}
	for q < 0 && len(qu.orders) > qu.head {
		last := &qu.orders[len(qu.orders)-1]
		take := min(last.qty, -q)
		last.qty -= take
		q += take
		if last.qty <= 0 {
			qu.orders = qu.orders[:len(qu.orders)-1]
		}
	}
	qu.compact()
}

// served takes q shipped units off the front of lane l's queue.
func (r *Run) served(l int, q float64) {
	qu := &r.queues[l]
	for q > 0 && qu.head < len(qu.orders) {
		front := &qu.orders[qu.head]
		take := min(front.qty, q)
		front.qty -= take
		q -= take
		if front.qty <= 1e-9*take {
			qu.head++
		}
	}
	qu.compact()
}

// laneQueue is a FIFO supplier's lane's outstanding orders, oldest first,
// from head on. (Kept beside the lanes' state rather than in it, which
// then fills two cache lines exactly.)
type laneQueue struct {
	orders []order
	head   int
}

// compact drops the served orders of a lane's queue once they are most of
// it, so the queue's memory is reused rather than grown.
func (qu *laneQueue) compact() {
	switch {
	case qu.head == len(qu.orders):
		qu.orders, qu.head = qu.orders[:0], 0
	case qu.head > 64 && qu.head > len(qu.orders)/2:
		n := copy(qu.orders, qu.orders[qu.head:])
		qu.orders, qu.head = qu.orders[:n], 0
	}
}

// rule returns the allocation supplier n uses now.
func (r *Run) rule(n int) Allocation {
	a := r.nw.Nodes[n].Allocation
	if a == PlatformAllocation && !(r.kind == Platform && r.sharing(n) && !(r.nw.platform >= 0 && r.down[r.nw.platform])) {
		return Proportional
	}
	return a
}

// allocate shares stock among the lanes out of n in the group (regular or
// backup) that are still owed something beyond alloc (already given, e.g.
// reserved), by n's rule, adding to alloc. O(lanes out of n), FIFO
// O(outstanding orders).
func (r *Run) allocate(n int, backup bool, stock float64, alloc []float64) {
	nw := r.nw
	out := nw.out[n]
	owed := func(k int) float64 { return max(0, r.lanes[out[k]].backlog-alloc[k]) }
	in := func(k int) bool { return r.lanes[out[k]].backup == backup && owed(k) > 0 }
	weights := func(by func(k int) float64) []float64 { // by(k) for the lanes in the group that are owed, else 0
		w := r.weights[:0]
		for k := range out {
			x := 0.0
			if in(k) {
				x = by(k)
			}
			w = append(w, x)
		}
		r.weights = w
		return w
	}
	switch r.rule(n) {
	case FIFO:
		r.fifo(n, backup, stock, alloc)
		return
	case FairShare:
		if waterfill(alloc, stock, weights(func(k int) float64 { return r.rare[out[k]].earned }), owed, in) {
			return
		}
	case PlatformAllocation:
		r.capped(n, stock, alloc, weights(owed), owed, in)
		return
	}
	waterfill(alloc, stock, weights(owed), owed, in) // proportional, and fair share without history
}

// waterfill shares stock by weights w among the lanes in, none beyond what it is
// owed, passing what a full lane cannot take to the others (water-filling;
// at most one round per lane). It reports false, having given nothing, when
// no such lane has weight.
func waterfill(alloc []float64, stock float64, w []float64, owed func(int) float64, in func(int) bool) bool {
	for stock > 1e-12 {
		total := 0.0
		for k := range alloc {
			if in(k) && w[k] > 0 {
				total += w[k]
			}
		}
		if total <= 0 {
			return false
		}
		given, full := 0.0, false
		for k := range alloc {
			if !in(k) || w[k] <= 0 {
				continue
			}
			q := float64(stock*w[k]) / total
			if o := owed(k); q >= o {
				q, full = o, true
			}
			alloc[k] += q
			given += q
		}
		stock -= given
		if !full {
			return true
		}
	}
	return true
}

// capped is the platform's allocation: proportional to what is owed, but a
// participating customer gets no more than it can build with; the rest
// goes to the others, and what nobody can use stays.
func (r *Run) capped(n int, stock float64, alloc, w []float64, owed func(int) float64, in func(int) bool) {
	out := r.nw.out[n]
	limit := func(k int) float64 {
		o := owed(k)
		if ln := &r.nw.Lanes[out[k]]; r.sharing(ln.To) {
			o = min(o, max(0, r.buildable(ln.To, ln.Input)-alloc[k]))
		}
		return o
	}
	waterfill(alloc, stock, w, limit, func(k int) bool { return in(k) && limit(k) > 0 })
}

// buildable is how much of input i node c can turn into output with its
// other inputs, by the platform's last projection of their runways: an
// input projected to fall short (Run.runways) counts only its stock on
// hand and in transit; one projected to be supplied normally does not
// limit. Less what c has of input i itself; unlimited when nothing limits.
func (r *Run) buildable(c, i int) float64 {
	nd := &r.nw.Nodes[c]
	units := math.Inf(1)
	for k := range nd.Inputs {
		if j := r.nw.base[c] + k; k != i && r.inRunway[j].phi > 0 {
			in := &nd.Inputs[k]
			units = min(units, (r.inputs[j].onHand+r.inTransit(in))/in.PerUnit)
		}
	}
	own := r.inputs[r.nw.base[c]+i].onHand + r.inTransit(&nd.Inputs[i])
	return max(0, float64(units*nd.Inputs[i].PerUnit)-own)
}

// fifo gives stock to the oldest outstanding orders first, across the
// lanes of the group, ties by lane order.
func (r *Run) fifo(n int, backup bool, stock float64, alloc []float64) {
	out := r.nw.out[n]
	pos := r.cursor[:0] // per lane: the next order and what of it is not yet given
	left := r.weights[:0]
	for k, l := range out {
		qu := &r.queues[l]
		p, skip := qu.head, alloc[k] // what is already given comes off the front
		rest := 0.0
		for p < len(qu.orders) {
			if q := qu.orders[p].qty; q > skip {
				rest = q - skip
				break
			}
			skip -= qu.orders[p].qty
			p++
		}
		if r.lanes[l].backup != backup {
			p = len(qu.orders)
		}
		pos, left = append(pos, p), append(left, rest)
	}
	r.cursor, r.weights = pos, left
	for stock > 1e-12 {
		best := -1
		for k, l := range out {
			if q := r.queues[l].orders; pos[k] < len(q) && (best < 0 || q[pos[k]].day < r.queues[out[best]].orders[pos[best]].day) {
				best = k
			}
		}
		if best < 0 {
			return
		}
		take := min(stock, left[best])
		alloc[best] += take
		stock -= take
		if left[best] -= take; left[best] <= 1e-12 {
			pos[best]++
			if q := r.queues[out[best]].orders; pos[best] < len(q) {
				left[best] = q[pos[best]].qty
			}
		}
	}
}
