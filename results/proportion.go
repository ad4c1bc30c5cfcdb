package results

import "math"

// z975 is the 97.5% point of the standard normal.
const z975 = 1.959963984540054

// NewShare returns k of n with its 95% Wilson score interval (Wilson 1927):
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²)
//
// It stays inside [0, 1] and keeps its coverage near 95% at shares close
// to 0 or 1, where the Wald interval fails. NaNs when n is 0.
func NewShare(k, n uint64) Share { return NewClusteredShare(k, n, 1) }

// NewClusteredShare is NewShare for k of n events that come in clusters
// with design effect deff ≥ 1 (cluster-robust over independent variance):
// the Wilson interval of the effective sample n/deff (Kish 1965; Korn &
// Graubard 1998), which is wider by about √deff.
func NewClusteredShare(k, n uint64, deff float64) Share {
	s := Share{K: k, N: n, Share: jsonFloat(math.NaN()), DesignEffect: jsonFloat(deff)}
	if n > 0 {
		s.Share = jsonFloat(float64(k) / float64(n))
	}
	lo, hi := wilson(float64(s.Share), float64(n)/deff)
	s.CI95 = [2]jsonFloat{jsonFloat(lo), jsonFloat(hi)}
	return s
}

// wilson is the 95% Wilson interval of share p observed on n (possibly
// effective, non-integer) events.
func wilson(p, n float64) (lo, hi float64) {
	if !(n > 0) {
		return math.NaN(), math.NaN()
	}
	fn, z2 := n, z975*z975
	den := 1 + z2/fn
	centre := (p + z2/float64(2*fn)) / den
	half := float64(float64(z975/den) * math.Sqrt(float64(p*(1-p))/fn+z2/float64(4*fn*fn)))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// NewMcNemar compares two shares measured on the same n = both + onlyA +
// onlyB + neither events. The difference (onlyA − onlyB)/n gets
// Newcombe's (1998) hybrid score interval for paired data, his method 10,
// built from the Wilson intervals (l₁, u₁), (l₂, u₂) of the two shares and
// the φ correlation of the 2 × 2 table (a both, b A only, c B only, d
// neither):
//
//	δ = √((p₁−l₁)² − 2φ(p₁−l₁)(u₂−p₂) + (u₂−p₂)²),  lower = θ − δ
//	ε = √((u₁−p₁)² − 2φ(u₁−p₁)(p₂−l₂) + (p₂−l₂)²),  upper = θ + ε
//	φ = C / √((a+b)(c+d)(a+c)(b+d)),  C = ad − bc − n/2 if ad − bc > n/2,
//	    ad − bc if it is negative, else 0
//
// (the continuity-corrected φ of his paper, as in Altman et al.,
// Statistics with Confidence, 2000, §6),
// and P is McNemar's exact two-sided test of onlyA against onlyB.
//
// When the events come in clusters (replications), deff ≥ 1 is the design
// effect of the difference and clusteredP the p-value of Durkalski et
// al.'s (2003) clustered McNemar test: the interval is computed on the
// table divided by deff (the effective sample), and P is the larger of the
// exact and the clustered p-values. Pass 1 and NaN for independent events.
func NewMcNemar(both, onlyA, onlyB, neither uint64, deff, clusteredP float64) McNemar {
	n := both + onlyA + onlyB + neither
	m := McNemar{N: n, Both: both, OnlyA: onlyA, OnlyB: onlyB, Neither: neither, DesignEffect: jsonFloat(deff)}
	m.P = jsonFloat(mcnemarP(onlyA, onlyB))
	if clusteredP > float64(m.P) {
		m.P = jsonFloat(clusteredP)
	}
	m.Difference, m.CI95 = jsonFloat(math.NaN()), [2]jsonFloat{jsonFloat(math.NaN()), jsonFloat(math.NaN())}
	m.ShareA, m.ShareB = jsonFloat(math.NaN()), jsonFloat(math.NaN())
	if n == 0 {
		return m
	}
	a, b, c, d := float64(both)/deff, float64(onlyA)/deff, float64(onlyB)/deff, float64(neither)/deff
	fn := a + b + c + d
	p1, p2 := (a+b)/fn, (a+c)/fn
	m.ShareA, m.ShareB = jsonFloat(p1), jsonFloat(p2)
	l1, u1 := wilson(p1, fn)
	l2, u2 := wilson(p2, fn)
	phi := 0.0
	if den := (a + b) * (c + d) * (a + c) * (b + d); den > 0 {
		switch ad := float64(a*d) - float64(b*c); {
		case ad > fn/2:
			phi = (ad - float64(fn/2)) / math.Sqrt(den)
		case ad < 0:
			phi = ad / math.Sqrt(den)
		}
	}
	theta := p1 - p2
	delta := math.Sqrt(math.Max(0, sq(p1-l1)-float64(2*phi*(p1-l1)*(u2-p2))+sq(u2-p2)))
	eps := math.Sqrt(math.Max(0, sq(u1-p1)-float64(2*phi*(u1-p1)*(p2-l2))+sq(p2-l2)))
	m.Difference = jsonFloat(theta)
	m.CI95 = [2]jsonFloat{jsonFloat(math.Max(-1, theta-delta)), jsonFloat(math.Min(1, theta+eps))}
	return m
}

// mcnemarP is the exact two-sided p-value of McNemar's test: with
// m = b + c discordant events, 2 · P(X ≤ min(b, c)) for X ~ Bin(m, ½),
// at most 1; NaN when there are no discordant events. O(min(b, c)).
func mcnemarP(b, c uint64) float64 {
	m := b + c
	if m == 0 {
		return math.NaN()
	}
	return math.Min(1, 2*binomHalfCDF(min(b, c), m))
}

// binomHalfCDF is P(X ≤ k) for X ~ Bin(n, ½), summed in logarithms so
// that it neither underflows nor overflows for large n. O(k).
func binomHalfCDF(k, n uint64) float64 {
	logTerm := -float64(n) * math.Ln2 // log C(n, 0) / 2ⁿ
	sum := 0.0
	for i := uint64(0); i <= k; i++ {
		sum += math.Exp(logTerm)
		logTerm += math.Log(float64(n-i)) - math.Log(float64(i+1))
	}
	return math.Min(1, sum)
}

// MedianRanks returns the ranks (1-based, in sorted order) of the
// distribution-free 95% confidence interval of the median of n values
// (Conover 1999, §3.2): the order statistics of ranks j and n − j + 1 with
// j the largest for which P(X < j) ≤ 0.025, X ~ Bin(n, ½). It covers the
// population median with probability at least 95% whatever the
// distribution. (0, 0) — no interval — for n < 6.
func MedianRanks(n uint64) (lo, hi uint64) {
	logTerm := -float64(n) * math.Ln2
	cdf := 0.0 // P(X ≤ j−1)
	var j uint64
	for ; j < n; j++ {
		next := cdf + math.Exp(logTerm) // P(X ≤ j)
		if next > 0.025 {
			break
		}
		cdf = next
		logTerm += math.Log(float64(n-j)) - math.Log(float64(j+1))
	}
	if j == 0 {
		return 0, 0
	}
	return j, n - j + 1
}
