package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/supplysim/supplysim/designs"
	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/results"
	"golang.org/x/sync/errgroup"
)

// sweepCmd runs an experiment design: every point's replications under
// every regime, each point a results folder of its own under DIR/points/,
// then the design's tables (points.csv, runs.csv with a point column,
// summary.json per point, sensitivity.json for a Sobol design) and its
// manifest, sweep.json, last.
func sweepCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sweep")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel workers")
	out := fs.String("out", "", "sweep folder (default results/out/sweep-<design>-<time>)")
	resume := fs.String("resume", "", "complete the interrupted sweep in this folder")
	quiet := fs.Bool("quiet", false, "no progress bar (there is none when stderr is not a terminal)")
	force := fs.Bool("force", false, "replace the results already in --out")
	every := fs.Duration("checkpoint", 2*time.Second, "commit finished replications to disk this often (0: after every replication)")
	shard := fs.String("shard", "1/1", "run shard i of n of the design's points × replications; join shards with supplysim merge; env: a Slurm array task's or Kubernetes Indexed Job's")
	tasks := fs.Uint64("tasks", 0, "with --shard env on Kubernetes: the Indexed Job's completions (n)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if cores := runtime.NumCPU(); *workers < 1 || *workers > maxWorkers*cores {
		return fmt.Errorf("%w: --workers: want 1 to %d (%d per core), got %d", errUsage, maxWorkers*cores, maxWorkers, *workers)
	}
	if *every < 0 {
		return fmt.Errorf("%w: --checkpoint: want a duration ≥ 0, got %v", errUsage, *every)
	}
	s := &sweep{workers: *workers, checkpoint: *every, quiet: *quiet}
	var d *designs.Design
	switch {
	case *resume != "" && (len(pos) > 0 || *out != "" || *force || *shard != "1/1"):
		return fmt.Errorf("%w: --resume continues a sweep as it was started; give only the folder", errUsage)
	case *resume != "":
		s.dir = *resume
		if d, err = s.reopen(); err != nil {
			return err
		}
	case len(pos) != 1:
		return fmt.Errorf("%w: sweep takes one design (a built-in's name or a file; `supplysim designs` lists the built-ins)", errUsage)
	default:
		if d, err = designs.Find(pos[0]); err != nil {
			return err
		}
		s.dir = *out
		if s.dir == "" {
			s.dir = filepath.Join("results", "out", fmt.Sprintf("sweep-%s-%s", d.File.Design.Name, time.Now().Format("20060102-150405")))
		}
	}
	s.d = d
	if err := d.Check(*workers); err != nil {
		return err
	}
	if *shard == "env" {
		i, n, err := shardFromEnv(os.Getenv, *tasks)
		if err != nil {
			return err
		}
		*shard = fmt.Sprintf("%d/%d", i, n)
	}
	if *resume == "" {
		if s.m.Shard = *shard; s.shardOf() == nil {
			return fmt.Errorf("%w: --shard: want i/n with 1 ≤ i ≤ n, like 2/4, got %q", errUsage, *shard)
		}
		if _, n, _ := parseShard(*shard); n > uint64(len(d.Points)*d.File.Design.Runs) {
			return fmt.Errorf("%w: --shard %s: the design has only %d points × %d replications", errUsage, *shard, len(d.Points), d.File.Design.Runs)
		}
	}
	lock, err := results.LockDir(s.dir)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	if *resume == "" {
		if err := results.Prepare(s.dir, *force); err != nil {
			return err
		}
		if err := s.start(); err != nil {
			return err
		}
	}
	return s.run(stdout, stderr)
}

// sweep is an experiment design being run into a folder.
type sweep struct {
	d          *designs.Design
	dir        string
	workers    int
	checkpoint time.Duration
	quiet      bool
	m          sweepManifest
	// evaluations are the points' calibration evaluations: a regime that no
	// factor reaches (silo, in a sweep of platform settings) is evaluated
	// once for them all.
	evaluations models.Evaluations
	// starts are the multipliers every point's calibration starts from:
	// those of the design's scenario as it is (see calibrateBase).
	starts map[models.Regime]float64
}

