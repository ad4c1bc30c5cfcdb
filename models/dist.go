package models

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// DistKind names a probability distribution.
type DistKind uint8

// The distributions a scenario can use.
const (
	Constant   DistKind = iota // A
	Normal                     // mean A, standard deviation B, truncated at 0
	LogNormal                  // median A, log-scale sigma B
	Uniform                    // on [A, B]
	Triangular                 // minimum A, mode B, maximum C
	Poisson                    // mean A
)

var distNames = [...]string{"constant", "normal", "lognormal", "uniform", "triangular", "poisson"}

func (k DistKind) String() string {
	if int(k) < len(distNames) {
		return distNames[k]
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// Dist is a distribution of non-negative values (units, or minutes for
// transit times). It is a small value: sampling allocates nothing.
type Dist struct {
	Kind    DistKind
	A, B, C float64
}

// Sample draws one value from r. Normal draws below zero are clamped to 0.
func (d Dist) Sample(r *rand.Rand) float64 {
	switch d.Kind {
	case Constant:
		return d.A
	case Normal:
		return max(0, d.A+float64(d.B*r.NormFloat64()))
	case LogNormal:
		return d.A * math.Exp(float64(d.B*r.NormFloat64()))
	case Uniform:
		return d.A + float64((d.B-d.A)*float64(r.Float64()))
	case Triangular:
		return d.triangular(float64(r.Float64()))
	case Poisson:
		return poisson(r, d.A)
	}
	panic("models: unknown distribution kind " + d.Kind.String())
}

// triangular inverts the triangular CDF at u. Which arm u falls in is as
// random as u, so the arms choose with selects rather than a branch the
// CPU would mispredict about every other time (12.5 against 15.8 ns a
// draw); the arithmetic is the same, and so is every bit of the result.
func (d Dist) triangular(u float64) float64 {
	lo, mode, hi := d.A, d.B, d.C
	if hi == lo {
		return lo
	}
	left := u < (mode-lo)/(hi-lo)
	s := math.Sqrt(pick(left, float64(u*(hi-lo))*(mode-lo), float64((1-u)*(hi-lo))*(hi-mode)))
	return pick(left, lo+s, hi-s)
}

// pick is a if c, else b, without a branch: Go selects integers with a
// conditional move but branches on floats.
func pick(c bool, a, b float64) float64 {
	var m uint64
	if c {
		m = 1
	}
	x, y := math.Float64bits(a), math.Float64bits(b)
	return math.Float64frombits(y ^ ((x ^ y) & -m))
}

// Mean returns the expected value (of the untruncated distribution for Normal).
func (d Dist) Mean() float64 {
	switch d.Kind {
	case Normal, Poisson, Constant:
		return d.A
	case LogNormal:
		return d.A * math.Exp(float64(d.B*d.B)/2)
	case Uniform:
		return (d.A + d.B) / 2
	case Triangular:
		return (d.A + d.B + d.C) / 3
	}
	panic("models: unknown distribution kind " + d.Kind.String())
}

// SD returns the standard deviation (of the untruncated distribution for Normal).
func (d Dist) SD() float64 {
	switch d.Kind {
	case Constant:
		return 0
	case Normal:
		return d.B
	case Poisson:
		return math.Sqrt(d.A)
	case LogNormal:
		s2 := float64(d.B * d.B)
		return d.A * math.Sqrt(float64(math.Exp(s2)*(math.Exp(s2)-1)))
	case Uniform:
		return (d.B - d.A) / math.Sqrt(12)
	case Triangular:
		a, b, c := d.A, d.B, d.C
		return math.Sqrt((float64(a*a) + float64(b*b) + float64(c*c) - float64(a*b) - float64(a*c) - float64(b*c)) / 18)
	}
	panic("models: unknown distribution kind " + d.Kind.String())
}

// Check returns an error when the parameters do not define a distribution of
// non-negative values. Its message names the rule, not the values, so that
// the caller can show them in the user's units.
func (d Dist) Check() error {
	bad := func(format string, args ...any) error { return fmt.Errorf(d.Kind.String()+": "+format, args...) }
	for _, v := range []float64{d.A, d.B, d.C} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("parameters must be finite")
		}
	}
	switch {
	case d.Kind > Poisson:
		return fmt.Errorf("unknown distribution kind %d", d.Kind)
	case d.A < 0 || d.B < 0 || d.C < 0:
		return bad("parameters must be ≥ 0")
	case d.Kind == LogNormal && (d.A <= 0 || d.B > 5):
		return bad("want median > 0 and sigma ≤ 5")
	case d.Kind == Uniform && d.B < d.A:
		return bad("want min ≤ max")
	case d.Kind == Triangular && !(d.A <= d.B && d.B <= d.C):
		return bad("want min ≤ mode ≤ max")
	case d.Kind == Poisson && d.A > 1e9:
		return bad("want mean ≤ 1e9")
	}
	return nil
}
