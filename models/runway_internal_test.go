package models

import (
	"math"
	"testing"
)

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
		{"never short names nothing", []cause{{math.Inf(1), 1e-300, 3}}, math.Inf(1), -1},
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