// sweepManifest is sweep.json: what a sweep folder holds and how to run it
// again; written first (incomplete) and last, with the hashes of its
// tables.
type sweepManifest struct {
	Tool           string   `json:"tool"`
	Version        string   `json:"version"`
	Revision       string   `json:"revision"`
	Design         string   `json:"design"`
	DesignSource   string   `json:"design_source"` // a built-in's name or the file's absolute path
	DesignSHA256   string   `json:"design_sha256"`
	Scenario       string   `json:"scenario"`
	ScenarioSHA256 string   `json:"scenario_sha256"`
	Kind           string   `json:"kind"`
	Points         int      `json:"points"`
	Runs           int      `json:"runs"` // replications per point
	Regimes        []string `json:"regimes"`
	// Shard is "i/n" for shard i of n of the points × replications (in
	// point order, then replication order), "1/1" for a whole sweep.
	Shard    string            `json:"shard"`
	Complete bool              `json:"complete"`
	Started  time.Time         `json:"started"`
	Finished time.Time         `json:"finished"`
	Files    map[string]string `json:"files,omitempty"`
}

// start writes what a new sweep folder holds before its first point: the
// design's text, its points and an incomplete sweep.json.
func (s *sweep) start() error {
	d := s.d
	nw, err := d.Scenario.Build()
	if err != nil {
		return err
	}
	gs, err := regimeList(strings.Join(d.File.Design.Regimes, ","), d.Scenario.Regimes(), nw)
	if err != nil {
		return fmt.Errorf("%s: design.regimes: %w", d.Path, err)
	}
	s.m = sweepManifest{Tool: "supplysim", Version: toolVersion, Revision: revision(), Design: d.File.Design.Name, DesignSource: d.Source,
		DesignSHA256: d.SHA256(), Scenario: d.Scenario.File.Scenario.Name, ScenarioSHA256: results.HashTexts(d.Scenario.Texts()...),
		Kind: d.File.Design.Kind, Points: len(d.Points), Runs: d.File.Design.Runs, Regimes: regimeNames(gs), Shard: s.m.Shard,
		Started: time.Now().UTC()}
	if err := results.WriteFileAtomic(filepath.Join(s.dir, "design.toml"), d.Text); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(filepath.Join(s.dir, "points.csv"), s.pointsCSV()); err != nil {
		return err
	}
	return results.WriteJSON(filepath.Join(s.dir, "sweep.json"), s.m)
}

// reopen reads an interrupted sweep folder's manifest and design back: the
// design's text as the folder keeps it, checked against its hash, loaded
// from where it was (so that a scenario file it names resolves as it did).
func (s *sweep) reopen() (*designs.Design, error) {
	raw, err := os.ReadFile(filepath.Join(s.dir, "sweep.json"))
	if err != nil {
		return nil, fmt.Errorf("%s holds no sweep to resume: %w", s.dir, err)
	}
	if err := json.Unmarshal(raw, &s.m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(s.dir, "sweep.json"), err)
	}
	if s.m.Complete {
		return nil, fmt.Errorf("%s is a complete sweep of %d points; nothing to resume", s.dir, s.m.Points)
	}
	if s.m.Version != toolVersion {
		return nil, fmt.Errorf("%s was written by supplysim %s, this is %s; resume it with that version", s.dir, s.m.Version, toolVersion)
	}
	if s.m.Shard == "" {
		s.m.Shard = "1/1"
	}
	return s.reopenDesign()
}

