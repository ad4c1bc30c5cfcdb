package designs

import (
	"math"
	"testing"
)

// Every dimension of the sequence is a (0, m, 1)-net in base 2: its first
// 2^m points hold exactly one point in each interval [k/2^m, (k+1)/2^m).
// A wrong direction number (an even m_i, a wrong polynomial) breaks it.
func TestSobol_OnePointPerDyadicInterval(t *testing.T) {
	const m = 10
	pts, err := Sobol(1<<m, MaxSobolDims)
	if err != nil {
		t.Fatal(err)
	}
	for d := range MaxSobolDims {
		seen := make([]bool, 1<<m)
		for _, p := range pts {
			k := int(p[d] * (1 << m))
			if seen[k] {
				t.Fatalf("dimension %d: two of the first %d points in interval %d", d+1, 1<<m, k)
			}
			seen[k] = true
		}
	}
	// Two-dimensional projections: the first 2^(2j) points of dimensions 1
	// and 2 fill every cell of a 2^j × 2^j grid exactly once (t = 0 for
	// this pair).
	const j = 4
	cells := map[[2]int]int{}
	for _, p := range pts[:1<<(2*j)] {
		cells[[2]int{int(p[0] * (1 << j)), int(p[1] * (1 << j))}]++
	}
	if len(cells) != 1<<(2*j) {
		t.Errorf("dimensions 1 and 2: %d of %d cells hit by the first %d points", len(cells), 1<<(2*j), 1<<(2*j))
	}
	if _, err := Sobol(4, MaxSobolDims+1); err == nil {
		t.Error("more dimensions than the table holds accepted")
	}
	if p := pts[1]; math.Abs(p[0]-0.5) > 0 || math.Abs(p[1]-0.5) > 0 {
		t.Errorf("second point %v, want 0.5 in every dimension", p[:2])
	}
}

// Ishigami's function, f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³
// with a = 7, b = 0.1, has S1 = 0.3139, 0.4424, 0 and ST = 0.5576, 0.4424,
// 0.2437 (Ishigami & Homma 1990; Saltelli et al. 2010). Through Saltelli's
// scheme and SobolIndices, each falls inside its bootstrap interval, and
// the intervals narrow as the base samples grow.
func TestSobolIndices_Ishigami(t *testing.T) {
	s1 := []float64{0.3139, 0.4424, 0}
	st := []float64{0.5576, 0.4424, 0.2437}
	width := map[int]float64{}
	for _, n := range []int{1 << 10, 1 << 13} {
		pts, err := Saltelli(n, 3)
		if err != nil {
			t.Fatal(err)
		}
		y := make([]float64, len(pts))
		for k, p := range pts {
			x1, x2, x3 := -math.Pi+2*math.Pi*p[0], -math.Pi+2*math.Pi*p[1], -math.Pi+2*math.Pi*p[2]
			y[k] = math.Sin(x1) + 7*math.Pow(math.Sin(x2), 2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)
		}
		idx, err := SobolIndices(y, 3, 500, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i, ix := range idx {
			for _, c := range []struct {
				name  string
				got   Index
				exact float64
			}{{"S1", ix.S1, s1[i]}, {"ST", ix.ST, st[i]}} {
				if !(c.got.CI95[0] <= c.exact && c.exact <= c.got.CI95[1]) {
					t.Errorf("N = %d, x%d: %s = %.4f, 95%% interval [%.4f, %.4f] misses %.4f", n, i+1, c.name, c.got.Value, c.got.CI95[0], c.got.CI95[1], c.exact)
				}
				width[n] += c.got.CI95[1] - c.got.CI95[0]
			}
			t.Logf("N = %d, x%d: S1 %.4f [%.4f, %.4f], ST %.4f [%.4f, %.4f]", n, i+1, ix.S1.Value, ix.S1.CI95[0], ix.S1.CI95[1], ix.ST.Value, ix.ST.CI95[0], ix.ST.CI95[1])
		}
	}
	if !(width[1<<13] < 0.5*width[1<<10]) {
		t.Errorf("intervals' total width %.4f at N = 8192 against %.4f at N = 1024: want them to narrow (≈ 1/√8)", width[1<<13], width[1<<10])
	}
	if _, err := SobolIndices([]float64{1, 2, 3}, 3, 10, 1); err == nil {
		t.Error("3 outputs for 3 factors accepted")
	}
}

// The grid is the full factorial in nested-loop order (last factor
// fastest); the Latin hypercube has one point per stratum in every
// dimension and is a pure function of its seed.
func TestGridAndLatinHypercube(t *testing.T) {
	g := Grid([]int{2, 3})
	want := [][]int{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}
	if len(g) != len(want) {
		t.Fatalf("grid %v, want %v", g, want)
	}
	for k := range want {
		if g[k][0] != want[k][0] || g[k][1] != want[k][1] {
			t.Fatalf("grid %v, want %v", g, want)
		}
	}
	const n, dims = 50, 4
	pts := LatinHypercube(n, dims, 9)
	for d := range dims {
		seen := make([]bool, n)
		for _, p := range pts {
			k := int(p[d] * n)
			if k < 0 || k >= n || seen[k] {
				t.Fatalf("dimension %d: stratum %d twice or out of range (%v)", d, k, p[d])
			}
			seen[k] = true
		}
	}
	again, other := LatinHypercube(n, dims, 9), LatinHypercube(n, dims, 10)
	if again[7][2] != pts[7][2] || other[7][2] == pts[7][2] {
		t.Error("the hypercube is not a function of its seed")
	}
}
