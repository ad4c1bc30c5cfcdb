package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/bits"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
	"github.com/supplysim/supplysim/scenarios"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/montecarlo"
)

// runCmd runs a batch: replications of a scenario (the built-in eu-auto by
// default) on all cores, every requested regime on the same draws, written
// to a results folder, then summarised on the terminal (DESIGN §7).
func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run")
	runs := fs.Uint64("runs", 1000, "number of replications")
	seed := fs.Uint64("seed", 0, "master seed (default: the scenario's)")
	engine := fs.String("engine", "native", "event engine: native or simgo")
	regimes := fs.String("regimes", "", "comma-separated regimes to compare (default: the scenario's [regimes] run list)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel workers")
	out := fs.String("out", "", "results folder (default results/out/<scenario>-<time>)")
	shard := fs.String("shard", "1/1", "run shard i of n: replications (i−1)·runs/n … i·runs/n − 1; join shards with supplysim merge; env: the shard of a Slurm array task or Kubernetes Indexed Job")
	tasks := fs.Uint64("tasks", 0, "with --shard env on Kubernetes: the Indexed Job's completions (n)")
	resume := fs.String("resume", "", "complete the interrupted batch in this results folder")
	quiet := fs.Bool("quiet", false, "no progress bar (there is none when stderr is not a terminal)")
	equalize := fs.String("equalize", "", "hold the regimes equal on inventory, service or none before comparing them (default: the scenario's [regimes] equalize, else inventory)")
	force := fs.Bool("force", false, "replace the results already in --out")
	every := fs.Duration("checkpoint", 2*time.Second, "commit finished replications to disk this often, so a killed batch resumes from there (0: after every replication)")
	name, err := scenarioArg(fs, args)
	if err != nil {
		return err
	}
	if *every < 0 {
		return fmt.Errorf("%w: --checkpoint: want a duration ≥ 0 (0 after every replication), got %v", errUsage, *every)
	}
	if cores := runtime.NumCPU(); *workers < 1 || *workers > maxWorkers*cores {
		return fmt.Errorf("%w: --workers: want 1 to %d (%d per core), got %d", errUsage, maxWorkers*cores, maxWorkers, *workers)
	}
	if *resume != "" {
		var fixed []string // a resumed batch keeps what it was started with
		fs.Visit(func(f *flag.Flag) {
			if !slices.Contains([]string{"resume", "workers", "quiet", "checkpoint"}, f.Name) {
				fixed = append(fixed, "--"+f.Name)
			}
		})
		if len(fixed) > 0 || name != "eu-auto" {
			return fmt.Errorf("%w: --resume continues a batch as it was started; drop %s", errUsage, strings.Join(append(fixed, scenarioIf(name)...), ", "))
		}
		return resumeBatch(*resume, max(1, *workers), *quiet, stdout, stderr, *every)
	}
	i, n, err := parseShard(*shard)
	if *shard == "env" {
		i, n, err = shardFromEnv(os.Getenv, *tasks)
	} else if *tasks != 0 {
		return fmt.Errorf("%w: --tasks goes with --shard env", errUsage)
	}
	if err != nil {
		return err
	}
	if *runs < 2 {
		return fmt.Errorf("%w: --runs must be at least 2 for a confidence interval", errUsage)
	}
	if n > *runs/2 {
		return fmt.Errorf("%w: --shard %d/%d: %d replications make at most %d shards of at least 2", errUsage, i, n, *runs, *runs/2)
	}
	if _, err := newEngine(*engine); err != nil {
		return err
	}
	sc, nw, err := load(name, stderr)
	if err != nil {
		return err
	}
	gs, err := regimeList(*regimes, sc.Regimes(), nw)
	if err != nil {
		return err
	}
	if *seed == 0 {
		*seed = sc.Seed()
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", "out", fmt.Sprintf("%s-%s", sc.File.Scenario.Name, time.Now().Format("20060102-150405")))
		if n > 1 {
			dir += fmt.Sprintf("-shard-%d-of-%d", i, n)
		}
	}
	lock, err := results.LockDir(dir)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	if err := results.Prepare(dir, *force); err != nil {
		return err
	}
	first, last := shardRange(i, n, *runs)
	b := &batch{sc: sc, nw: nw, regimes: gs, seed: *seed, engine: *engine, workers: max(1, *workers), checkpoint: *every}
	if err := b.calibrate(*equalize); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s\n%d replications (%d … %d, shard %d/%d) × %s, %d days (%d warm-up), seed %d, %s engine, %s\n%s\n",
		sc.Path, sc.File.Scenario.Description, last-first, first, last-1, i, n, joinRegimes(gs), nw.Days(), int(nw.Warmup/sim.Day),
		*seed, *engine, plural(b.workers, "worker"), b.footing.Describe())
	if last-first >= pilotFrom {
		if t, bytes := b.estimate(first, last-first); t > 10*time.Minute || bytes > 1<<30 {
			fmt.Fprintf(stdout, "This batch will take about %s on %s and write about %.1f GB (estimated from %d replications).\n",
				roughly(t), plural(b.workers, "worker"), float64(bytes)/1e9, pilot)
		}
	}
	fmt.Fprintln(stdout)
	f, err := b.create(dir, first, last-first, fmt.Sprintf("%d/%d", i, n))
	if err != nil {
		return err
	}
	return b.finish(f, *quiet, stdout, stderr)
}