// reopenDesign loads the design a sweep folder ran, from its copy of the
// design's text (checked against sweep.json's hash), as from where it was.
func (s *sweep) reopenDesign() (*designs.Design, error) {
	text, err := os.ReadFile(filepath.Join(s.dir, "design.toml"))
	if err != nil {
		return nil, err
	}
	if sha(text) != s.m.DesignSHA256 {
		return nil, fmt.Errorf("%s is not the design this sweep ran (SHA-256 %.12s…, sweep.json says %.12s…)", filepath.Join(s.dir, "design.toml"), sha(text), s.m.DesignSHA256)
	}
	path := s.m.DesignSource
	if !filepath.IsAbs(path) {
		path = filepath.Join("designs", path+".toml") // a built-in: its scenario is a built-in's name
	}
	d, err := designs.Parse(path, text)
	if err != nil {
		return nil, err
	}
	d.Source = s.m.DesignSource
	s.d = d
	if raw, err := os.ReadFile(filepath.Join(s.dir, "points.csv")); err != nil || !bytes.Equal(raw, s.pointsCSV()) {
		return nil, fmt.Errorf("%s is not the design's points (changed, or missing: %v)", filepath.Join(s.dir, "points.csv"), err)
	}
	if h := results.HashTexts(d.Scenario.Texts()...); h != s.m.ScenarioSHA256 {
		return nil, fmt.Errorf("scenario %s has changed since the sweep ran (SHA-256 %.12s…, sweep.json says %.12s…)", d.Scenario.Path, h, s.m.ScenarioSHA256)
	}
	return d, nil
}

func sha(b []byte) string {
	d := designs.Design{Text: b}
	return d.SHA256()
}

// pointsCSV is points.csv: a row per point, its number and every factor's
// value as the scenario file would write it.
func (s *sweep) pointsCSV() []byte {
	var b strings.Builder
	w := csv.NewWriter(&b)
	head := []string{"point"}
	for _, f := range s.d.Factors {
		head = append(head, f.Path)
	}
	w.Write(head)
	for k, p := range s.d.Points {
		row := []string{fmt.Sprint(k + 1)}
		for _, v := range p {
			row = append(row, v.String())
		}
		w.Write(row)
	}
	w.Flush()
	return []byte(b.String())
}

// shardOf returns the replications of each point this sweep runs, [lo,
// hi) per point, or nil for a shard that is not i/n: shard i of n takes
// the pairs (i−1)·P·R/n … i·P·R/n − 1 of the points × replications, point
// by point.
func (s *sweep) shardOf() [][2]uint64 {
	i, n, err := parseShard(s.m.Shard)
	if err != nil {
		return nil
	}
	runs := uint64(s.d.File.Design.Runs)
	a, b := shardRange(i, n, uint64(len(s.d.Points))*runs)
	out := make([][2]uint64, len(s.d.Points))
	for k := range out {
		lo, hi := max(a, uint64(k)*runs), min(b, uint64(k+1)*runs)
		if lo < hi {
			out[k] = [2]uint64{lo - uint64(k)*runs, hi - uint64(k)*runs}
		}
	}
	return out
}

// whole says whether the sweep is one, not a shard of one.
func (s *sweep) whole() bool { return s.m.Shard == "1/1" || s.m.Shard == "" }

// pointDir is the results folder of point k (0-based).
func (s *sweep) pointDir(k int) string {
	return filepath.Join(s.dir, "points", fmt.Sprintf("%06d", k+1))
}

