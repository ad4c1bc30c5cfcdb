package results

import (
	"maps"
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

// A sketch holds the same buckets wherever its dense window sits: values
// near the first and far from it (infinities, both signs, tiny and huge),
// added one by one, merged, or restored from the saved form, give the
// counts of a plain map of buckets.
func TestSketch_WindowHoldsWhatAMapWould(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, first := range []float64{1000, -3, math.Inf(1), math.Inf(-1), 1e-300, -math.MaxFloat64} {
		for _, sub := range []int32{CoarseBuckets, FineBuckets} {
			whole, a, b := NewSketch(sub), NewSketch(sub), NewSketch(sub)
			want := map[int32]uint64{}
			xs := []float64{first}
			for i := range 3000 {
				x := 1000 * (1 + r.NormFloat64()*0.02) // mostly near the first of the series
				switch i % 7 {
				case 1:
					x = -x
				case 2:
					x = math.Exp(r.NormFloat64() * 200) // far away, within the float range or infinite
				case 3:
					x = []float64{0, math.Inf(1), math.Inf(-1), math.MaxFloat64, math.SmallestNonzeroFloat64}[i%5]
				}
				xs = append(xs, x)
			}
			for i, x := range xs {
				whole.Add(x)
				if i%3 == 0 {
					a.Add(x)
				} else {
					b.Add(x)
				}
				if x != 0 {
					want[whole.key(x)]++
				}
			}
			a.Merge(b)
			d := whole.data()
			restored, err := d.sketch(sub)
			if err != nil {
				t.Fatal(err)
			}
			for name, s := range map[string]*Sketch{"added": whole, "merged": a, "restored": restored} {
				got := map[int32]uint64{}
				sd := s.data()
				for i, k := range sd.Keys {
					got[k] = sd.Counts[i]
				}
				if !maps.Equal(got, want) || !slices.IsSorted(sd.Keys) {
					t.Errorf("first %v, %d buckets, %s: %d buckets saved, want %d, sorted %v", first, sub, name, len(got), len(want), slices.IsSorted(sd.Keys))
				}
				if s.N() != uint64(len(xs)) || s.Quantile(0.5) != whole.Quantile(0.5) {
					t.Errorf("first %v, %d buckets, %s: N %d, median %v; want %d, %v", first, sub, name, s.N(), s.Quantile(0.5), len(xs), whole.Quantile(0.5))
				}
			}
			if whole.counts == nil || whole.dense == nil {
				t.Errorf("first %v, %d buckets: the test should use both the window and the map", first, sub)
			}
		}
	}
}