// A batch of pilotFrom replications or more is estimated from a pilot of
// pilot replications before it starts, and the estimate printed when it is
// long or large.
const pilotFrom, pilot = 20000, 16

// estimate times pilot replications of the batch on one worker (not
// written anywhere) and scales them to count replications on b.workers
// (at the 90% efficiency of extra workers the batch benchmark measures),
// with the files' size: runs.csv, shocks.csv and nodes.csv as the pilot's
// rows take, runs.parquet about as much as runs.csv and nodes.parquet a
// fifth of nodes.csv (its labels repeat and zstd takes them).
func (b *batch) estimate(first, count uint64) (time.Duration, int64) {
	p, ok := b.pilot(first)
	if !ok {
		return 0, 0
	}
	return p.time(count, b.workers), p.folder() * int64(count)
}

// pilotRun is what a pilot of a batch measured, per replication.
type pilotRun struct {
	each                time.Duration
	runs, shocks, nodes int64 // bytes of the CSV rows
}

// pilot runs replications first … first+pilot−1 on one worker.
func (b *batch) pilot(first uint64) (pilotRun, bool) {
	w := b.newWorker(0)
	var p pilotRun
	start := time.Now()
	for rep := first; rep < first+pilot; rep++ {
		r, err := w.Replicate(rep)
		if err != nil {
			return p, false
		}
		runs, shocks, nodes := r.Bytes(b.nw)
		p.runs, p.shocks, p.nodes = p.runs+int64(runs), p.shocks+int64(shocks), p.nodes+int64(nodes)
	}
	p.each = time.Since(start) / pilot
	p.runs, p.shocks, p.nodes = p.runs/pilot, p.shocks/pilot, p.nodes/pilot
	return p, true
}

// time is how long count replications take on workers.
func (p pilotRun) time(count uint64, workers int) time.Duration {
	return time.Duration(float64(p.each) * float64(count) / (1 + 0.9*float64(workers-1)))
}

// folder is the bytes a results folder's files take per replication.
func (p pilotRun) folder() int64 { return 2*p.runs + p.shocks + p.nodes + p.nodes/5 }

// roughly writes a long duration in hours and minutes.
func roughly(t time.Duration) string {
	m := int(t.Round(time.Minute).Minutes())
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}

