package models

import (
	"math"
	"slices"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// shortNet is a supplier S that owes two plants, A and B; each plant also
// needs one seat per vehicle from an unlimited seat maker.
func shortNet(rule Allocation) *Network {
	pol := Policy{ReviewDays: 1, Target: CoverTarget, CoverDays: 3, Periods: 1}
	day := Dist{Kind: Constant, A: float64(sim.Day)}
	plant := func(id string, part, seat int) Node {
		return Node{ID: id, Role: Plant, Part: 0, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(), Participation: math.NaN(),
			Demand: &Demand{Daily: Dist{Kind: Constant, A: 50}},
			Inputs: []Input{{Part: 1, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{part}},
				{Part: 2, PerUnit: 1, Policy: pol, Initial: math.NaN(), Lanes: []int{seat}}}}
	}
	nw := &Network{Name: "short", Horizon: 100 * sim.Day, Warmup: 10 * sim.Day, FairShareDays: 28,
		Sharing: Sharing{Participation: 1, ReportInterval: sim.Day},
		Parts:   []Part{{ID: "car", Value: 1}, {ID: "chip", Value: 1}, {ID: "seat", Value: 1}},
		Nodes: []Node{plant("A", 0, 2), plant("B", 1, 3),
			{ID: "S", Part: 1, CapacityPerDay: 100, InitialFG: math.NaN(), Participation: math.NaN(), Allocation: rule},
			{ID: "seats", Part: 2, CapacityPerDay: math.Inf(1), InitialFG: math.NaN(), Participation: math.NaN()}},
		Lanes: []Lane{{ID: "S→A", From: 2, To: 0, Part: 1, Transit: day, Share: 1},
			{ID: "S→B", From: 2, To: 1, Part: 1, Transit: day, Share: 1},
			{ID: "seats→A", From: 3, To: 0, Part: 2, Input: 1, Transit: day, Share: 1},
			{ID: "seats→B", From: 3, To: 1, Part: 2, Input: 1, Transit: day, Share: 1}},
	}
	if err := nw.Finish(); err != nil {
		panic(err)
	}
	return nw
}

// owe puts orders on lane l as if placed on the given days.
func owe(r *Run, l int, orders ...order) {
	ls := &r.lanes[l]
	for _, o := range orders {
		r.queues[l].orders = append(r.queues[l].orders, o)
		ls.backlog += o.qty
		r.nodes[r.nw.Lanes[l].From].backlog += o.qty
	}
}

// Each rule on one state, computed by hand: S has 60 units and owes A
// 100 (50 ordered on day 1, 50 on day 3) and B 40 (day 2). A has 20
// seats and no chips on hand or on their way, and the platform projects its
// seats to fall short; B has plenty of seats.
//
//	proportional: A 60 × 100/140 = 42.857…, B 17.143…
//	fifo:         A's day 1 (50), then 10 of B's day 2: A 50, B 10
//	fair-share:   A shipped 30 a day over the window, B 10: A 45, B 15
//	platform:     A can build only 20 vehicles, so it gets 20, B its 40
func TestAllocationRules(t *testing.T) {
	for _, c := range []struct {
		rule   Allocation
		regime Regime
		a, b   float64
	}{
		{Proportional, Silo, 60 * 100.0 / 140, 60 * 40.0 / 140},
		{FIFO, Silo, 50, 10},
		{FairShare, Silo, 45, 15},
		{PlatformAllocation, Platform, 20, 40},
		{PlatformAllocation, Silo, 60 * 100.0 / 140, 60 * 40.0 / 140}, // no platform: proportional
	} {
		r := NewRun(shortNet(c.rule), sim.NewQueue(), 1)
		r.reset(0, c.regime, 1)
		for n := range r.shares {
			r.shares[n], r.seen[n] = true, true
		}
		r.nodes[2].fg = 60
		owe(r, 0, order{1, 50}, order{3, 50})
		owe(r, 1, order{2, 40})
		r.rare[0].earned, r.rare[1].earned = 30, 10
		r.inputs[r.nw.base[0]+0].onHand, r.inputs[r.nw.base[0]+1].onHand = 0, 20
		r.inputs[r.nw.base[1]+0].onHand, r.inputs[r.nw.base[1]+1].onHand = 0, 1000
		r.inRunway[r.nw.base[0]+1].phi = 0.5 // the platform projects A's seats to fall short, not B's
		r.ship(2)
		a, b := r.lanes[0].inTransit, r.lanes[1].inTransit
		if math.Abs(a-c.a) > 1e-9 || math.Abs(b-c.b) > 1e-9 {
			t.Errorf("%s under %s: shipped A %g, B %g; want %g, %g", c.rule, c.regime, a, b, c.a, c.b)
		}
		if q := r.queues[0].orders[r.queues[0].head:]; c.rule == FIFO && (len(q) != 1 || q[0] != (order{3, 50})) {
			t.Errorf("fifo: A's outstanding orders %v, want 50 of day 3", q)
		}
		if c.rule == FairShare {
			if got, want := r.rare[0].earned, 30+(45-30)/28.0; math.Abs(got-want) > 1e-12 {
				t.Errorf("fair-share: A's mean shipments %g after shipping 45, want %g", got, want)
			}
		}
	}
}

// A FIFO queue follows the lane's backlog: an order adds to its back, a
// negative order takes off the newest first, a shipment the oldest, a
// cancellation everything.
func TestFIFOQueue(t *testing.T) {
	r := NewRun(shortNet(FIFO), sim.NewQueue(), 1)
	r.reset(0, Silo, 1)
	owe(r, 0, order{1, 50}, order{3, 50})
	r.lanes[0].backlog -= 70
	r.queued(0, -70)
	if q := r.queues[0].orders; len(q) != 1 || q[0] != (order{1, 30}) {
		t.Fatalf("after withdrawing 70: %v, want 30 of day 1", q)
	}
	r.served(0, 10)
	if q := r.queues[0].orders[r.queues[0].head:]; len(q) != 1 || q[0] != (order{1, 20}) {
		t.Fatalf("after shipping 10: %v, want 20 of day 1", q)
	}
	r.cancel(0)
	if len(r.queues[0].orders) != 0 || r.lanes[0].backlog != 0 {
		t.Fatalf("after cancelling: %v, backlog %g", r.queues[0].orders, r.lanes[0].backlog)
	}
}

// A replication does not depend on what its Run ran before: the platform's
// projections, which the platform's allocation reads, start trivial in
// every replication, also in one without shocks, where no report runs.
// Here S makes 80 chips a day for 100 owed and the seat maker 70 seats,
// so S allocates every day, and a projection of seats falling short would
// cap what each plant gets.
func TestReplication_ForgetsTheLastProjections(t *testing.T) {
	nw := shortNet(PlatformAllocation)
	nw.Nodes[2].CapacityPerDay, nw.Nodes[3].CapacityPerDay = 80, 70
	r := NewRun(nw, sim.NewQueue(), 1)
	fresh := r.ReplicateWith(0, Platform, nil).Plants[0].Output
	want := append([]float64(nil), fresh...)
	for k := range r.inRunway { // what an earlier replication's reports may leave
		r.inRunway[k] = runway{days: 1, phi: 0.9, root: 0}
	}
	for n := range r.runway {
		r.runway[n] = runway{days: 1, phi: 0.9, root: 0}
	}
	if got := r.ReplicateWith(0, Platform, nil).Plants[0].Output; !slices.Equal(got, want) {
		t.Errorf("plant A's daily output depends on the last replication's projections:\n%v\nwant %v", got, want)
	}
}

// A report skips its projection when no occurrence is in force or lately
// ended, on the ground that every cause of a shortfall the projection finds
// is one. Here is that ground: S is out for 20 days, and on every day
// outside that window, the projection, made anyway, is that nothing falls
// short; inside the window, it is not.
func TestReport_NothingProjectedShortWithoutAnOccurrence(t *testing.T) {
	nw := shortNet(PlatformAllocation)
	r := NewRun(nw, sim.NewQueue(), 1)
	short := 0
	r.Observe(func(day int, _ []NodeDay) {
		r.runways()
		trivial := true
		for _, rw := range append(append([]runway(nil), r.runway...), r.inRunway...) {
			trivial = trivial && rw == runway{days: math.Inf(1), root: -1}
		}
		if !trivial {
			short++
		}
		if !r.attributable() && !trivial {
			t.Errorf("day %d: no occurrence in its window, yet the projection is %v, %v", day, r.runway, r.inRunway)
		}
	})
	r.ReplicateWith(0, Platform, []Occurrence{Outage(nw, 2, 30*sim.Day, 20*sim.Day)})
	if short == 0 {
		t.Error("the outage projected nothing short on any day: the test checks nothing")
	}
}

// Shipments wait in a ring of days, not as events: each is in its
// customer's stock from the first event at or after its minute (the same
// minute included), none earlier; one due beyond the ring's days grows it
// without losing any; one due at or after the horizon never arrives. Each
// case posts all its shipments first, then receives step by step.
func TestShipments_ReceivedFromTheirMinute(t *testing.T) {
	nw := shortNet(Proportional)
	r := NewRun(nw, sim.NewQueue(), 1)
	r.reset(1, Silo, 1)
	k := nw.into[0] // lane 0's customer input
	start := r.inputs[k].onHand
	posts := []struct {
		at  sim.Time
		qty float64
	}{
		{3*sim.Day + 5, 1}, {3*sim.Day + 5, 2}, // the same minute
		{sim.Day, 4},         // at a day's first minute
		{40 * sim.Day, 8},    // beyond the first ring of days
		{nw.Horizon - 1, 16}, // the last minute
		{nw.Horizon, 32},     // never
		{3*sim.Day + 6, 64},
	}
	for _, p := range posts {
		r.post(0, p.qty, p.at, 0)
	}
	for _, c := range []struct {
		t    sim.Time
		want float64 // received by t
	}{
		{0, 0}, {sim.Day - 1, 0}, {sim.Day, 4}, {3*sim.Day + 4, 4}, {3*sim.Day + 5, 7}, {3*sim.Day + 5, 7},
		{3*sim.Day + 6, 71}, {40*sim.Day - 1, 71}, {40 * sim.Day, 79}, {nw.Horizon - 2, 79}, {nw.Horizon - 1, 95},
	} {
		r.receive(c.t)
		if got := r.inputs[k].onHand - start; got != c.want {
			t.Fatalf("by minute %d: %v received, want %v", c.t, got, c.want)
		}
	}
	if len(r.due) < 64 {
		t.Errorf("the ring has %d days; a shipment 40 days ahead needs 64", len(r.due))
	}
	// A day of more shipments than a block holds, received in steps from
	// the middle of its list; a new replication reuses the blocks.
	var pool int
	for round := range 2 {
		r.reset(3, Silo, 1)
		start = r.inputs[k].onHand
		for i := range 100 {
			r.post(0, float64(i+1), 7*sim.Day+sim.Time(i%5)*10, 0)
		}
		for step := range 5 {
			r.receive(7*sim.Day + sim.Time(step)*10)
			want := 0.0
			for i := range 100 {
				if i%5 <= step {
					want += float64(i + 1)
				}
			}
			if got := r.inputs[k].onHand - start; got != want {
				t.Fatalf("round %d, by minute %d of day 7: %v received, want %v", round, step*10, got, want)
			}
		}
		for range 40 { // still on their way at the next reset
			r.post(0, 1, 50*sim.Day, 7*sim.Day)
		}
		if round == 0 {
			pool = len(r.blocks)
		} else if len(r.blocks) != pool {
			t.Errorf("the second replication grew the pool of blocks from %d to %d", pool, len(r.blocks))
		}
	}
	// A new replication forgets the last one's shipments. A day's
	// shipments posted while it is being received (a transit of minutes)
	// arrive at their minute too.
	r.reset(2, Silo, 1)
	r.post(0, 100, 2*sim.Day, 0)
	r.reset(2, Silo, 1)
	start = r.inputs[k].onHand
	r.receive(5*sim.Day + 10)
	r.post(0, 1, 5*sim.Day+30, 5*sim.Day+10)
	r.post(0, 2, 5*sim.Day+20, 5*sim.Day+10)
	for _, c := range []struct {
		t    sim.Time
		want float64
	}{{5*sim.Day + 19, 0}, {5*sim.Day + 20, 2}, {5*sim.Day + 30, 3}} {
		r.receive(c.t)
		if got := r.inputs[k].onHand - start; got != c.want {
			t.Fatalf("after a reset, by minute %d: %v received, want %v", c.t, got, c.want)
		}
	}
}