// run runs every point the folder does not hold complete, in order, then
// writes the design's tables. Ctrl-C, SIGTERM and SIGHUP stop it after
// the replications under way; the folder then resumes.
func (s *sweep) run(stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	d := s.d
	left := uint64(0)
	done := make([]bool, len(d.Points))
	ranges := s.shardOf()
	if ranges == nil {
		return fmt.Errorf("%s: sweep.json records shard %q, not i/n", s.dir, s.m.Shard)
	}
	for k := range d.Points {
		if m, err := results.OpenManifest(s.pointDir(k)); ranges[k][0] == ranges[k][1] || err == nil && m.Complete && s.ours(m, k) {
			done[k] = true
			continue
		}
		left += ranges[k][1] - ranges[k][0]
		if in, err := results.ReadInterrupted(s.pointDir(k)); err == nil && s.ours(in.Manifest, k) {
			left -= in.Manifest.Done
		}
	}
	fmt.Fprintf(stdout, "%s: %s\n%s design of %d points × %d replications × %s, scenario %s; %s\n\n", d.Path, d.File.Design.Description,
		d.File.Design.Kind, len(d.Points), d.File.Design.Runs, strings.Join(s.m.Regimes, ", "), s.m.Scenario, plural(s.workers, "worker"))
	if left > 0 {
		base, err := s.calibrateBase()
		if err != nil {
			return err
		}
		if left >= pilotFrom {
			if t, bytes, ok := s.estimate(base, left, len(d.Points)-countTrue(done)); ok && (t > 10*time.Minute || bytes > 1<<30) {
				fmt.Fprintf(stdout, "This sweep will take about %s on %s and write about %.1f GB (estimated from %d replications of %s).\n\n",
					roughly(t), plural(s.workers, "worker"), float64(bytes)/1e9, pilot, s.m.Scenario)
			}
		}
	}
	bar := newProgress(stderr, left, s.quiet)
	// Two points at a time when there are cores for both, each on half the
	// workers: one point's serial start and close (calibration, daily
	// sketches, files) overlaps the other's replications. A point's files
	// do not depend on its workers, so neither do the sweep's.
	lanes := min(2, s.workers)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(lanes)
	failed := make([]error, len(d.Points))
	for k := range d.Points {
		if done[k] {
			continue
		}
		if gctx.Err() != nil { // stopped: start no more points
			break
		}
		g.Go(func() error {
			failed[k] = s.point(gctx, k, ranges[k], max(1, s.workers/lanes), bar.add)
			return failed[k]
		})
	}
	err := g.Wait()
	bar.done()
	if err == nil && !s.whole() {
		return s.closeShard(stdout)
	}
	if err != nil {
		for k, e := range failed { // the first point that failed, in order
			switch {
			case e == nil:
			case errors.Is(e, context.Canceled) && ctx.Err() != nil:
				fmt.Fprintf(stdout, "\n%s: stopped at point %d of %d; `supplysim sweep --resume %s` continues from there\n", s.dir, k+1, len(d.Points), s.dir)
				return errInterrupted
			case !errors.Is(e, context.Canceled):
				return fmt.Errorf("point %d (%s): %w", k+1, describePoint(d, k), e)
			}
		}
		return err
	}
	if err := s.close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sweep:  %s (%d points × %d replications)\nreport: %s\n", s.dir, len(d.Points), d.File.Design.Runs, filepath.Join(s.dir, "report.html"))
	return nil
}

// batchAt is the batch of point k: the design's scenario with the
// point's values, its network (cover scale set) and the sweep's regimes,
// on one worker and the native engine, not yet held equal.
func (s *sweep) batchAt(k int) (*batch, error) {
	sc, scale, err := s.d.ScenarioAt(s.d.Points[k])
	if err != nil {
		return nil, err
	}
	nw, err := sc.Build()
	if err != nil {
		return nil, err
	}
	nw.CoverScale = scale
	gs, err := regimesOf(s.m.Regimes, nw)
	if err != nil {
		return nil, err
	}
	alike := func(g models.Regime) string {
		v, _ := nw.Resolve(g)
		return s.d.Alike(k, string(g), v.Kind)
	}
	b := &batch{sc: sc, nw: nw, regimes: gs, seed: sc.Seed(), engine: "native", workers: 1}
	b.shared = &models.Shared{Evaluations: s.shared(), Alike: alike, Start: s.starts}
	return b, nil
}

// shared is what the points share their calibration evaluations in.
func (s *sweep) shared() *models.Evaluations {
	if !shareCalibrations {
		return nil
	}
	return &s.evaluations
}

