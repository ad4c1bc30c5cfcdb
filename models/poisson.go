package models

import (
	"math"
	"math/rand/v2"
)

// poisson draws from the Poisson distribution with the given mean: by
// inversion for means below 10 (expected O(mean) uniforms), and by the
// transformed rejection method PTRS of Hörmann (1993), "The transformed
// rejection method for generating Poisson random variables", Insurance:
// Mathematics and Economics 12, for larger means (about 1.1 uniform pairs
// per draw).
func poisson(r *rand.Rand, mean float64) float64 {
	if mean <= 0 {
		return 0
	}
	if mean < 10 {
		return poissonInversion(r, mean)
	}
	return poissonPTRS(r, mean)
}

func poissonInversion(r *rand.Rand, mean float64) float64 {
	p := math.Exp(-mean)
	cdf, k, u := p, 0.0, float64(r.Float64())
	for u > cdf && k < 1000 {
		k++
		p = float64(p*mean) / k
		cdf += p
	}
	return k
}

func poissonPTRS(r *rand.Rand, mean float64) float64 {
	logMean := math.Log(mean)
	b := 0.931 + float64(2.53*math.Sqrt(mean))
	a := -0.059 + float64(0.02483*b)
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := float64(r.Float64()) - 0.5
		v := float64(r.Float64())
		us := 0.5 - math.Abs(u)
		k := math.Floor(float64(float64(float64(2*a/us)+b)*u) + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return k
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		lhs := math.Log(float64(v*invAlpha) / (a/float64(us*us) + b))
		if lhs <= -mean+float64(k*logMean)-lg {
			return k
		}
	}
}
