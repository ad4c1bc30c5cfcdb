package models_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/supplysim/supplysim/models"
)

// Every distribution's sample mean and standard deviation match Mean and SD
// within 4 standard errors (a false alarm about once in 16,000 checks).
func TestDistMoments(t *testing.T) {
	n := 200_000
	for _, d := range []models.Dist{
		{Kind: models.Constant, A: 3},
		{Kind: models.Normal, A: 100, B: 10},
		{Kind: models.LogNormal, A: 30, B: 0.4},
		{Kind: models.Uniform, A: 2, B: 5},
		{Kind: models.Triangular, A: 1, B: 2, C: 6},
		{Kind: models.Poisson, A: 0.7},
		{Kind: models.Poisson, A: 9.5},
		{Kind: models.Poisson, A: 10},
		{Kind: models.Poisson, A: 37},
		{Kind: models.Poisson, A: 2500},
	} {
		r := rand.New(rand.NewPCG(1, uint64(d.Kind)))
		var sum, sum2 float64
		for range n {
			x := d.Sample(r)
			sum += x
			sum2 += x * x
		}
		mean := sum / float64(n)
		sd := math.Sqrt(sum2/float64(n) - mean*mean)
		se := d.SD() / math.Sqrt(float64(n))
		if math.Abs(mean-d.Mean()) > 4*se+1e-12 {
			t.Errorf("%v %v: sample mean %.5g, want %.5g ± %.2g", d.Kind, d, mean, d.Mean(), 4*se)
		}
		if math.Abs(sd-d.SD()) > 0.02*d.SD()+1e-12 {
			t.Errorf("%v %v: sample sd %.5g, want %.5g within 2%%", d.Kind, d, sd, d.SD())
		}
	}
}

// The Poisson sampler's frequencies match the probability mass function
// (Pearson χ² test at the 0.1% level) on both sides of the switch from
// inversion to transformed rejection.
func TestPoissonChiSquare(t *testing.T) {
	for _, mean := range []float64{4, 10, 45} {
		n := 100_000
		r := rand.New(rand.NewPCG(9, uint64(mean)))
		d := models.Dist{Kind: models.Poisson, A: mean}
		counts := map[int]int{}
		for range n {
			counts[int(d.Sample(r))]++
		}
		// Bins of k with expected count ≥ 5, the tails pooled.
		lo, hi := 0, 0
		pmf := func(k int) float64 {
			lg, _ := math.Lgamma(float64(k) + 1)
			return math.Exp(-mean + float64(k)*math.Log(mean) - lg)
		}
		for k := 0; float64(n)*pmf(k) < 5; k++ {
			lo = k + 1
		}
		for hi = int(mean); float64(n)*pmf(hi+1) >= 5; hi++ {
		}
		chi2, below, above := 0.0, 0, 0
		pBelow, pAbove := 0.0, 1.0
		for k := 0; k < lo; k++ {
			below += counts[k]
			pBelow += pmf(k)
		}
		pAbove -= pBelow
		for k := lo; k <= hi; k++ {
			e := float64(n) * pmf(k)
			chi2 += (float64(counts[k]) - e) * (float64(counts[k]) - e) / e
			pAbove -= pmf(k)
		}
		for k, c := range counts {
			if k > hi {
				above += c
			}
		}
		bins := hi - lo + 1
		for _, tail := range []struct {
			got int
			p   float64
		}{{below, pBelow}, {above, pAbove}} {
			if e := float64(n) * tail.p; e >= 5 {
				chi2 += (float64(tail.got) - e) * (float64(tail.got) - e) / e
				bins++
			}
		}
		df := float64(bins - 1)
		// Wilson–Hilferty approximation of the 99.9% χ² quantile.
		crit := df * math.Pow(1-2/(9*df)+3.0902*math.Sqrt(2/(9*df)), 3)
		if chi2 > crit {
			t.Errorf("mean %g: χ² = %.1f over %d bins, above the 0.1%% critical value %.1f", mean, chi2, bins, crit)
		}
	}
}