// calibrateBase holds the regimes of the design's scenario as it is (no
// factor set) equal, on all the sweep's workers, for the multipliers
// every point's calibration then starts from: near a point's own, they
// often need one evaluation where a search from 1 needs two or more. It
// is a pure function of the design, so every shard of a sweep starts its
// points from the same multipliers and calibrates them alike. If it
// fails, the points start from 1 (and may still succeed). It returns the
// scenario's batch, for an estimate.
func (s *sweep) calibrateBase() (*batch, error) {
	nw, err := s.d.Scenario.Build()
	if err != nil {
		return nil, err
	}
	gs, err := regimesOf(s.m.Regimes, nw)
	if err != nil {
		return nil, err
	}
	b := &batch{sc: s.d.Scenario, nw: nw, regimes: gs, seed: s.d.Scenario.Seed(), engine: "native", workers: s.workers}
	b.shared = &models.Shared{Evaluations: s.shared(), Alike: func(g models.Regime) string {
		if v, _ := nw.Resolve(g); s.d.Alike(0, string(g), v.Kind) == "" {
			return "" // no factor reaches g: the points' evaluations of it are the scenario's
		}
		return "the design's scenario"
	}}
	if b.calibrate(s.d.File.Design.Equalize) != nil {
		return b, nil
	}
	s.starts = map[models.Regime]float64{}
	for _, r := range b.footing.Regimes {
		s.starts[models.Regime(r.Regime)] = r.Scale
	}
	return b, nil
}

// estimate is how long the sweep's left replications take over its
// points (from a pilot of the design's scenario as it is) and what they
// write: each point's folder, the sweep's runs.csv and runs.parquet again,
// and one evaluation of calibration replications per point for each
// regime a factor reaches (a good start's cost; see calibrateBase).
func (s *sweep) estimate(base *batch, left uint64, points int) (time.Duration, int64, bool) {
	p, ok := base.pilot(0)
	if !ok {
		return 0, 0, false
	}
	calibration := uint64(0)
	if f := base.footing; f != nil && f.Equalize != models.NoFooting.String() {
		for _, g := range base.regimes {
			if v, _ := base.nw.Resolve(g); s.d.Alike(0, string(g), v.Kind) != "" {
				calibration += uint64(points * f.Runs)
			}
		}
	}
	return p.time(left+calibration, s.workers), (p.folder() + 2*p.runs) * int64(left), true
}

// shareCalibrations lets a sweep's points share calibration evaluations;
// a test turns it off to see that they change nothing.
var shareCalibrations = true

// pointOf is what point k's folder records of it.
func (s *sweep) pointOf(k int) *results.PointOf {
	p := &results.PointOf{Design: s.d.File.Design.Name, DesignSHA256: s.m.DesignSHA256, Index: k + 1}
	for i, fc := range s.d.Factors {
		p.Values = append(p.Values, results.FactorValue{Path: fc.Path, Value: s.d.Points[k][i].String()})
	}
	return p
}

// ours says whether a point folder's manifest is point k of this design.
func (s *sweep) ours(m *results.Manifest, k int) bool {
	return m.Point != nil && m.Point.Index == k+1 && m.Point.DesignSHA256 == s.m.DesignSHA256
}

func describePoint(d *designs.Design, k int) string {
	var parts []string
	for i, f := range d.Factors {
		parts = append(parts, f.Path+" = "+d.Points[k][i].String())
	}
	return strings.Join(parts, ", ")
}

