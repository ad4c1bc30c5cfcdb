package main

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/supplysim/supplysim/models"
)

// report prints the batch: per metric and regime the number of
// replications where it is defined, the mean and its 95% interval; then the
// paired differences of every other regime against the first (same draws,
// so the difference is taken per replication); then the highest bullwhip
// ratios.
func report(w io.Writer, nw *models.Network, gs []models.Regime, b *batch) {
	fmt.Fprintf(w, "%-16s %-9s %-10s %6s %13s   %-29s\n", "metric", "unit", "regime", "n", "mean", "95% confidence interval")
	for m, mt := range metrics {
		for g, regime := range gs {
			row(w, mt.name, mt.unit, regime.String(), b.values[g][m])
		}
	}
	for g := 1; g < len(gs); g++ {
		fmt.Fprintf(w, "\npaired difference %s − %s (per replication, where both are defined):\n", gs[g], gs[0])
		for m, mt := range metrics {
			row(w, mt.name, mt.unit, "", difference(b.values[g][m], b.values[0][m]))
		}
	}
	bullwhip(w, nw, gs[0], b)
	fmt.Fprintf(w, "\nResults files and plots come with the batch runner (not built yet); nothing was written to disk.\n")
}

func row(w io.Writer, name, unit, regime string, xs []float64) {
	mean, half, n := meanCI(xs)
	if n == 0 {
		fmt.Fprintf(w, "%-16s %-9s %-10s %6d %13s\n", name, unit, regime, n, "—")
		return
	}
	fmt.Fprintf(w, "%-16s %-9s %-10s %6d %13.4g   [%12.4g, %12.4g]\n", name, unit, regime, n, mean, mean-half, mean+half)
}

// difference returns a − b per replication, NaN where either is undefined.
func difference(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return d
}

func bullwhip(w io.Writer, nw *models.Network, g models.Regime, b *batch) {
	type node struct {
		id   string
		mean float64
	}
	var nodes []node
	for n, v := range b.bullwhip {
		if mean, _, k := meanCI(v); k > 0 {
			nodes = append(nodes, node{nw.Nodes[n].ID, mean})
		}
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].mean > nodes[j].mean })
	fmt.Fprintf(w, "\nbullwhip ratio (Var orders / Var exploded plant demand) under %s, highest first:\n", g)
	for i, nd := range nodes[:min(8, len(nodes))] {
		fmt.Fprintf(w, "%3d. %-22s %10.3g\n", i+1, nd.id, nd.mean)
	}
}

// meanCI returns the mean of the defined (non-NaN) values of xs, the
// half-width of its 95% t-interval (NaN for fewer than two) and their count.
func meanCI(xs []float64) (mean, half float64, n int) {
	m2 := 0.0
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		n++
		d := x - mean
		mean += d / float64(n)
		m2 += d * (x - mean)
	}
	switch n {
	case 0:
		return math.NaN(), math.NaN(), 0
	case 1:
		return mean, math.NaN(), 1
	}
	df := float64(n - 1)
	return mean, tQuantile975(df) * math.Sqrt(m2/df/float64(n)), n
}

// tQuantile975 is the 97.5% quantile of Student's t with df degrees of
// freedom, by the Cornish–Fisher expansion around the normal quantile
// (Abramowitz & Stegun 26.7.5); within 0.2% of the exact value for df ≥ 3.
func tQuantile975(df float64) float64 {
	z := 1.959963984540054
	z3, z5 := z*z*z, z*z*z*z*z
	return z + (z3+z)/(4*df) + (5*z5+16*z3+3*z)/(96*df*df) + (3*z5*z*z+19*z5+17*z3-15*z)/(384*df*df*df)
}
