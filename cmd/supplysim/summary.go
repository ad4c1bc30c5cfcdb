package main

import (
	"fmt"
	"io"

	"github.com/supplysim/supplysim/results"
)

// report prints, per headline metric and regime, the number of runs where
// it is defined, the mean with its 95% interval and the median; then the
// paired differences between regimes (per replication, on the same draws).
func report(w io.Writer, s *results.Summary) {
	fmt.Fprintf(w, "%-17s %-10s %6s %12s   %-27s %12s\n", "metric", "regime", "n", "mean", "95% confidence interval", "median")
	for _, name := range results.Headline {
		m := results.MetricIndex(name)
		for g, regime := range s.Regimes {
			st := s.Stat(g, m)
			if st.N == 0 {
				fmt.Fprintf(w, "%-17s %-10s %6d %12s\n", name, regime, 0, "—")
				continue
			}
			fmt.Fprintf(w, "%-17s %-10s %6d %12.4g   [%11.4g, %11.4g] %12.4g\n", name, regime, st.N, st.Mean, st.CI95[0], st.CI95[1], st.P50)
		}
	}
	for p := range s.Pairs() {
		fmt.Fprintf(w, "\npaired difference %s (per replication, where both are defined):\n", s.PairName(p))
		for _, name := range results.Headline {
			d := s.Paired(p, results.MetricIndex(name))
			if d.N == 0 {
				fmt.Fprintf(w, "%-17s %-10s %6d %12s\n", name, "", 0, "—")
				continue
			}
			fmt.Fprintf(w, "%-17s %-10s %6d %12.4g   [%11.4g, %11.4g]\n", name, "", d.N, d.Mean, d.CI95[0], d.CI95[1])
		}
	}
}