// finish runs what the folder still lacks, with a progress bar and
// handling of Ctrl-C, SIGTERM and SIGHUP (each stops starting replications
// and keeps the finished ones), closes it and prints the summary. If the
// folder cannot be saved (a full disk), it says so and what the folder
// still holds.
func (b *batch) finish(f *results.Folder, quiet bool, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	m := &f.Manifest
	f.CheckpointEvery = b.checkpoint
	bar := newProgress(stderr, m.Runs-m.Done, quiet)
	b.onEmit = bar.add
	runErr := b.run(ctx, f, m.First+m.Done, m.Runs-m.Done)
	bar.done()
	if errors.Is(runErr, context.Canceled) && ctx.Err() != nil {
		runErr = errInterrupted
	}
	if !f.Saved {
		if f.Committed == 0 {
			if err := f.Discard(); err != nil {
				fmt.Fprintf(stderr, "supplysim run: cleaning up %s: %v\n", f.Dir, err)
			}
			fmt.Fprintf(stdout, "\nnothing of this run was saved to %s\n", f.Dir)
		} else {
			fmt.Fprintf(stdout, "\n%s could not be finished; it keeps the %d of %d replications committed before the error: `supplysim run --resume %s` continues from them once the cause is fixed\n",
				f.Dir, f.Committed, m.Runs, f.Dir)
		}
		return runErr
	}
	report(stdout, f.Summary)
	state := ""
	if !m.Complete {
		state = fmt.Sprintf("; incomplete: `supplysim run --resume %s` completes it", f.Dir)
	}
	fmt.Fprintf(stdout, "\nresults: %s (%d of %d replications%s)\n", f.Dir, m.Done, m.Runs, state)
	if m.Done > 0 {
		page, err := writeReport(f.Dir)
		if err != nil && runErr == nil {
			runErr = err
		}
		fmt.Fprintf(stdout, "report:  %s\n", page)
	}
	return runErr
}

// scenarioIf names a scenario argument given with --resume.
func scenarioIf(name string) []string {
	if name == "eu-auto" {
		return nil
	}
	return []string{"the scenario " + name}
}

