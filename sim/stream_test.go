package sim_test

import (
	"math"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

func draws(s *sim.Streams, name string, n int) []uint64 {
	r := s.Stream(name)
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uint64()
	}
	return out
}

func TestStreams_SameInputsSameDraws(t *testing.T) {
	a, b := sim.NewStreams(42), sim.NewStreams(42)
	a.SetReplication(7)
	b.SetReplication(7)
	da, db := draws(a, "demand/plant-wob", 1000), draws(b, "demand/plant-wob", 1000)
	for i := range da {
		if da[i] != db[i] {
			t.Fatalf("draw %d differs between two Streams with the same seed, replication and name", i)
		}
	}
}

// TestStreams_Golden pins the derivation: if it changes, every published
// result stops being reproducible, so the change must be deliberate. The
// value was checked outside Go: SHA-256 in Python and PCG-DXSM by hand.
func TestStreams_Golden(t *testing.T) {
	s := sim.NewStreams(1)
	s.SetReplication(2)
	if got, want := s.Stream("demand").Uint64(), uint64(6552822511658810364); got != want {
		t.Errorf("first draw of (seed 1, replication 2, \"demand\") = %d, want %d", got, want)
	}
}

func TestStreams_NewStreamLeavesOthersUnchanged(t *testing.T) {
	alone := draws(sim.NewStreams(5), "transit/lane-3", 500)

	crowded := sim.NewStreams(5)
	other := crowded.Stream("shocks")
	other.Uint64()
	lane := crowded.Stream("transit/lane-3")
	extra := crowded.Stream("demand/new-node")
	for i, want := range alone {
		other.Uint64()
		extra.Float64()
		if got := lane.Uint64(); got != want {
			t.Fatalf("draw %d of a stream changed when other streams were added and used", i)
		}
	}
}

func TestStreams_SetReplicationRestartsSequences(t *testing.T) {
	s := sim.NewStreams(9)
	r := s.Stream("x")
	s.SetReplication(3)
	first := r.Uint64()
	r.Uint64()
	s.SetReplication(4)
	if r.Uint64() == first {
		t.Error("replication 4 started with the same draw as replication 3")
	}
	s.SetReplication(3)
	if got := r.Uint64(); got != first {
		t.Errorf("after SetReplication(3) again: first draw %d, want %d", got, first)
	}
	if allocs := testing.AllocsPerRun(100, func() { s.SetReplication(5) }); allocs != 0 {
		t.Errorf("SetReplication allocates %.1f times, want 0", allocs)
	}
}

// TestStreams_ReplicationsUncorrelated checks (1) that the draws of adjacent
// replications of the same stream are uncorrelated and (2) that the first
// draws of many replications are uniform. Both thresholds are at about the
// 0.01% level for a correct generator, so the fixed seed below is no tuning.
func TestStreams_ReplicationsUncorrelated(t *testing.T) {
	const n = 20000
	s := sim.NewStreams(2026)
	r := s.Stream("demand")
	x := make([]float64, n)
	for i := range x {
		x[i] = r.Float64()
	}
	for rep := uint64(1); rep <= 5; rep++ {
		s.SetReplication(rep)
		y := make([]float64, n)
		for i := range y {
			y[i] = r.Float64()
		}
		if c := correlation(x, y); math.Abs(c) > 4/math.Sqrt(n) {
			t.Errorf("correlation of replication 0 and %d = %.4f, beyond ±%.4f", rep, c, 4/math.Sqrt(n))
		}
	}

	const reps, bins = 10000, 20
	var counts [bins]float64
	for rep := range uint64(reps) {
		s.SetReplication(rep)
		counts[int(r.Float64()*bins)]++
	}
	chi2 := 0.0
	for _, c := range counts {
		chi2 += (c - reps/bins) * (c - reps/bins) / (reps / bins)
	}
	if chi2 > 50.5 { // χ²(19) upper 0.01% point ≈ 50.5
		t.Errorf("first draws across %d replications: χ² = %.1f over %d bins, not uniform", reps, chi2, bins)
	}
}

