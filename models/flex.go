package models

import (
	"math"

	"github.com/supplysim/supplysim/sim"
)

// booking is flexible capacity that a customer booked at a supplier: qty
// units a day (at the supplier's nominal rate) on lane, from one instant
// up to another.
type booking struct {
	lane        int
	qty         float64
	from, until sim.Time
	at          sim.Time // when it was booked
	root        int      // the occurrence it answers
}

// Booking is flexible capacity a customer booked, for traces.
type Booking struct {
	Lane        int      // index into Network.Lanes: supplier → the customer that booked
	PerDay      float64  // units a day at the supplier's nominal capacity
	At          sim.Time // when it was booked
	From, Until sim.Time // when it runs
	Occurrence  int      // the occurrence it answers, index into Result.Occurrences
}

// Bookings returns, after a replication, every booking of flexible
// capacity in the order they were made. It allocates; it is for traces.
func (r *Run) Bookings() []Booking {
	out := make([]Booking, len(r.bookings))
	for k, b := range r.bookings {
		out[k] = Booking{Lane: b.lane, PerDay: b.qty, At: b.at, From: b.from, Until: b.until, Occurrence: b.root}
	}
	return out
}

// book reserves flexible capacity for input i of node n, which has just
// detected occurrence o: for the share of the input's regular supply that
// comes from suppliers o's footprint reaches (or over blocked lanes), at
// the input's other suppliers (backups included: a backup lane takes the
// orders once qualified), in lane order, as much of each one's free flex
// as is still needed. Its need is that share of the
// node's mean use of the input. A booking runs from RampUp after now until
// o ends plus Mitigation.Hold (or MaxDuration, if shorter). Bookings are
// made in the order of detection, so whoever knows first is served first.
// O(lanes of the input × bookings).
func (r *Run) book(n, i, o int) {
	nw, in := r.nw, &r.nw.Nodes[n].Inputs[i]
	reach := r.reach(o)
	hit, total := 0.0, 0.0
	for _, l := range in.Lanes {
		if ln := &nw.Lanes[l]; !ln.Backup {
			total += ln.Share
			if r.lanes[l].blocked || has(reach, ln.From) {
				hit += ln.Share
			}
		}
	}
	if hit == 0 || total == 0 {
		return
	}
	need := float64(float64(nw.mean[n]*in.PerUnit) * (hit / total))
	now := r.eng.Now()
	for _, l := range in.Lanes {
		ln := &nw.Lanes[l]
		f := &nw.Nodes[ln.From].Flex
		if need <= 0 {
			return
		}
		if f.PerDay <= 0 || r.lanes[l].blocked || has(reach, ln.From) {
			continue
		}
		b := booking{lane: l, from: now + f.RampUp, until: r.occ[o].End + nw.Mitigation.Hold, at: now, root: o}
		if f.MaxDuration > 0 {
			b.until = min(b.until, now+f.MaxDuration)
		}
		if b.qty = min(need, r.freeFlex(ln.From, b.from, b.until)); b.qty <= 0 || b.from >= b.until {
			continue
		}
		need -= b.qty
		r.bookings = append(r.bookings, b)
	}
}

// freeFlex is the flex of node k not booked at any time in [from, until).
// The booked amount only changes where a booking starts, so its peak over
// the window is at the window's start or at a booking's start within it.
func (r *Run) freeFlex(k int, from, until sim.Time) float64 {
	peak := 0.0
	for _, at := range r.bookings {
		t := at.from
		if t < from {
			t = from
		}
		if t >= until || r.nw.Lanes[at.lane].From != k {
			continue
		}
		sum := 0.0
		for _, b := range r.bookings {
			if r.nw.Lanes[b.lane].From == k && b.from <= t && t < b.until {
				sum += b.qty
			}
		}
		peak = max(peak, sum)
	}
	return r.nw.Nodes[k].Flex.PerDay - peak
}

// flexDay sets, at a day boundary, every node's flexible capacity and
// every lane's reserved rate from the bookings in force, cut in proportion
// to shocks on the supplier's capacity. O(nodes + lanes + bookings).
func (r *Run) flexDay() {
	for n := range r.nodes {
		r.nodes[n].flex = 0
	}
	for l := range r.lanes {
		r.lanes[l].reserved = 0
	}
	now := r.eng.Now()
	for _, b := range r.bookings {
		if b.from > now || now >= b.until {
			continue
		}
		k := r.nw.Lanes[b.lane].From
		q := b.qty
		if nominal := r.nw.Nodes[k].CapacityPerDay; !math.IsInf(nominal, 1) {
			q = float64(q * (r.nodes[k].capacity / nominal))
		}
		r.nodes[k].flex += q
		r.lanes[b.lane].reserved += q
	}
}
