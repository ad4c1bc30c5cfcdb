package designs

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Saltelli returns the n·(dims+2) points of Saltelli's scheme in
// [0, 1)^dims, from n points of a 2·dims-dimensional Sobol sequence whose
// first dims coordinates are the matrix A and the others B. The sequence's
// first 2^⌈log₂ n⌉ points are skipped (as SALib does): its first two are
// the same in every coordinate (0, then ½), which makes A and B equal.
// For each base sample j the points are A_j, then AB_j^1 … AB_j^dims (A_j
// with coordinate i taken from B_j), then B_j: SobolIndices reads model
// outputs in that order.
func Saltelli(n, dims int) ([][]float64, error) {
	if n < 2 {
		return nil, fmt.Errorf("a Saltelli design of %d base samples: want at least 2", n)
	}
	skip := 1
	for skip < n {
		skip *= 2
	}
	base, err := Sobol(skip+n, 2*dims)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, 0, n*(dims+2))
	for _, p := range base[skip:] {
		a, b := p[:dims], p[dims:]
		out = append(out, slices.Clone(a))
		for i := range dims {
			ab := slices.Clone(a)
			ab[i] = b[i]
			out = append(out, ab)
		}
		out = append(out, slices.Clone(b))
	}
	return out, nil
}

// Index is a sensitivity index with its bootstrap 95% interval.
type Index struct {
	Value float64    `json:"value"`
	CI95  [2]float64 `json:"ci95"`
}

// Indices are one factor's first-order (S1) and total (ST) Sobol indices.
type Indices struct {
	S1 Index `json:"s1"`
	ST Index `json:"st"`
}

// SobolIndices estimates each factor's first-order and total Sobol index
// from the model outputs y at the points of Saltelli(n, dims), in their
// order: first order by Saltelli et al. (2010), S_i = mean(f(B)·(f(AB^i) −
// f(A))) / V, total by Jansen (1999), ST_i = mean((f(A) − f(AB^i))²) / 2V,
// V the variance of f over A and B together. Each interval is the 2.5% to
// 97.5% quantile (supplysim's rule) of the index over resamples bootstrap
// resamples of the base samples, drawn from seed: the same y and seed give
// the same intervals. A y with no variance has undefined (NaN) indices.
func SobolIndices(y []float64, dims, resamples int, seed uint64) ([]Indices, error) {
	n := len(y) / (dims + 2)
	if dims < 1 || n < 2 || len(y) != n*(dims+2) {
		return nil, fmt.Errorf("%d outputs for %d factors: want n·(%d + 2) with n ≥ 2", len(y), dims, dims)
	}
	for k, x := range y {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("output %d is %v: every point needs a number", k, x)
		}
	}
	row := func(j int) []float64 { return y[j*(dims+2) : (j+1)*(dims+2)] } // A, AB^1 … AB^dims, B
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	estimate := func(js []int, s1, st []float64) {
		var sum, sq float64
		for _, j := range js {
			r := row(j)
			for _, x := range [2]float64{r[0], r[dims+1]} {
				sum += x
				sq += float64(x * x)
			}
		}
		m := float64(2 * len(js))
		v := sq/m - float64((sum/m)*(sum/m))
		for i := range dims {
			var first, total float64
			for _, j := range js {
				r := row(j)
				a, ab, b := r[0], r[1+i], r[dims+1]
				first += float64(b * (ab - a))
				total += float64((a - ab) * (a - ab))
			}
			s1[i] = first / float64(len(js)) / v
			st[i] = total / float64(len(js)) / float64(2*v)
		}
	}
	out := make([]Indices, dims)
	s1, st := make([]float64, dims), make([]float64, dims)
	estimate(all, s1, st)
	for i := range out {
		out[i].S1.Value, out[i].ST.Value = s1[i], st[i]
	}
	rng := rand.New(rand.NewPCG(seed, 0x50b01))
	boot1, bootT := make([][]float64, dims), make([][]float64, dims)
	js := make([]int, n)
	for range resamples {
		for k := range js {
			js[k] = rng.IntN(n)
		}
		estimate(js, s1, st)
		for i := range dims {
			boot1[i], bootT[i] = append(boot1[i], s1[i]), append(bootT[i], st[i])
		}
	}
	for i := range out {
		out[i].S1.CI95 = interval(boot1[i])
		out[i].ST.CI95 = interval(bootT[i])
	}
	return out, nil
}

// interval is the 2.5% to 97.5% quantile of xs by rank ⌈q·n⌉; NaN without
// values or when any is NaN.
func interval(xs []float64) [2]float64 {
	if len(xs) == 0 || slices.ContainsFunc(xs, math.IsNaN) {
		return [2]float64{math.NaN(), math.NaN()}
	}
	slices.Sort(xs)
	at := func(q float64) float64 { return xs[max(0, int(math.Ceil(q*float64(len(xs))))-1)] }
	return [2]float64{at(0.025), at(0.975)}
}

// MarshalJSON writes an index with null for an undefined (NaN) number.
func (ix Index) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Value *float64    `json:"value"`
		CI95  [2]*float64 `json:"ci95"`
	}{orNull(ix.Value), [2]*float64{orNull(ix.CI95[0]), orNull(ix.CI95[1])}})
}

// UnmarshalJSON reads an index back, null as NaN.
func (ix *Index) UnmarshalJSON(b []byte) error {
	var v struct {
		Value *float64    `json:"value"`
		CI95  [2]*float64 `json:"ci95"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	ix.Value, ix.CI95 = orNaN(v.Value), [2]float64{orNaN(v.CI95[0]), orNaN(v.CI95[1])}
	return nil
}

func orNull(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
