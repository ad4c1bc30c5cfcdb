package results

import "math"

// cluster accumulates a per-event quantity y over replications, the
// independent units of a batch: the events of one replication (a shock
// reaching several plants, the same platform warning them all) are not
// independent of each other. It gives the cluster-robust (linearised)
// variance of the ratio estimator θ̂ = Σy / Σn (Cochran 1977, §6.9; the
// sandwich variance with replications as clusters):
//
//	Var(θ̂) = G/(G−1) · Σ_r (y_r − θ̂ n_r)² / (Σ_r n_r)²
//
// over the G replications with at least one event, y_r and n_r being a
// replication's sum and count, and Durkalski et al.'s (2003) clustered
// test of E[y] = 0, z = Σ y_r / √(Σ y_r²). O(1) per event and replication.
type cluster struct {
	g                uint64
	y, n, yy, yn, nn float64
	ry, rn           float64 // the open replication
}

// add counts one event of the open replication.
func (c *cluster) add(y float64) { c.ry, c.rn = c.ry+y, c.rn+1 }

// close ends the open replication.
func (c *cluster) close() {
	if c.rn > 0 {
		c.g++
		c.y, c.n = c.y+c.ry, c.n+c.rn
		c.yy, c.yn, c.nn = c.yy+float64(c.ry*c.ry), c.yn+float64(c.ry*c.rn), c.nn+float64(c.rn*c.rn)
	}
	c.ry, c.rn = 0, 0
}

// variance is the cluster-robust variance of Σy/Σn; NaN for fewer than
// two replications.
func (c *cluster) variance() float64 {
	if c.g < 2 || c.n == 0 {
		return math.NaN()
	}
	theta := c.y / c.n
	ss := c.yy - float64(2*float64(theta*c.yn)) + float64(float64(theta*theta)*c.nn)
	return float64(float64(c.g)/float64(c.g-1)*math.Max(0, ss)) / float64(c.n*c.n)
}

// designEffect is the cluster-robust variance over the variance the same
// events would have if independent (naive, per event); at least 1, and 1
// when either is undefined or the naive one is 0.
func (c *cluster) designEffect(naive float64) float64 {
	v := c.variance()
	if !(naive > 0) || math.IsNaN(v) {
		return 1
	}
	return math.Max(1, v/naive)
}

// p is the two-sided p-value of the clustered test that E[y] = 0, by the
// normal approximation; NaN when every y_r is 0.
func (c *cluster) p() float64 {
	if c.yy == 0 {
		return math.NaN()
	}
	z := math.Abs(c.y) / math.Sqrt(c.yy)
	return math.Erfc(z / math.Sqrt2)
}
