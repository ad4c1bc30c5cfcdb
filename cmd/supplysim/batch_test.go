package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/supplysim/supplysim/results"
	"github.com/supplysim/supplysim/scenarios"
)

func testBatch(t *testing.T, name string, workers int) *batch {
	t.Helper()
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	return &batch{sc: sc, nw: nw, regimes: sc.Regimes(), seed: sc.Seed(), engine: "native", workers: workers}
}

// The files of a batch are byte-identical whatever the number of workers:
// per-run rows, shock records, summaries and daily quantiles.
func TestBatch_FilesIdenticalForAnyWorkers(t *testing.T) {
	read := func(workers int) map[string][]byte {
		dir := t.TempDir()
		if _, err := testBatch(t, "chip-crisis", workers).run(context.Background(), dir, 0, 40); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range []string{"runs.csv", "shocks.csv", "summary.json", "daily.csv"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			files[f] = b
		}
		return files
	}
	one := read(1)
	for _, workers := range []int{2, 5} {
		for f, b := range read(workers) {
			if !bytes.Equal(b, one[f]) {
				t.Errorf("%s differs between 1 and %d workers", f, workers)
			}
		}
	}
	if n := bytes.Count(one["runs.csv"], []byte("\n")); n != 1+40*2 {
		t.Errorf("runs.csv has %d lines, want a header and 80 rows (40 replications × silo, platform)", n)
	}
}

// An interrupted batch writes every replication finished before the
// interrupt, a prefix, and says in its manifest that it is incomplete.
func TestBatch_InterruptKeepsFinishedRuns(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	b := testBatch(t, "eu-auto", 2)
	calls := 0
	b.onEmit = func() {
		if calls++; calls == 25 {
			cancel()
		}
	}
	f, err := b.run(ctx, dir, 0, 100000)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	m, rerr := results.ReadManifest(dir)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if m.Complete || m.Done < 25 || m.Done >= 100000 || m.Done != f.Manifest.Done {
		t.Fatalf("manifest complete %v, done %d; want incomplete with at least 25 done", m.Complete, m.Done)
	}
	runs, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	if n := uint64(bytes.Count(runs, []byte("\n"))); n != 1+2*m.Done {
		t.Errorf("runs.csv has %d lines for %d finished replications, want %d", n, m.Done, 1+2*m.Done)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}