// point runs point k into its folder: from where an interrupted run of it
// stopped, or new. Its scenario is the design's with the point's values,
// its regimes held equal as the design asks (the footing recorded when it
// started, on a resume).
func (s *sweep) point(ctx context.Context, k int, reps [2]uint64, workers int, emitted func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d, dir := s.d, s.pointDir(k)
	b, err := s.batchAt(k)
	if err != nil {
		return err
	}
	b.workers, b.checkpoint, b.onEmit = workers, s.checkpoint, emitted
	nw := b.nw
	shard := "1/1"
	if !s.whole() { // a range of the point's replications; merge checks that the shards cover them all
		shard = "sweep " + s.m.Shard
	}
	if err := results.CleanTemporary(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	var f *results.Folder
	if in, err := results.ReadInterrupted(dir); err == nil && s.ours(in.Manifest, k) {
		if in.Manifest.Footing == nil {
			return fmt.Errorf("%s records no footing", dir)
		}
		if err := in.Manifest.Footing.Apply(nw); err != nil {
			return err
		}
		b.footing = in.Manifest.Footing
		if f, err = b.continueIn(dir, in); err != nil {
			return err
		}
	} else {
		if err := os.RemoveAll(dir); err != nil { // a folder of another design, or one killed before it committed
			return err
		}
		if err := b.calibrate(d.File.Design.Equalize); err != nil {
			return err
		}
		if f, err = b.create(dir, reps[0], reps[1]-reps[0], shard); err != nil {
			return err
		}
		f.Manifest.Point = s.pointOf(k)
	}
	f.CheckpointEvery = s.checkpoint
	m := &f.Manifest
	return b.run(ctx, f, m.First+m.Done, m.Runs-m.Done)
}

// close writes the design's tables from its point folders, each verified:
// runs.csv with a point column, summary.json (per point, each regime's
// metrics and the paired differences), sensitivity.json for a Sobol
// design; then sweep.json, complete, with their hashes.
func (s *sweep) close() error {
	files := map[string]string{}
	for _, name := range []string{"design.toml", "points.csv"} {
		raw, err := os.ReadFile(filepath.Join(s.dir, name))
		if err != nil {
			return err
		}
		files[name] = sha(raw)
	}
	var points []results.SweepPoint
	var dirs []string
	equalized := ""
	for k := range s.d.Points {
		dir := s.pointDir(k)
		m, err := results.OpenManifest(dir)
		if err != nil {
			return err
		}
		if !m.Complete || !s.ours(m, k) {
			return fmt.Errorf("%s is not point %d of this sweep, complete", dir, k+1)
		}
		sf, err := results.ReadSummary(dir)
		if err != nil {
			return err
		}
		points = append(points, results.SweepPoint{Point: k + 1, Values: m.Point.Values, Metrics: sf.Metrics, Paired: sf.Paired})
		equalized = m.Footing.Name()
		dirs = append(dirs, dir)
	}
	csvSum, parquetSum, err := results.WriteSweepRuns(s.dir, dirs)
	if err != nil {
		return err
	}
	files["runs.csv"], files["runs.parquet"] = csvSum, parquetSum
	put := func(name string, v any) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		b = append(b, '\n')
		files[name] = sha(b)
		return results.WriteFileAtomic(filepath.Join(s.dir, name), b)
	}
	sum := &results.SweepSummary{Design: s.m.Design, Kind: s.m.Kind, Factors: factorPaths(s.d), Points: points, Equalize: equalized}
	if err := put("summary.json", sum); err != nil {
		return err
	}
	var sens *results.Sensitivity
	if s.d.File.Design.Kind == "sobol" {
		sv, err := sensitivity(s.d, s.m.Regimes, points)
		if err != nil {
			return err
		}
		if err := put("sensitivity.json", sv); err != nil {
			return err
		}
		sens = &sv
	}
	var gs []models.Regime
	for _, g := range s.m.Regimes {
		gs = append(gs, models.Regime(g))
	}
	figs, err := results.WriteSweepPlots(s.dir, sum, sens, gs)
	if err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	if _, err := results.WriteSweepReport(s.dir, sum, figs, gs, s.d.File.Design.Description); err != nil {
		return err
	}
	s.m.Complete, s.m.Finished, s.m.Files = true, time.Now().UTC(), files
	return results.WriteJSON(filepath.Join(s.dir, "sweep.json"), s.m)
}

// closeShard marks a shard's sweep.json complete; its tables are the
// merged sweep's.
func (s *sweep) closeShard(stdout io.Writer) error {
	s.m.Complete, s.m.Finished = true, time.Now().UTC()
	if err := results.WriteJSON(filepath.Join(s.dir, "sweep.json"), s.m); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sweep shard %s: %s; join all %s shards with `supplysim merge --out DIR SHARD-DIR...`\n", s.m.Shard, s.dir, s.m.Shard[strings.Index(s.m.Shard, "/")+1:])
	return nil
}