// parseShard reads "i/n" with 1 ≤ i ≤ n, and nothing else.
func parseShard(s string) (i, n uint64, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.ParseUint(a, 10, 64)
	n, err2 := strconv.ParseUint(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || i < 1 || i > n {
		return 0, 0, fmt.Errorf("%w: --shard: want i/n with 1 ≤ i ≤ n, like 2/4, got %q", errUsage, s)
	}
	return i, n, nil
}

// shardRange returns shard i of n of runs replications: (i−1)·runs/n …
// i·runs/n − 1, exactly for any runs (128-bit products).
func shardRange(i, n, runs uint64) (first, last uint64) {
	at := func(k uint64) uint64 {
		hi, lo := bits.Mul64(k, runs)
		q, _ := bits.Div64(hi, lo, n) // k ≤ n, so the quotient fits
		return q
	}
	return at(i - 1), at(i)
}

// maxWorkers caps --workers: more than this many per core only costs memory.
const maxWorkers = 16

// batch is one scenario's batch: what runs, on what.
type batch struct {
	sc         *scenarios.Scenario
	nw         *models.Network
	regimes    []models.Regime
	seed       uint64
	engine     string
	workers    int
	footing    *results.Footing // what the regimes are held equal on, applied to nw
	shared     *models.Shared   // calibration evaluations shared with other batches (a sweep's points); nil for none
	checkpoint time.Duration    // how often the folder commits finished replications
	onEmit     func()           // test hook: called after each replication is written
}

// calibrate holds the batch's regimes equal on the footing named by
// override (or the scenario's) and records it; with one regime there is
// nothing to hold equal.
func (b *batch) calibrate(override string) error {
	f, runs := b.sc.Footing()
	if override != "" {
		var err error
		if f, err = models.ParseFooting(override); err != nil {
			return fmt.Errorf("%w: --equalize: %v", errUsage, err)
		}
	}
	if len(b.regimes) < 2 {
		f = models.NoFooting
	}
	cal, err := models.Equalize(context.Background(), b.nw, func() *models.Run {
		eng, _ := newEngine(b.engine)
		return models.NewRun(b.nw, eng, b.seed)
	}, b.regimes, f, runs, b.workers, b.shared)
	if err != nil {
		return fmt.Errorf("equal footing (%s): %w", f, err)
	}
	cal.Apply(b.nw)
	b.footing = results.NewFooting(cal)
	return nil
}

// create starts a results folder at dir for replications first …
// first+count−1.
func (b *batch) create(dir string, first, count uint64, shard string) (*results.Folder, error) {
	f, err := results.Create(dir, b.nw, b.regimes, results.Manifest{Tool: "supplysim", Version: toolVersion, Revision: revision(),
		Scenario: b.sc.File.Scenario.Name, ScenarioPath: b.sc.Source, ScenarioSHA256: results.HashTexts(b.sc.Texts()...),
		Seed: b.seed, HorizonDays: b.nw.Horizon.Days(), WarmupDays: b.nw.Warmup.Days(), First: first, Runs: count, Regimes: regimeNames(b.regimes),
		Footing: b.footing, Engine: b.engine, Shard: shard, Workers: b.workers,
		Started: time.Now().UTC()})
	if err == nil {
		f.Summary.Targets = b.targets()
	}
	return f, err
}

// continueIn reopens the interrupted folder dir of the batch.
func (b *batch) continueIn(dir string, in *results.Interrupted) (*results.Folder, error) {
	f, err := results.Continue(dir, b.nw, b.regimes, in)
	if err == nil {
		f.Summary.Targets = b.targets()
	}
	return f, err
}

// targets are the scenario's published losses, for summary.json.
func (b *batch) targets() []results.Target {
	var out []results.Target
	for _, c := range b.sc.Calibrations() {
		out = append(out, results.Target{What: c.What, Source: c.Source, Regime: c.Regime, Low: c.Low, High: c.High, Tolerance: c.Tolerance})
	}
	return out
}

// run runs replications first … first+count−1 into f and closes it,
// complete if the folder then holds all its replications. On an error or
// an interrupt the folder keeps every replication finished before it.
func (b *batch) run(ctx context.Context, f *results.Folder, first, count uint64) error {
	endBound := boundHeap()
	defer endBound() // if Run panics; a second call does nothing
	_, err := montecarlo.Run(ctx, montecarlo.Options{First: first, Count: count, Workers: b.workers},
		b.newWorker, func(_ uint64, r *results.Replication) error {
			if b.onEmit != nil {
				b.onEmit()
			}
			return f.Add(r)
		})
	endBound()
	var re *montecarlo.ReplicationError
	if errors.As(err, &re) {
		err = fmt.Errorf("%w\nreplay it: supplysim trace --from %s --replication %d", err, f.Dir, re.Replication)
	}
	if cerr := f.Close(f.Manifest.Done == f.Manifest.Runs); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// worker runs every regime of a replication on its own models.Run.
type worker struct {
	b   *batch
	run *models.Run
}

func (b *batch) newWorker(int) montecarlo.Worker[*results.Replication] {
	eng, _ := newEngine(b.engine)
	return &worker{b: b, run: models.NewRun(b.nw, eng, b.seed)}
}

func (w *worker) Replicate(rep uint64) (*results.Replication, error) {
	r := &results.Replication{Rep: rep}
	for _, g := range w.b.regimes {
		r.Append(w.b.nw, w.run.Replicate(rep, g))
	}
	return r, r.Check()
}

// scenarioArg parses flags that may come before or after the one optional
// scenario argument and returns the scenario (eu-auto if none).
func scenarioArg(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return "", err
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

// regimeList parses a comma-separated list of nw's regimes (kinds or
// variants), or returns dflt for "".
func regimeList(s string, dflt []models.Regime, nw *models.Network) ([]models.Regime, error) {
	if s == "" {
		return dflt, nil
	}
	var gs []models.Regime
	for _, name := range strings.Split(s, ",") {
		g, err := regimeOf(strings.TrimSpace(name), nw)
		if err != nil {
			return nil, fmt.Errorf("%w: --regimes: %v", errUsage, err)
		}
		if slices.Contains(gs, g) {
			return nil, fmt.Errorf("%w: --regimes: %s is listed twice", errUsage, g)
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// regimesOf returns the regimes of nw named in names, as a manifest lists them.
func regimesOf(names []string, nw *models.Network) ([]models.Regime, error) {
	var gs []models.Regime
	for _, name := range names {
		g, err := regimeOf(name, nw)
		if err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// regimeOf returns the regime of nw named name: a kind or one of its variants.
func regimeOf(name string, nw *models.Network) (models.Regime, error) {
	g := models.Regime(name)
	if _, ok := nw.Resolve(g); ok {
		return g, nil
	}
	names := regimeNames(models.Regimes)
	for _, v := range nw.Variants {
		names = append(names, string(v.Name))
	}
	near := ""
	if best := scenarios.Nearest(name, names); best != "" {
		near = fmt.Sprintf(" (did you mean %q?)", best)
	}
	return "", fmt.Errorf("unknown regime %q%s; this scenario has %s", name, near, strings.Join(names, ", "))
}

func joinRegimes(gs []models.Regime) string { return strings.Join(regimeNames(gs), ", ") }

func regimeNames(gs []models.Regime) []string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.String()
	}
	return names
}

// revision returns the VCS revision the binary was built from, "" if unknown.
func revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			return s.Value
		}
	}
	return ""
}

// shardFromEnv reads which shard a scheduler's array task is (--shard
// env): Slurm's SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN, _MAX and
// _STEP (default 1), checked against SLURM_ARRAY_TASK_COUNT when set, or
// Kubernetes' JOB_COMPLETION_INDEX (from 0) with tasks, the Job's
// completions (--tasks). The same task always gets the same shard, so a
// requeued task writes the same bytes.
func shardFromEnv(getenv func(string) string, tasks uint64) (i, n uint64, err error) {
	num := func(name string) (uint64, bool, error) {
		s := getenv(name)
		if s == "" {
			return 0, false, nil
		}
		x, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, true, fmt.Errorf("%w: --shard env: %s=%q is not a whole number", errUsage, name, s)
		}
		return x, true, nil
	}
	if id, ok, err := num("SLURM_ARRAY_TASK_ID"); err != nil || ok {
		if err != nil {
			return 0, 0, err
		}
		lo, okLo, err1 := num("SLURM_ARRAY_TASK_MIN")
		hi, okHi, err2 := num("SLURM_ARRAY_TASK_MAX")
		step, okStep, err3 := num("SLURM_ARRAY_TASK_STEP")
		count, okCount, err4 := num("SLURM_ARRAY_TASK_COUNT")
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return 0, 0, err
		}
		if !okStep {
			step = 1
		}
		switch {
		case !okLo || !okHi:
			return 0, 0, fmt.Errorf("%w: --shard env: SLURM_ARRAY_TASK_ID is set without SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX", errUsage)
		case step == 0 || lo > hi || id < lo || id > hi || (id-lo)%step != 0:
			return 0, 0, fmt.Errorf("%w: --shard env: task %d is not in the array %d-%d:%d", errUsage, id, lo, hi, step)
		}
		n = (hi-lo)/step + 1
		if okCount && count != n {
			return 0, 0, fmt.Errorf("%w: --shard env: the array %d-%d:%d has %d tasks but SLURM_ARRAY_TASK_COUNT is %d: an array with gaps (--array=1,3,7) cannot be shards; use --array=1-N",
				errUsage, lo, hi, step, n, count)
		}
		if tasks != 0 && tasks != n {
			return 0, 0, fmt.Errorf("%w: --shard env: --tasks %d, but the Slurm array has %d tasks", errUsage, tasks, n)
		}
		return (id-lo)/step + 1, n, nil
	}
	if idx, ok, err := num("JOB_COMPLETION_INDEX"); err != nil || ok {
		switch {
		case err != nil:
			return 0, 0, err
		case tasks == 0:
			return 0, 0, fmt.Errorf("%w: --shard env: JOB_COMPLETION_INDEX needs --tasks N, the Indexed Job's completions", errUsage)
		case idx >= tasks:
			return 0, 0, fmt.Errorf("%w: --shard env: JOB_COMPLETION_INDEX %d is not below --tasks %d", errUsage, idx, tasks)
		}
		return idx + 1, tasks, nil
	}
	return 0, 0, fmt.Errorf("%w: --shard env: neither SLURM_ARRAY_TASK_ID (a Slurm job array's task) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job's) is set", errUsage)
}
