package results

import (
	"math"
	"slices"

	"github.com/supplysim/supplysim/models"
)

// The data behind each figure, computed here and drawn in plot.go, so that
// tests check the numbers a reader sees rather than image bytes.

// Box is a box plot of one regime: quartiles by Quantile's rule (order
// statistics, as everywhere in supplysim), whiskers at the most extreme values within 1.5 IQR of the box,
// and the values outside them.
type Box struct {
	Regime                  models.Regime
	N                       int
	Q1, Median, Q3          float64
	LowWhisker, HighWhisker float64
	Outliers                []float64
}

// NewBox summarises sorted xs.
func NewBox(g models.Regime, xs []float64) Box {
	b := Box{Regime: g, N: len(xs)}
	if len(xs) == 0 {
		return b
	}
	b.Q1, b.Median, b.Q3 = Quantile(xs, 0.25), Quantile(xs, 0.5), Quantile(xs, 0.75)
	fence := float64(1.5 * (b.Q3 - b.Q1))
	lo, hi := b.Q1-fence, b.Q3+fence
	b.LowWhisker, b.HighWhisker = b.Median, b.Median
	for _, x := range xs {
		switch {
		case x < lo || x > hi:
			b.Outliers = append(b.Outliers, x)
		default:
			b.LowWhisker, b.HighWhisker = math.Min(b.LowWhisker, x), math.Max(b.HighWhisker, x)
		}
	}
	return b
}

// Step is one step of an empirical CDF: the share of values ≤ X.
type Step struct{ X, Share float64 }

// ECDF returns the steps of the empirical distribution function of sorted
// xs: one per distinct value, with the share of values at or below it.
func ECDF(xs []float64) []Step {
	var out []Step
	for i, x := range xs {
		share := float64(i+1) / float64(len(xs))
		if len(out) > 0 && out[len(out)-1].X == x {
			out[len(out)-1].Share = share
			continue
		}
		out = append(out, Step{x, share})
	}
	return out
}

// Difference is the per-replication difference of one metric between two
// regimes, as drawn in the paired histogram: the values, their mean and the
// 95% t-interval of the mean.
type Difference struct {
	A, B   models.Regime
	Values []float64 // sorted
	Mean   float64
	Lo, Hi float64
}

// NewDifference summarises the paired differences d (any order).
func NewDifference(a, b models.Regime, d []float64) Difference {
	var m Moments
	for _, x := range d {
		m.Add(x)
	}
	lo, hi := m.CI95()
	sorted := slices.Clone(d)
	slices.Sort(sorted)
	return Difference{A: a, B: b, Values: sorted, Mean: m.Mean(), Lo: lo, Hi: hi}
}

// Fan is one plant's daily output under one regime: median and the 5–95%
// band of vehicles started, and the median plan, per measured day.
type Fan struct {
	Plant        string
	Regime       string
	Day          []float64 // days from time 0
	P5, P50, P95 []float64
	Plan         []float64
}

// Fans groups the daily rows by plant, then regime, in the order met.
func (l *Loaded) Fans() map[string][]Fan {
	out := map[string][]Fan{}
	for _, r := range l.Daily {
		fans := out[r.Plant]
		k := slices.IndexFunc(fans, func(f Fan) bool { return f.Regime == r.Regime })
		if k < 0 {
			fans = append(fans, Fan{Plant: r.Plant, Regime: r.Regime})
			k = len(fans) - 1
		}
		f := &fans[k]
		f.Day = append(f.Day, float64(r.Day))
		f.P5, f.P50, f.P95, f.Plan = append(f.P5, r.P5), append(f.P50, r.P50), append(f.P95, r.P95), append(f.Plan, r.PlanP50)
		out[r.Plant] = fans
	}
	return out
}

// Plants returns the plants of the daily data in order.
func (l *Loaded) Plants() []string {
	var out []string
	for _, r := range l.Daily {
		if !slices.Contains(out, r.Plant) {
			out = append(out, r.Plant)
		}
	}
	return out
}

// Gap is the panel under a fan chart: per day, one regime's median output
// minus the first regime's. It is a difference of medians, not the median
// of paired differences: the daily sketches hold each regime's
// distribution, not the replications' pairs.
type Gap struct {
	Regime string
	Day    []float64
	Diff   []float64
}

// Gaps returns, for each regime after the first of fans, its median daily
// output minus the first regime's on the days both were measured.
func Gaps(fans []Fan) []Gap {
	if len(fans) < 2 {
		return nil
	}
	base := make(map[float64]float64, len(fans[0].Day))
	for i, d := range fans[0].Day {
		base[d] = fans[0].P50[i]
	}
	var out []Gap
	for _, f := range fans[1:] {
		g := Gap{Regime: f.Regime}
		for i, d := range f.Day {
			if b, ok := base[d]; ok {
				g.Day, g.Diff = append(g.Day, d), append(g.Diff, f.P50[i]-b)
			}
		}
		out = append(out, g)
	}
	return out
}