func correlation(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestKeyed_DrawsDependOnlyOnKey(t *testing.T) {
	a, b := sim.NewStreams(3), sim.NewStreams(3)
	ka, kb := a.Keyed("transit/x"), b.Keyed("transit/x")
	want := ka.At(17).Uint64()
	for k := uint64(0); k < 50; k++ { // b visits other keys and draws more first
		kb.At(k).Uint64()
		kb.At(k).Uint64()
	}
	if got := kb.At(17).Uint64(); got != want {
		t.Errorf("At(17) after visiting other keys = %d, want %d", got, want)
	}
	if ka.At(18).Uint64() == want {
		t.Error("At(18) repeats At(17)")
	}
	if a.Stream("transit/x").Uint64() == want {
		t.Error("a keyed stream shares its draws with the sequential stream of the same name")
	}
	a.SetReplication(1)
	if ka.At(17).Uint64() == want {
		t.Error("At(17) did not change with the replication")
	}
	if allocs := testing.AllocsPerRun(100, func() { ka.At(5).Float64() }); allocs != 0 {
		t.Errorf("At allocates %.1f times, want 0", allocs)
	}
}

// A keyed stream's seed is hashed when it is first positioned in a
// replication: its draws are those of a fresh Streams set to that
// replication, whether it was positioned in the replications before or
// skipped some, and whatever replication another stream was last
// positioned in.
func TestKeyed_SeededWhenFirstPositioned(t *testing.T) {
	s := sim.NewStreams(11)
	often, seldom := s.Keyed("transit/a"), s.Keyed("express/a")
	for _, rep := range []uint64{0, 1, 2, 3, 7, 4, 4, 9} {
		s.SetReplication(rep)
		fresh := sim.NewStreams(11)
		fresh.SetReplication(rep)
		if got, want := often.At(rep+3).Uint64(), fresh.Keyed("transit/a").At(rep+3).Uint64(); got != want {
			t.Errorf("replication %d: transit/a draws %d, a fresh Streams %d", rep, got, want)
		}
		if rep%3 != 0 {
			continue // seldom skips this replication
		}
		if got, want := seldom.At(5).Uint64(), fresh.Keyed("express/a").At(5).Uint64(); got != want {
			t.Errorf("replication %d: express/a draws %d, a fresh Streams %d", rep, got, want)
		}
	}
}

// Keyed streams of one Streams share a generator and the mixing of the
// last key: a stream's draws at a key are the same whether the others are
// positioned at the same key, at another, or not at all in between.
func TestKeyed_SharedGeneratorChangesNoDraw(t *testing.T) {
	alone := func(name string, key uint64) [3]uint64 {
		r := sim.NewStreams(5).Keyed(name).At(key)
		return [3]uint64{r.Uint64(), r.Uint64(), r.Uint64()}
	}
	s := sim.NewStreams(5)
	x, y := s.Keyed("transit/x"), s.Keyed("transit/y")
	for _, key := range []uint64{7, 7, 8, 7, 0, 1 << 63} {
		for _, k := range []struct {
			name string
			st   sim.Keyed
		}{{"transit/x", x}, {"transit/y", y}} {
			r := k.st.At(key)
			if got := [3]uint64{r.Uint64(), r.Uint64(), r.Uint64()}; got != alone(k.name, key) {
				t.Errorf("%s at %d after the other stream: %v, alone %v", k.name, key, got, alone(k.name, key))
			}
		}
	}
	if alone("transit/x", 7) == alone("transit/y", 7) {
		t.Error("two keyed streams draw alike at one key")
	}
}

// TestKeyed_Uniform checks that the first draws at consecutive keys are
// uniform (χ² over 20 bins, 20,000 keys; the 99.9% point for 19 degrees of
// freedom is 43.8) and that neighbouring keys are uncorrelated.
func TestKeyed_Uniform(t *testing.T) {
	k := sim.NewStreams(11).Keyed("u")
	const n, bins = 20000, 20
	var count [bins]int
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = k.At(uint64(i)).Float64()
		count[int(xs[i]*bins)]++
	}
	chi2 := 0.0
	for _, c := range count {
		d := float64(c) - n/bins
		chi2 += d * d / (n / bins)
	}
	if chi2 > 43.8 {
		t.Errorf("χ² = %.1f over %d bins, want ≤ 43.8", chi2, bins)
	}
	if c := correlation(xs[:n-1], xs[1:]); math.Abs(c) > 4/math.Sqrt(n) {
		t.Errorf("correlation of neighbouring keys %.4f, want |c| ≤ %.4f", c, 4/math.Sqrt(n))
	}
}
