package main

import (
	"fmt"
	"io"
	"math"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
)

// report prints what summary.json holds, in the words of the report: per
// metric and regime the number of runs where it is defined, the mean with
// its 95% interval and the median; the paired differences between regimes
// (per replication, on the same draws); detection compared event by event;
// then the findings.
func report(w io.Writer, s *results.Summary) {
	sf, names := s.File(), regimeNames(s.Regimes)
	col := 10 // the regime column fits the longest name
	for _, g := range names {
		col = max(col, len(g))
	}
	fmt.Fprintf(w, "%-17s %-*s %7s %12s   %-27s %12s\n", "metric", col, "regime", "n", "mean", "95% confidence interval", "median")
	for _, name := range results.TableMetrics {
		for _, g := range names {
			line(w, col, name, g, sf.Metrics[name][g])
		}
	}
	for p := range s.Pairs() {
		pair := s.PairName(p)
		fmt.Fprintf(w, "\npaired difference %s (per replication, where both are defined):\n", pair)
		for _, name := range results.TableMetrics {
			d := sf.Paired[name][pair]
			line(w, col, name, "", results.Stat{N: d.N, Mean: d.Mean, CI95: d.CI95, P50: d.P50})
		}
	}
	amplifiers(w, sf, names)
	events(w, sf, names)
	fmt.Fprintf(w, "\nfindings:\n")
	for _, h := range results.Headlines(sf, names) {
		fmt.Fprintf(w, "- %s\n", h.Text)
	}
	if len(sf.Calibration) > 0 {
		fmt.Fprintf(w, "\nagainst the record (lost output over the measured period):\n")
		for _, c := range sf.Calibration {
			fmt.Fprintf(w, "- %s\n", c.Sentence())
		}
	}
}

func line(w io.Writer, col int, metric, regime string, st results.Stat) {
	if st.N == 0 {
		fmt.Fprintf(w, "%-17s %-*s %7d %12s\n", metric, col, regime, 0, "—")
		return
	}
	fmt.Fprintf(w, "%-17s %-*s %7d %12.4g   [%11.4g, %11.4g] %12.4g\n", metric, col, regime, st.N, st.Mean, st.CI95[0], st.CI95[1], st.P50)
}

// amplifiers prints the five nodes with the highest bullwhip ratios, by
// regime, from summary.json's nodes section.
func amplifiers(w io.Writer, sf *results.SummaryFile, names []string) {
	top := results.Amplifiers(sf, 5)
	if len(top) == 0 {
		return
	}
	id := 17
	for _, ns := range top {
		id = max(id, len(ns.Node))
	}
	fmt.Fprintf(w, "\nhighest bullwhip ratios (Var(orders placed) / Var(plant demand), mean over replications; more in nodes.csv):\n%-*s %4s", id, "node", "tier")
	for _, g := range names {
		fmt.Fprintf(w, " %*s", max(9, len(g)), g)
	}
	fmt.Fprintln(w)
	for _, ns := range top {
		fmt.Fprintf(w, "%-*s %4d", id, ns.Node, ns.Tier)
		for _, g := range names {
			fmt.Fprintf(w, " %*.3g", max(9, len(g)), float64(ns.Metrics["bullwhip"][g].Mean))
		}
		fmt.Fprintln(w)
	}
}

// events prints summary.json's events section: per regime the shortages
// caught and the outcomes of the shortage events, then per pair the paired
// detection and warning differences and the caught shortages compared.
func events(w io.Writer, sf *results.SummaryFile, names []string) {
	ev := sf.Events
	fmt.Fprintf(w, "\ndetection, event by event: %d events (a shock reaching a plant), the same under every regime; %d shortages (a line starved under some regime)\n",
		ev.Reached, ev.Shortages)
	fmt.Fprintf(w, "%-38s", "outcome of the shortages")
	for _, g := range names {
		fmt.Fprintf(w, " %24s", g)
	}
	fmt.Fprintln(w)
	for _, o := range models.Outcomes {
		fmt.Fprintf(w, "%-38s", o)
		for _, g := range names {
			fmt.Fprintf(w, " %24d", ev.Regimes[g].ShortageOutcomes[o.String()])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-38s", "caught before a line stopped (95% CI)")
	for _, g := range names {
		c := ev.Regimes[g].Caught
		fmt.Fprintf(w, " %24s", fmt.Sprintf("%s [%s, %s]", results.FmtPercent(float64(c.Share)),
			results.FmtPercent(float64(c.CI95[0])), results.FmtPercent(float64(c.CI95[1]))))
	}
	fmt.Fprintln(w)
	for a := range names {
		for b := range a {
			pe := ev.Paired[names[a]+"-"+names[b]]
			fmt.Fprintf(w, "paired %s, on the same events:\n", names[a]+"-"+names[b])
			diff(w, "time to detect", pe.TTD)
			diff(w, "warning", pe.Warning)
			c := pe.Caught
			p := "— (no discordant events)"
			if !math.IsNaN(float64(c.P)) {
				p = fmt.Sprintf("%.3g", float64(c.P))
			}
			fmt.Fprintf(w, "  %-16s %+.4g percentage points [%+.4g, %+.4g]; caught by %s only %d, by %s only %d (McNemar p = %s)\n", "caught",
				100*float64(c.Difference), 100*float64(c.CI95[0]), 100*float64(c.CI95[1]), pe.A, c.OnlyA, pe.B, c.OnlyB, p)
		}
	}
}

func diff(w io.Writer, what string, d results.EventDiff) {
	if d.N == 0 {
		fmt.Fprintf(w, "  %-16s — (no paired events: n = 0)\n", what)
		return
	}
	fmt.Fprintf(w, "  %-16s median %.4g days [%.4g, %.4g], mean %.4g [%.4g, %.4g] (n = %d)\n", what,
		d.P50, d.P50CI95[0], d.P50CI95[1], d.Mean, d.CI95[0], d.CI95[1], d.N)
}
