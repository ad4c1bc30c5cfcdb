package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// runCmd runs replications of a scenario (the built-in eu-auto by default)
// one after another and prints each metric's mean with a 95% confidence
// interval. The parallel batch runner, results files and plots are not
// built yet; until they are, this prints to the terminal only.
func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 100, "number of replications")
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's)")
	engine := fs.String("engine", "native", "event engine: native or simgo")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	name := "eu-auto"
	switch fs.NArg() {
	case 0:
	case 1:
		name = fs.Arg(0)
	default:
		return fmt.Errorf("%w: run takes at most one scenario, got %d", errUsage, fs.NArg())
	}
	if *runs < 2 {
		return fmt.Errorf("%w: --runs must be at least 2 for a confidence interval", errUsage)
	}
	var eng sim.Engine
	switch *engine {
	case "native":
		eng = sim.NewQueue()
	case "simgo":
		eng = sim.NewSimgoEngine()
	default:
		return fmt.Errorf("%w: --engine must be native or simgo, got %q", errUsage, *engine)
	}
	sc, nw, err := load(name, stderr)
	if err != nil {
		return err
	}
	if *seed == 0 {
		*seed = sc.Seed()
	}
	fmt.Fprintf(stdout, "%s: %s\n%d replications of %d days (%d warm-up), seed %d, %s engine\n\n",
		sc.Path, sc.File.Scenario.Description, *runs, nw.Days(), int(nw.Warmup/sim.Day), *seed, *engine)
	report(stdout, nw, replicate(nw, eng, *seed, *runs))
	return nil
}

// metric is one row of the summary: a name, its unit and how to read it from a result.
type metric struct {
	name, unit string
	get        func(*models.Result) float64
}

var metrics = []metric{
	{"lost output", "vehicles", func(r *models.Result) float64 { return r.LostOutput }},
	{"fill rate", "share", func(r *models.Result) float64 { return r.FillRate }},
	{"in-stock days", "share", func(r *models.Result) float64 { return r.InStock }},
	{"peak backlog", "vehicles", func(r *models.Result) float64 { return r.PeakBacklog }},
	{"lost sales", "vehicles", func(r *models.Result) float64 { return r.LostSales }},
	{"holding cost", "EUR", func(r *models.Result) float64 { return r.HoldingCost }},
	{"backlog cost", "EUR", func(r *models.Result) float64 { return r.BacklogCost }},
}

// batch holds the per-replication values of every metric and bullwhip ratio.
type batch struct {
	values   [][]float64 // [metric][replication]
	bullwhip [][]float64 // [node][replication]
}

func replicate(nw *models.Network, eng sim.Engine, seed uint64, runs int) *batch {
	b := &batch{values: make([][]float64, len(metrics)), bullwhip: make([][]float64, len(nw.Nodes))}
	run := models.NewRun(nw, eng, seed)
	for rep := range runs {
		res := run.Replicate(uint64(rep), models.Silo)
		for m, mt := range metrics {
			b.values[m] = append(b.values[m], mt.get(res))
		}
		for n, v := range res.Bullwhip {
			b.bullwhip[n] = append(b.bullwhip[n], v)
		}
	}
	return b
}

func report(w io.Writer, nw *models.Network, b *batch) {
	fmt.Fprintf(w, "%-16s %-9s %14s %29s\n", "metric", "unit", "mean", "95% confidence interval")
	for m, mt := range metrics {
		mean, half := meanCI(b.values[m])
		fmt.Fprintf(w, "%-16s %-9s %14.4g   [%12.4g, %12.4g]\n", mt.name, mt.unit, mean, mean-half, mean+half)
	}
	type node struct {
		id   string
		mean float64
	}
	var nodes []node
	for n, v := range b.bullwhip {
		if mean, _ := meanCI(v); !math.IsNaN(mean) {
			nodes = append(nodes, node{nw.Nodes[n].ID, mean})
		}
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].mean > nodes[j].mean })
	fmt.Fprintf(w, "\nbullwhip ratio (Var orders / Var exploded plant demand), highest first:\n")
	for i, nd := range nodes[:min(8, len(nodes))] {
		fmt.Fprintf(w, "%3d. %-22s %10.3g\n", i+1, nd.id, nd.mean)
	}
	fmt.Fprintf(w, "\nResults files and plots come with the batch runner (not built yet); nothing was written to disk.\n")
}

// meanCI returns the mean of xs and the half-width of its 95% t-interval;
// NaN values (a metric undefined in a replication) are skipped.
func meanCI(xs []float64) (mean, half float64) {
	n, m2 := 0.0, 0.0
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		n++
		d := x - mean
		mean += d / n
		m2 += d * (x - mean)
	}
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	return mean, tQuantile975(n-1) * math.Sqrt(m2/(n-1)/n)
}

// tQuantile975 is the 97.5% quantile of Student's t with df degrees of
// freedom, by the Cornish–Fisher expansion around the normal quantile
// (Abramowitz & Stegun 26.7.5); within 0.2% of the exact value for df ≥ 3.
func tQuantile975(df float64) float64 {
	z := 1.959963984540054
	z3, z5 := z*z*z, z*z*z*z*z
	return z + (z3+z)/(4*df) + (5*z5+16*z3+3*z)/(96*df*df) + (3*z5*z*z+19*z5+17*z3-15*z)/(384*df*df*df)
}
