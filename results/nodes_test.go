package results

import (
	"math"
	"slices"
	"testing"

	"github.com/supplysim/supplysim/models"
)

func nodeStat(id string, tier int, bullwhip, fill map[string]float64) NodeStats {
	ns := NodeStats{Node: id, Tier: tier, Metrics: map[string]map[string]Mean{"bullwhip": {}, "fill_rate": {}}}
	for g, x := range bullwhip {
		ns.Metrics["bullwhip"][g] = Mean{N: 1, Mean: jsonFloat(x)}
	}
	for g, x := range fill {
		ns.Metrics["fill_rate"][g] = Mean{N: 1, Mean: jsonFloat(x)}
	}
	return ns
}

// The bullwhip figure groups nodes by tier (dropping nodes without a
// ratio, outside the supply tree, or at ≤ 0), with each tier's median; the
// console and title name the highest ratio under any regime; the service
// table takes the lowest fill rates, leaving out nodes nobody ordered from.
func TestNodeRankings(t *testing.T) {
	nan := math.NaN()
	sf := &SummaryFile{Nodes: []NodeStats{
		nodeStat("plant", 0, map[string]float64{"silo": 2, "platform": 2}, map[string]float64{"silo": 0.99, "platform": 0.99}),
		nodeStat("a", 1, map[string]float64{"silo": 30, "platform": 4}, map[string]float64{"silo": 0.5, "platform": 0.9}),
		nodeStat("b", 1, map[string]float64{"silo": 10, "platform": 50}, map[string]float64{"silo": 0.7, "platform": 0.6}),
		nodeStat("c", 1, map[string]float64{"silo": 20, "platform": 0}, map[string]float64{"silo": nan, "platform": nan}),
		nodeStat("raw", 2, map[string]float64{"silo": nan, "platform": nan}, map[string]float64{"silo": 0.8, "platform": 0.8}),
		nodeStat("stray", -1, map[string]float64{"silo": 99, "platform": 99}, map[string]float64{"silo": 1, "platform": 1}),
	}}
	by := BullwhipByTier(sf, []string{"silo", "platform"})
	if !slices.Equal(by[0].Tiers[1], []float64{30, 10, 20}) || by[0].Median[1] != 20 || len(by[0].Tiers[2]) != 0 || !math.IsNaN(by[0].Median[2]) {
		t.Errorf("silo by tier %+v, want tier 1 = [30 10 20] with median 20 and tier 2 empty", by[0])
	}
	if !slices.Equal(by[1].Tiers[1], []float64{4, 50}) {
		t.Errorf("platform tier 1 %v, want [4 50] (a ratio of 0 has no place on a log axis)", by[1].Tiers[1])
	}
	var names []string
	for _, ns := range Amplifiers(sf, 3) {
		names = append(names, ns.Node)
	}
	if !slices.Equal(names, []string{"stray", "b", "a"}) {
		t.Errorf("amplifiers %v, want stray (99), b (50 under platform), a (30)", names)
	}
	names = nil
	for _, ns := range WorstServed(sf, "platform", 3) {
		names = append(names, ns.Node)
	}
	if !slices.Equal(names, []string{"b", "raw", "a"}) {
		t.Errorf("worst served under platform %v, want b, raw, a", names)
	}
}

// The node summary's means and paired differences are those of the values
// added, NaN left out on both sides of a pair.
func TestNodeSummary_MeansAndPairs(t *testing.T) {
	s := &NodeSummary{labels: []nodeLabel{{ID: "x"}}, regimes: 2, moments: make([]Moments, 2*len(NodeMetrics)),
		pairs: []pair{{a: 1, b: 0}}, paired: make([]Moments, len(NodeMetrics))}
	row := func(silo, platform float64) []float64 {
		v := make([]float64, 2*len(NodeMetrics))
		for m := range NodeMetrics {
			v[m], v[len(NodeMetrics)+m] = silo, platform
		}
		return v
	}
	s.add(row(1, 4))
	s.add(row(3, nan))
	s.add(row(5, 10))
	got := s.file([]models.Regime{models.Silo, models.Platform})[0]
	if m := got.Metrics["bullwhip"]["silo"]; m.N != 3 || m.Mean != 3 {
		t.Errorf("silo mean %+v, want 3 of 3", m)
	}
	if m := got.Metrics["bullwhip"]["platform"]; m.N != 2 || m.Mean != 7 {
		t.Errorf("platform mean %+v, want 7 of 2", m)
	}
	if d := got.Paired["bullwhip"]["platform-silo"]; d.N != 2 || d.Mean != 4 {
		t.Errorf("paired %+v, want (3 + 5) / 2 = 4 over the 2 replications both define", d)
	}
}
