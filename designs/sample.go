package designs

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// Grid returns the full factorial of levels (the number of levels of each
// factor) as indices: every combination once, the last factor varying
// fastest, as nested loops over the factors in order would visit them.
func Grid(levels []int) [][]int {
	total := 1
	for _, n := range levels {
		total *= n
	}
	if len(levels) == 0 || total == 0 {
		return nil
	}
	out := make([][]int, total)
	for k := range out {
		p, rest := make([]int, len(levels)), k
		for f := len(levels) - 1; f >= 0; f-- {
			p[f], rest = rest%levels[f], rest/levels[f]
		}
		out[k] = p
	}
	return out
}

// LatinHypercube returns n points in [0, 1)^dims, each dimension holding
// exactly one point in each of its n strata [k/n, (k+1)/n) (gonum's
// samplemv.LatinHypercube over the unit cube), drawn from seed: the same
// n, dims and seed give the same points.
func LatinHypercube(n, dims int, seed uint64) [][]float64 {
	src := rand.NewPCG(seed, 0x1a71)
	batch := mat.NewDense(n, dims, nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(dims, src), Src: src}.Sample(batch)
	out := make([][]float64, n)
	for i := range out {
		out[i] = append([]float64(nil), batch.RawRowView(i)...)
	}
	return out
}