// mergeSweep joins the folders of a sweep's shards into out: every point's
// replications absorbed from the shards that ran them, in order, into one
// point folder (byte-identical in its data to the point run unsharded),
// then the sweep's tables, figures and report.
func mergeSweep(out string, force bool, dirs []string, stdout io.Writer) error {
	var shards []*sweep
	for _, dir := range dirs {
		sh := &sweep{dir: dir}
		raw, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
		if err != nil {
			return fmt.Errorf("%s is not a sweep's shard: %w", dir, err)
		}
		if err := json.Unmarshal(raw, &sh.m); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, "sweep.json"), err)
		}
		if !sh.m.Complete {
			return fmt.Errorf("%s is an incomplete sweep shard: resume it first with `supplysim sweep --resume %s`", dir, dir)
		}
		shards = append(shards, sh)
	}
	first := shards[0]
	seen, n := map[uint64]string{}, uint64(0)
	for _, sh := range shards {
		i, k, err := parseShard(sh.m.Shard)
		switch {
		case err != nil:
			return fmt.Errorf("%s records shard %q", sh.dir, sh.m.Shard)
		case sh.m.DesignSHA256 != first.m.DesignSHA256 || sh.m.ScenarioSHA256 != first.m.ScenarioSHA256 || sh.m.Version != first.m.Version ||
			!slices.Equal(sh.m.Regimes, first.m.Regimes):
			return fmt.Errorf("%s and %s are not shards of one sweep (design, scenario, regimes or version differ)", first.dir, sh.dir)
		case n != 0 && k != n:
			return fmt.Errorf("%s is shard %s, the others of %d: not one sweep's shards", sh.dir, sh.m.Shard, n)
		case seen[i] != "":
			return fmt.Errorf("%s and %s are both shard %s", seen[i], sh.dir, sh.m.Shard)
		}
		n, seen[i] = k, sh.dir
	}
	var missing []string
	for i := uint64(1); i <= n; i++ {
		if seen[i] == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shards %s are missing: merge them all", strings.Join(missing, ", "))
	}
	d, err := first.reopenDesign()
	if err != nil {
		return err
	}
	s := &sweep{d: d, dir: out, m: first.m}
	s.m.Shard, s.m.Complete, s.m.Files = "1/1", false, nil
	lock, err := results.LockDir(out)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	if err := results.Prepare(out, force); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(filepath.Join(out, "design.toml"), d.Text); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(filepath.Join(out, "points.csv"), s.pointsCSV()); err != nil {
		return err
	}
	if err := results.WriteJSON(filepath.Join(out, "sweep.json"), s.m); err != nil {
		return err
	}
	for k := range d.Points {
		if err := s.mergePoint(k, shards); err != nil {
			return fmt.Errorf("point %d: %w", k+1, err)
		}
	}
	if err := s.close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sweep:  %s (%d points × %d replications, from %d shards)\nreport: %s\n", out, len(d.Points), d.File.Design.Runs, n,
		filepath.Join(out, "report.html"))
	return nil
}

