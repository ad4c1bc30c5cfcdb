package models

import (
	"cmp"
	"math"
	"slices"

	"github.com/supplysim/supplysim/sim"
)

// StressResult is one node's row of a stress test (Simchi-Levi et al.
// 2014, 2015): the node is taken out for a time-to-recover and the network
// runs on what its pipeline and alternatives hold.
type StressResult struct {
	Node int
	// TTSDays is the time-to-survive: from the outage until some plant's
	// production is first held below need, days, averaged over runs; a run
	// in which no plant fell short counts as the rest of the horizon
	// (censored), and Censored counts those runs.
	TTSDays  float64
	Censored int
	// LostOutput is the extra lost output against the same replication
	// without the outage, vehicles, averaged over runs.
	LostOutput float64
}

// Stress takes every node out (capacity 0) at onset for ttr, for
// replications 0 … runs−1 under regime g, ignoring the network's own
// shocks, and returns the nodes ranked by lost output, worst first (ties
// by shorter TTS). It runs (nodes + 1) × runs replications.
func (r *Run) Stress(runs int, g Regime, onset, ttr sim.Time) []StressResult {
	nw := r.nw
	base := make([]float64, runs)
	for rep := range runs {
		base[rep] = r.ReplicateWith(uint64(rep), g, nil).LostOutput
	}
	out := make([]StressResult, len(nw.Nodes))
	censor := (nw.Horizon - onset).Days()
	occ := make([]Occurrence, 1)
	for n := range nw.Nodes {
		row := StressResult{Node: n}
		occ[0] = Outage(nw, n, onset, ttr)
		for rep := range runs {
			res := r.ReplicateWith(uint64(rep), g, occ)
			row.LostOutput += res.LostOutput - base[rep]
			tts := res.survival(onset)
			if math.IsInf(tts, 1) {
				row.Censored++
				tts = censor
			}
			row.TTSDays += tts
		}
		row.LostOutput /= float64(runs)
		row.TTSDays /= float64(runs)
		out[n] = row
	}
	slices.SortStableFunc(out, func(a, b StressResult) int {
		return cmp.Or(cmp.Compare(b.LostOutput, a.LostOutput), cmp.Compare(a.TTSDays, b.TTSDays))
	})
	return out
}

// survival is the time from onset until some plant's production is first
// held below need, days; +Inf if none is within the horizon.
func (res *Result) survival(onset sim.Time) float64 {
	first := int((onset+sim.Day-1)/sim.Day) - res.warmupDays
	best := math.Inf(1)
	for k := range res.Plants {
		for j := max(first, 0); j < len(res.Plants[k].limited); j++ {
			if res.Plants[k].limited[j] {
				best = min(best, (sim.Time(j+res.warmupDays)*sim.Day - onset).Days())
				break
			}
		}
	}
	return best
}
