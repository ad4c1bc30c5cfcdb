package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/supplysim/supplysim/results"
)

// mergeCmd joins the results folders of the shards of one batch into one
// folder, byte-identical in its data to the batch run unsharded.
func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge")
	out := fs.String("out", "", "the merged results folder (required)")
	force := fs.Bool("force", false, "replace the results already in --out")
	dirs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(dirs) == 0 {
		return fmt.Errorf("%w: merge --out DIR SHARD-DIR...", errUsage)
	}
	if _, err := os.Stat(filepath.Join(dirs[0], "sweep.json")); err == nil {
		return mergeSweep(*out, *force, dirs, stdout)
	}
	shards, err := readShards(dirs)
	if err != nil {
		return err
	}
	b, err := batchOf(shards[0].m, stderr)
	if err != nil {
		return err
	}
	last := shards[len(shards)-1].m
	lock, err := results.LockDir(*out)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	if err := results.Prepare(*out, *force); err != nil {
		return err
	}
	f, err := b.create(*out, shards[0].m.First, last.First+last.Runs-shards[0].m.First, fmt.Sprintf("merged from %d", len(shards)))
	if err != nil {
		return err
	}
	f.Manifest.Started, f.CheckpointEvery = shards[0].m.Started, -1 // a killed merge is run again
	for _, s := range shards {
		if _, err := f.Absorb(s.dir); err != nil {
			f.Abort()
			return err
		}
	}
	if err := f.Close(f.Manifest.Done == f.Manifest.Runs); err != nil {
		return err
	}
	report(stdout, f.Summary)
	page, err := writeReport(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nresults: %s (%d replications from %d shards)\nreport: %s\n", *out, f.Manifest.Done, len(shards), page)
	return nil
}

type shard struct {
	dir string
	m   *results.Manifest
}

// readShards reads the shards' manifests and checks that they are complete
// shards of one batch that together cover a contiguous range.
func readShards(dirs []string) ([]shard, error) {
	var shards []shard
	for _, d := range dirs {
		m, err := results.ReadManifest(d)
		if err != nil {
			return nil, err
		}
		if !m.Complete {
			return nil, fmt.Errorf("%s is incomplete (%d of %d replications); resume it first", d, m.Done, m.Runs)
		}
		shards = append(shards, shard{d, m})
	}
	slices.SortFunc(shards, func(a, b shard) int { return cmp.Compare(a.m.First, b.m.First) })
	if err := allShards(shards); err != nil {
		return nil, err
	}
	for k, s := range shards[1:] {
		p := shards[k]
		switch {
		case s.m.ScenarioSHA256 != p.m.ScenarioSHA256 || s.m.Seed != p.m.Seed || s.m.Engine != p.m.Engine ||
			!slices.Equal(s.m.Regimes, p.m.Regimes) || s.m.Version != p.m.Version:
			return nil, fmt.Errorf("%s and %s are not shards of one batch (scenario, seed, engine, regimes or version differ)", p.dir, s.dir)
		case !s.m.Footing.Same(p.m.Footing):
			return nil, fmt.Errorf("%s and %s held their regimes equal differently (footing %s vs %s, or other target multipliers); run both with the same --equalize",
				p.dir, s.dir, p.m.Footing.Name(), s.m.Footing.Name())
		case s.m.First != p.m.First+p.m.Runs:
			return nil, fmt.Errorf("%s ends at replication %d but %s starts at %d: a shard is missing or overlaps",
				p.dir, p.m.First+p.m.Runs, s.dir, s.m.First)
		}
	}
	return shards, nil
}

// allShards checks that shards of a batch split i/n are all there: the
// ends of the batch too, which contiguity alone does not catch.
func allShards(shards []shard) error {
	seen, n := map[uint64]bool{}, uint64(0)
	for _, s := range shards {
		i, k, err := parseShard(s.m.Shard)
		if err != nil {
			return nil // a merged folder, or one run whole: nothing to count
		}
		if n != 0 && k != n {
			return fmt.Errorf("%s is shard %s, the others of %d: not one batch's shards", s.dir, s.m.Shard, n)
		}
		n, seen[i] = k, true
	}
	var missing []string
	for i := uint64(1); i <= n; i++ {
		if !seen[i] {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shards %s are missing: merge them all", strings.Join(missing, ", "))
	}
	return nil
}

// batchOf rebuilds the batch a manifest describes, checking that the
// scenario has not changed since.
func batchOf(m *results.Manifest, stderr io.Writer) (*batch, error) {
	if m.Point != nil {
		return nil, fmt.Errorf("this folder is point %d of a sweep of the design %s (its scenario has the point's values): resume the sweep with `supplysim sweep --resume` on the folder that holds it",
			m.Point.Index, m.Point.Design)
	}
	sc, nw, err := load(m.ScenarioPath, stderr)
	if err != nil {
		return nil, err
	}
	if h := results.HashTexts(sc.Texts()...); h != m.ScenarioSHA256 {
		return nil, fmt.Errorf("scenario %s has changed since the batch ran (SHA-256 %.12s…, the manifest says %.12s…)", m.ScenarioPath, h, m.ScenarioSHA256)
	}
	gs, err := regimesOf(m.Regimes, nw)
	if err != nil {
		return nil, err
	}
	if m.Footing == nil {
		return nil, fmt.Errorf("a batch of %s records no footing: it was not written by supplysim %s", m.ScenarioPath, toolVersion)
	}
	if err := m.Footing.Apply(nw); err != nil {
		return nil, err
	}
	return &batch{sc: sc, nw: nw, regimes: gs, seed: m.Seed, engine: m.Engine, workers: max(1, m.Workers), footing: m.Footing}, nil
}

// resumeBatch completes an interrupted batch in place: it takes in what the
// folder holds and runs the replications it lacks.
func resumeBatch(dir string, workers int, quiet bool, stdout, stderr io.Writer, every time.Duration) error {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("%s holds no results to resume", dir)
	}
	lock, err := results.LockDir(dir)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	if err := results.CleanTemporary(dir); err != nil {
		return err
	}
	in, err := results.ReadInterrupted(dir)
	if err != nil {
		return err
	}
	m := in.Manifest
	if m.Complete {
		return fmt.Errorf("%s is complete (%d replications); nothing to resume", dir, m.Done)
	}
	if m.Version != toolVersion {
		return fmt.Errorf("%s was written by supplysim %s, this is %s; resume it with that version", dir, m.Version, toolVersion)
	}
	b, err := batchOf(m, stderr)
	if err != nil {
		return err
	}
	b.workers, b.checkpoint = workers, every
	f, err := b.continueIn(dir, in)
	if err != nil {
		return err
	}
	f.Manifest.Workers = workers
	fmt.Fprintf(stdout, "%s: resuming at replication %d of %d … %d, started %s\n\n", dir, m.First+m.Done, m.First, m.First+m.Runs-1,
		m.Started.Format(time.RFC3339))
	return b.finish(f, quiet, stdout, stderr)
}
