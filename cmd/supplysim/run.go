package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// runCmd runs replications of a scenario (the built-in eu-auto by default)
// one after another, every requested regime on the same draws, and prints
// each metric's mean with a 95% confidence interval per regime and the
// paired differences against silo. The parallel batch runner, results
// files and plots are not built yet; until they are, this prints to the
// terminal only.
func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 100, "number of replications")
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's)")
	engine := fs.String("engine", "native", "event engine: native or simgo")
	regimes := fs.String("regimes", "", "comma-separated regimes to compare (default: the scenario's [regimes] run list)")
	name, err := scenarioArg(fs, args)
	if err != nil {
		return err
	}
	if *runs < 2 {
		return fmt.Errorf("%w: --runs must be at least 2 for a confidence interval", errUsage)
	}
	eng, err := newEngine(*engine)
	if err != nil {
		return err
	}
	sc, nw, err := load(name, stderr)
	if err != nil {
		return err
	}
	gs, err := regimeList(*regimes, sc.Regimes())
	if err != nil {
		return err
	}
	if *seed == 0 {
		*seed = sc.Seed()
	}
	fmt.Fprintf(stdout, "%s: %s\n%d replications × %s, %d days (%d warm-up), seed %d, %s engine\n\n",
		sc.Path, sc.File.Scenario.Description, *runs, joinRegimes(gs), nw.Days(), int(nw.Warmup/sim.Day), *seed, *engine)
	report(stdout, nw, gs, replicate(nw, eng, *seed, *runs, gs))
	return nil
}

// scenarioArg parses flags that may come before or after the one optional
// scenario argument and returns the scenario (eu-auto if none).
func scenarioArg(fs *flag.FlagSet, args []string) (string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", fmt.Errorf("%w: %v", errUsage, err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	switch len(pos) {
	case 0:
		return "eu-auto", nil
	case 1:
		return pos[0], nil
	}
	return "", fmt.Errorf("%w: %s takes at most one scenario, got %d", errUsage, fs.Name(), len(pos))
}

func newEngine(name string) (sim.Engine, error) {
	switch name {
	case "native":
		return sim.NewQueue(), nil
	case "simgo":
		return sim.NewSimgoEngine(), nil
	}
	return nil, fmt.Errorf("%w: --engine must be native or simgo, got %q", errUsage, name)
}

// regimeList parses a comma-separated list, or returns dflt for "".
func regimeList(s string, dflt []models.Regime) ([]models.Regime, error) {
	if s == "" {
		return dflt, nil
	}
	var gs []models.Regime
	for _, name := range strings.Split(s, ",") {
		g, err := models.ParseRegime(strings.TrimSpace(name))
		if err != nil {
			return nil, fmt.Errorf("%w: --regimes: %v", errUsage, err)
		}
		gs = append(gs, g)
	}
	return gs, nil
}

func joinRegimes(gs []models.Regime) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.String()
	}
	return strings.Join(names, ", ")
}

// metric is one row of the summary: a name as in DESIGN §5, its unit and
// how to read it from a result (NaN when undefined in a replication).
type metric struct {
	name, unit string
	get        func(*models.Result) float64
}

var metrics = []metric{
	{"ttd", "days", func(r *models.Result) float64 { return r.TTD }},
	{"warning", "days", func(r *models.Result) float64 { return r.Warning }},
	{"lost_output", "vehicles", func(r *models.Result) float64 { return r.LostOutput }},
	{"lost_revenue", "EUR", func(r *models.Result) float64 { return r.LostRevenue }},
	{"ttr", "days", func(r *models.Result) float64 { return r.TTR }},
	{"fill_rate", "share", func(r *models.Result) float64 { return r.FillRate }},
	{"peak_backlog", "vehicles", func(r *models.Result) float64 { return r.PeakBacklog }},
	{"cost", "EUR", func(r *models.Result) float64 { return r.Cost }},
	{"platform_uptime", "share", func(r *models.Result) float64 { return r.PlatformUptime }},
}

// batch holds the per-replication values of every metric per regime, and
// the bullwhip ratios of the first regime.
type batch struct {
	values   [][][]float64 // [regime][metric][replication]
	bullwhip [][]float64   // [node][replication]
}

func replicate(nw *models.Network, eng sim.Engine, seed uint64, runs int, gs []models.Regime) *batch {
	b := &batch{values: make([][][]float64, len(gs)), bullwhip: make([][]float64, len(nw.Nodes))}
	run := models.NewRun(nw, eng, seed)
	for g := range gs {
		b.values[g] = make([][]float64, len(metrics))
	}
	for rep := range runs {
		for g, regime := range gs {
			res := run.Replicate(uint64(rep), regime)
			for m, mt := range metrics {
				b.values[g][m] = append(b.values[g][m], mt.get(res))
			}
			for n, v := range res.Bullwhip {
				if g == 0 {
					b.bullwhip[n] = append(b.bullwhip[n], v)
				}
			}
		}
	}
	return b
}
