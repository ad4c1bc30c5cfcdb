package results

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// Wilson intervals against values computed by hand from the formula
// (z = 1.959964): 0 of 10 is [0, 0.2775], 5 of 10 is [0.2366, 0.7634],
// 84 of 100 is [0.7558, 0.8990].
func TestNewShare_Wilson(t *testing.T) {
	for _, c := range []struct {
		k, n   uint64
		lo, hi float64
	}{{0, 10, 0, 0.27753}, {5, 10, 0.23659, 0.76341}, {84, 100, 0.75580, 0.89905}, {10, 10, 0.72247, 1}} {
		s := NewShare(c.k, c.n)
		if math.Abs(float64(s.CI95[0])-c.lo) > 5e-5 || math.Abs(float64(s.CI95[1])-c.hi) > 5e-5 || float64(s.Share) != float64(c.k)/float64(c.n) {
			t.Errorf("%d of %d: %v %v, want [%.5f, %.5f]", c.k, c.n, s.Share, s.CI95, c.lo, c.hi)
		}
	}
	if s := NewShare(0, 0); !math.IsNaN(float64(s.Share)) || !math.IsNaN(float64(s.CI95[0])) {
		t.Errorf("0 of 0 = %+v, want NaN", s)
	}
}

// McNemar's exact test: 1 against 9 discordant events gives
// 2 · (1 + 10) / 2¹⁰ = 0.021484375; 5 against 5 gives 1.
func TestMcNemarP_Exact(t *testing.T) {
	if p := mcnemarP(1, 9); math.Abs(p-0.021484375) > 1e-12 {
		t.Errorf("p(1, 9) = %v, want 0.021484375", p)
	}
	if p := mcnemarP(9, 1); math.Abs(p-0.021484375) > 1e-12 {
		t.Errorf("p(9, 1) = %v, want symmetric 0.021484375", p)
	}
	if p := mcnemarP(5, 5); p != 1 {
		t.Errorf("p(5, 5) = %v, want 1", p)
	}
	if p := mcnemarP(0, 0); !math.IsNaN(p) {
		t.Errorf("p(0, 0) = %v, want NaN", p)
	}
	if p := mcnemarP(400_000, 400_000); p != 1 {
		t.Errorf("p at 800,000 events = %v, want 1 (no underflow)", p)
	}
}

// The median's interval uses the ranks an exact binomial computation
// (math/big) gives: j is the largest rank with P(X < j) ≤ 0.025.
func TestMedianRanks_ExactBinomial(t *testing.T) {
	for n := uint64(1); n <= 300; n++ {
		j := exactMedianRank(n)
		lo, hi := MedianRanks(n)
		if lo != j || (j > 0 && hi != n-j+1) || (j == 0 && hi != 0) {
			t.Fatalf("n = %d: ranks %d, %d; want %d, %d", n, lo, hi, j, n-j+1)
		}
	}
	if lo, hi := MedianRanks(6); lo != 1 || hi != 6 {
		t.Errorf("n = 6: %d, %d; want 1, 6 (coverage 1 − 2/64)", lo, hi)
	}
}

func exactMedianRank(n uint64) uint64 {
	total := new(big.Int).Lsh(big.NewInt(1), uint(n))
	limit := new(big.Rat).SetFrac(big.NewInt(25), big.NewInt(1000))
	cum := new(big.Int)
	var j uint64
	for ; j < n; j++ {
		next := new(big.Int).Add(cum, new(big.Int).Binomial(int64(n), int64(j)))
		if new(big.Rat).SetFrac(next, total).Cmp(limit) > 0 {
			break
		}
		cum = next
	}
	return j
}

// Newcombe's paired interval covers the true difference of two correlated
// shares about 95% of the time (he reports 94–96% for method 10 in this
// range); a Wald-style or unpaired interval would miss in one direction.
func TestNewMcNemar_Coverage(t *testing.T) {
	if testing.Short() {
		t.Skip("coverage simulation")
	}
	r := rand.New(rand.NewPCG(7, 11))
	// Joint probabilities of (caught by A, caught by B): both, A only, B only, neither.
	probs := [4]float64{0.55, 0.20, 0.05, 0.20}
	truth := probs[1] - probs[2]
	const trials, n = 4000, 60
	hit := 0
	for range trials {
		var c [4]uint64
		for range n {
			u, k := r.Float64(), 0
			for acc := probs[0]; u > acc && k < 3; {
				k++
				acc += probs[k]
			}
			c[k]++
		}
		m := NewMcNemar(c[0], c[1], c[2], c[3], 1, math.NaN())
		if float64(m.CI95[0]) <= truth && truth <= float64(m.CI95[1]) {
			hit++
		}
	}
	if cov := float64(hit) / trials; cov < 0.93 || cov > 0.975 {
		t.Errorf("coverage %.3f over %d trials, want 0.93–0.975", cov, trials)
	}
}

// The difference and its interval have the sign of the discordant counts;
// identical regimes give 0 with an interval around it.
func TestNewMcNemar_Direction(t *testing.T) {
	m := NewMcNemar(40, 15, 2, 10, 1, math.NaN())
	if float64(m.Difference) <= 0 || float64(m.CI95[0]) <= 0 || float64(m.CI95[1]) <= float64(m.Difference) {
		t.Errorf("A catches 13 more of 67: %+v, want a positive difference with an interval above 0", m)
	}
	if m := NewMcNemar(30, 0, 0, 30, 1, math.NaN()); m.Difference != 0 || float64(m.CI95[0]) >= 0 || float64(m.CI95[1]) <= 0 {
		t.Errorf("no discordant events: %+v, want 0 inside its interval", m)
	}
}

// Events of one replication share its draws. With a shared replication
// effect, the cluster-robust interval of a mean covers the truth about 95%
// of the time, while treating the events as independent covers far less.
func TestCluster_MeanIntervalCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("coverage simulation")
	}
	r := rand.New(rand.NewPCG(3, 5))
	const trials, groups, size = 2000, 40, 4
	robust, naive := 0, 0
	for range trials {
		var c cluster
		var m Moments
		for range groups {
			shared := r.NormFloat64()
			for range size {
				x := 2 + shared + 0.5*r.NormFloat64() // true mean 2; intra-cluster correlation 0.8
				c.add(x)
				m.Add(x)
			}
			c.close()
		}
		half := TQuantile975(groups-1) * math.Sqrt(c.variance())
		if math.Abs(m.Mean()-2) <= half {
			robust++
		}
		if lo, hi := m.CI95(); lo <= 2 && 2 <= hi {
			naive++
		}
	}
	if cov := float64(robust) / trials; cov < 0.93 || cov > 0.97 {
		t.Errorf("cluster-robust coverage %.3f, want 0.93–0.97", cov)
	}
	if cov := float64(naive) / trials; cov > 0.85 {
		t.Errorf("independent-events coverage %.3f; the test should show it far below 95%%", cov)
	}
}

// Identical events in every replication have a design effect of about
// the cluster size; a replication of one event has none.
func TestCluster_DesignEffect(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	var same, single cluster
	var m Moments
	for range 400 {
		x := r.NormFloat64()
		for range 3 {
			same.add(x)
			m.Add(x)
		}
		same.close()
		single.add(x)
		single.close()
	}
	naive := m.SD() * m.SD() / float64(m.N)
	if d := same.designEffect(naive); d < 2.7 || d > 3.3 {
		t.Errorf("design effect of clusters of 3 identical events %.3f, want about 3", d)
	}
	if d := single.designEffect(1.0 / 400); d > 1.2 {
		t.Errorf("design effect of single events %.3f, want about 1", d)
	}
}