// mergePoint absorbs point k's replications from the shards that hold
// them, in replication order, into the merged sweep's point folder.
func (s *sweep) mergePoint(k int, shards []*sweep) error {
	var parts []shard
	for _, sh := range shards {
		dir := sh.pointDir(k)
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			continue // the shard ran none of the point's replications
		}
		m, err := results.OpenManifest(dir)
		if err != nil {
			return err
		}
		if !m.Complete || m.Point == nil || m.Point.Index != k+1 || m.Point.DesignSHA256 != s.m.DesignSHA256 {
			return fmt.Errorf("%s is not point %d of this sweep, complete", dir, k+1)
		}
		parts = append(parts, shard{dir, m})
	}
	slices.SortFunc(parts, func(a, b shard) int { return cmp.Compare(a.m.First, b.m.First) })
	next := uint64(0)
	for _, p := range parts {
		if p.m.First != next {
			return fmt.Errorf("the shards hold its replications from %d, %s from %d: a shard's part is missing or overlaps", next, p.dir, p.m.First)
		}
		if !p.m.Footing.Same(parts[0].m.Footing) {
			return fmt.Errorf("%s and %s held their regimes equal differently", parts[0].dir, p.dir)
		}
		next += p.m.Runs
	}
	if next != uint64(s.d.File.Design.Runs) {
		return fmt.Errorf("the shards hold %d of its %d replications", next, s.d.File.Design.Runs)
	}
	b, err := s.batchAt(k)
	if err != nil {
		return err
	}
	if err := parts[0].m.Footing.Apply(b.nw); err != nil {
		return err
	}
	b.seed, b.engine, b.footing = parts[0].m.Seed, parts[0].m.Engine, parts[0].m.Footing
	f, err := b.create(s.pointDir(k), 0, next, "1/1")
	if err != nil {
		return err
	}
	f.Manifest.Point, f.Manifest.Started, f.CheckpointEvery = s.pointOf(k), parts[0].m.Started, -1
	for _, p := range parts {
		if _, err := f.Absorb(p.dir); err != nil {
			f.Abort()
			return err
		}
	}
	return f.Close(f.Manifest.Done == f.Manifest.Runs)
}

func factorPaths(d *designs.Design) []string {
	var out []string
	for _, f := range d.Factors {
		out = append(out, f.Path)
	}
	return out
}

// sensitivityOutputs are the metrics whose Sobol indices a Sobol design
// reports: each regime's mean, and each pair's mean paired difference.
var sensitivityOutputs = []string{"lost_output", "fill_rate", "holding_cost_eur"}

// sensitivity estimates the Sobol indices of every output over the
// points' means, in Saltelli's order: per metric, each regime's mean and
// each regime's mean paired difference against the first.
func sensitivity(d *designs.Design, regimes []string, points []results.SweepPoint) (results.Sensitivity, error) {
	out := results.Sensitivity{Design: d.File.Design.Name, BaseN: d.File.Design.Points, Resamples: d.File.Design.Resamples, Factors: factorPaths(d)}
	for _, metric := range sensitivityOutputs {
		var keys []string
		for _, g := range regimes {
			keys = append(keys, g)
		}
		for a := 1; a < len(regimes); a++ {
			keys = append(keys, regimes[a]+"-"+regimes[0])
		}
		for i, key := range keys {
			y := make([]float64, len(points))
			for k, p := range points {
				if i < len(regimes) {
					y[k] = float64(p.Metrics[metric][key].Mean)
				} else {
					y[k] = float64(p.Paired[metric][key].Mean)
				}
			}
			o := results.SensitivityOutput{Output: metric + "/" + key}
			idx, err := designs.SobolIndices(y, len(d.Factors), d.File.Design.Resamples, uint64(max(d.File.Design.Seed, 1)))
			switch {
			case err != nil:
				o.Note = err.Error()
			case slices.Min(y) == slices.Max(y):
				o.Note = fmt.Sprintf("the output is %v at every point: no factor moves it, and the indices are undefined", y[0])
			default:
				o.Indices = idx
				if d.File.Design.Points < 64 {
					o.Note = fmt.Sprintf("%d base samples: the indices are rough (outside 0 to 1 is noise); 64 or more make them usable", d.File.Design.Points)
				}
			}
			out.Outputs = append(out.Outputs, o)
		}
	}
	return out, nil
}

// designsCmd lists the built-in designs with their descriptions.
func designsCmd(args []string, stdout, stderr io.Writer) error {
	args, err := parse(newFlags("designs"), args)
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return fmt.Errorf("%w: designs takes no arguments", errUsage)
	}
	var list [][2]string
	for _, b := range designs.Builtins() {
		list = append(list, [2]string{b.Name, b.Description})
	}
	printList(stdout, list)
	return nil
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
