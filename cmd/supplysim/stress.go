package main

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"time"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
	"github.com/supplysim/supplysim/sim"
)

// stressCmd runs the stress test (Simchi-Levi et al. 2015): every node in
// turn is taken out for a time-to-recover, and the nodes are ranked by the
// output the plants lose, with their time-to-survive.
func stressCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("stress")
	runs := fs.Int("runs", 10, "replications per node")
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's)")
	ttrFlag := fs.String("ttr", "28d", "time-to-recover: how long each node is out")
	atFlag := fs.String("at", "", "when the outage starts (default: the end of the warm-up + 7d)")
	regime := fs.String("regime", "silo", "information regime: silo, bilateral, platform or one of the scenario's variants")
	out := fs.String("out", "", "folder for stress.csv and the chart (default results/out/stress-<scenario>-<time>)")
	name, err := scenarioArg(fs, args)
	if err != nil {
		return err
	}
	ttr, err1 := sim.ParseDuration(*ttrFlag)
	switch {
	case err1 != nil || ttr <= 0:
		return fmt.Errorf("%w: --ttr: want a duration like \"28d\", got %q", errUsage, *ttrFlag)
	case *runs < 1:
		return fmt.Errorf("%w: --runs must be at least 1", errUsage)
	}
	sc, nw, err := load(name, stderr)
	if err != nil {
		return err
	}
	g, err := regimeOf(*regime, nw)
	if err != nil {
		return fmt.Errorf("%w: --regime: %v", errUsage, err)
	}
	at := nw.Warmup + 7*sim.Day
	if *atFlag != "" {
		if at, err = sim.ParseDuration(*atFlag); err != nil || at < 0 || at >= nw.Horizon {
			return fmt.Errorf("%w: --at: want a time within the horizon like \"100d\", got %q", errUsage, *atFlag)
		}
	}
	if *seed == 0 {
		*seed = sc.Seed()
	}
	fmt.Fprintf(stdout, "%s: stress test, each node out for %g days from day %g, %s each, %s regime, seed %d\n",
		sc.Path, ttr.Days(), at.Days(), plural(*runs, "replication"), g, *seed)
	fmt.Fprintf(stdout, "(the scenario's own shocks are off; lost output is against the same replication without the outage)\n\n")
	rows := models.NewRun(nw, sim.NewQueue(), *seed).Stress(*runs, g, at, ttr)
	fmt.Fprintf(stdout, "%4s  %-18s %-6s %-9s %12s  %-10s\n", "rank", "node", "region", "role", "lost output", "TTS (days)")
	for i, r := range rows {
		nd := &nw.Nodes[r.Node]
		fmt.Fprintf(stdout, "%4d  %-18s %-6s %-9s %12.0f  %s\n", i+1, nd.ID, nd.Region, role(nd), math.Abs(r.LostOutput), tts(r, *runs))
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", "out", fmt.Sprintf("stress-%s-%s", sc.File.Scenario.Name, time.Now().Format("20060102-150405")))
	}
	if err := results.WriteStress(dir, results.StressRows(nw, rows), ttr.Days(), *runs); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nranking: %s, chart: %s\n", filepath.Join(dir, "stress.csv"), filepath.Join(dir, "plots", "stress.svg"))
	return nil
}

func role(nd *models.Node) string {
	if nd.Role == models.Plant {
		return "plant"
	}
	return "supplier"
}

// tts formats a time-to-survive; "≥ x" when no replication fell short.
func tts(r models.StressResult, runs int) string {
	switch {
	case r.Censored == runs:
		return fmt.Sprintf("≥ %.0f", r.TTSDays)
	case r.Censored > 0:
		return fmt.Sprintf("%.1f (%d of %d survived)", r.TTSDays, r.Censored, runs)
	case math.IsNaN(r.TTSDays):
		return "—"
	}
	return fmt.Sprintf("%.1f", r.TTSDays)
}
