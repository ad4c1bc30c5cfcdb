package results

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Quantiles of a sketch are within its stated relative accuracy of the
// exact order statistics, for values of both signs, zeros and a wide range.
func TestSketch_QuantilesWithinAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := NewSketch(FineBuckets)
	var xs []float64
	for i := range 20000 {
		x := math.Exp(r.NormFloat64()*3) * float64(1-2*(i%3/2)) // lognormal, a third negated
		if i%50 == 0 {
			x = 0
		}
		xs = append(xs, x)
		s.Add(x)
	}
	s.Add(math.NaN())
	slices.Sort(xs)
	const tol = 1.0 / (2 * FineBuckets)
	for _, q := range []float64{0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1} {
		rank := max(int(math.Ceil(q*float64(len(xs)))), 1)
		want, got := xs[rank-1], s.Quantile(q)
		if math.Abs(got-want) > tol*math.Abs(want) {
			t.Errorf("q = %v: %v, exact %v; want within %.3g relative", q, got, want, tol)
		}
	}
	if s.N() != 20000 {
		t.Errorf("N = %d, want 20000 (NaN not counted)", s.N())
	}
}

// Merging sketches gives exactly the sketch of all the values, in any order.
func TestSketch_MergeIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	all, a, b := NewSketch(CoarseBuckets), NewSketch(CoarseBuckets), NewSketch(CoarseBuckets)
	for i := range 5000 {
		x := r.NormFloat64() * 100
		all.Add(x)
		if i%2 == 0 {
			a.Add(x)
		} else {
			b.Add(x)
		}
	}
	b.Merge(a)
	qs := []float64{0.05, 0.5, 0.95}
	if got, want := b.Quantiles(qs...), all.Quantiles(qs...); !slices.Equal(got, want) {
		t.Errorf("merged %v, whole %v", got, want)
	}
	if e := NewSketch(FineBuckets).Quantile(0.5); !math.IsNaN(e) {
		t.Errorf("empty sketch quantile %v, want NaN", e)
	}
}
