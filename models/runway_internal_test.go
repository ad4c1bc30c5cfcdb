package models

import (
	"math"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// A lane whose last shipment has arrived holds exactly nothing in
// transit, though the quantities taken off its sum one by one leave a
// rounding residue; while shipments are on their way it holds their sum.
func TestArrive_EmptyLaneHoldsExactlyNothingInTransit(t *testing.T) {
	nw := shortNet(Proportional)
	r := NewRun(nw, sim.NewQueue(), 1)
	r.reset(1, Silo, 1)
	qty := []float64{0.1, 0.7, 1.0 / 3, 0.2, 5.0 / 7}
	naive := 0.0
	for i, q := range qty {
		r.lanes[0].inTransit += q // as dispatch does, then posts it
		r.post(0, q, sim.Time(i+1)*sim.Day, 0)
		naive += q
	}
	for _, q := range qty {
		naive -= q
	}
	if naive == 0 {
		t.Fatal("these quantities leave no residue: the test checks nothing")
	}
	r.receive(3 * sim.Day)
	if got, want := r.lanes[0].inTransit, qty[3]+qty[4]; math.Abs(got-want) > 1e-15 {
		t.Errorf("two shipments on their way: %v in transit, want %v", got, want)
	}
	r.receive(5 * sim.Day)
	if got := r.lanes[0].inTransit; got != 0 {
		t.Errorf("every shipment arrived: %g in transit, want exactly 0 (one by one, the sum leaves %g)", got, naive)
	}
}

// Causes of shortage within sameDays of each other are one shortage,
// named by the earliest-onset occurrence (the lowest index) whatever the
// order they are folded in and whatever the sign of their rounding; a
// cause clearly earlier names the shortage whatever its index.
func TestRunwayTake_TiesGoToTheEarliestOnset(t *testing.T) {
	type cause struct {
		days, phi float64
		root      int
	}
	for _, c := range []struct {
		name   string
		causes []cause
		days   float64
		root   int
	}{
		{"both short now, the later onset first", []cause{{-4e-15, 0.4, 3}, {0, 1, 1}}, -4e-15, 1},
		{"both short now, the earlier onset first", []cause{{0, 1, 1}, {-4e-15, 0.4, 3}}, -4e-15, 1},
		{"rounding the other way", []cause{{4e-15, 0.4, 3}, {0, 1, 1}}, 0, 1},
		{"the same days by two paths", []cause{{2.509443682607448, 1, 3}, {2.5094436826074955, 1, 1}}, 2.509443682607448, 1},
		{"a later onset clearly earlier", []cause{{0.5, 1, 1}, {0.25, 0.2, 3}}, 0.25, 3},
		{"a later onset clearly later", []cause{{0.25, 0.2, 1}, {0.5, 1, 3}}, 0.25, 1},
	} {
		rw := runway{days: math.Inf(1), root: -1}
		phi := 0.0
		for _, k := range c.causes {
			rw.take(k.days, k.phi, k.root)
			phi = max(phi, k.phi)
		}
		if rw.days != c.days || rw.root != c.root || rw.phi != phi {
			t.Errorf("%s: %+v, want days %g, root %d, phi %g", c.name, rw, c.days, c.root, phi)
		}
	}
}
