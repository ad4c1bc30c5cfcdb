package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/results"
)

// Every committed baseline is reproduced exactly: the batch it describes,
// run again, gives a byte-identical runs.csv, shocks.csv and nodes.csv. A
// failure means the change altered results; if that is meant, raise
// toolVersion and `make baseline`.
func TestBaselines(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 300 replications per built-in scenario")
	}
	files, _ := filepath.Glob("../../results/baselines/*.json")
	if len(files) < 6 {
		t.Fatalf("%d baselines in results/baselines, want one per scenario of the library", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			b, err := results.ReadBaseline(file)
			if err != nil {
				t.Fatal(err)
			}
			m, dir := b.Manifest, t.TempDir()
			mainOK(t, "run", m.ScenarioPath, "--runs", fmt.Sprint(m.Runs), "--seed", fmt.Sprint(m.Seed),
				"--engine", m.Engine, "--regimes", strings.Join(m.Regimes, ","), "--out", dir)
			var stdout, stderr bytes.Buffer
			if status := Main([]string{"check", "--baseline", file, dir}, &stdout, &stderr); status != 0 {
				t.Errorf("check: status %d\n%s%s", status, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), "exact check: runs.csv, shocks.csv and nodes.csv are identical") {
				t.Errorf("check was not exact:\n%s", stdout.String())
			}
		})
	}
}

// The statistical check passes a batch of the same model with another
// seed, fails one whose model changed, and exits 2 on another scenario.
func TestCheck_StatisticalModeAndExitStatus(t *testing.T) {
	tmp := t.TempDir()
	base, other, changed := filepath.Join(tmp, "base"), filepath.Join(tmp, "other"), filepath.Join(tmp, "changed")
	mainOK(t, "run", "chip-crisis", "--runs", "150", "--out", base)
	mainOK(t, "baseline", base, filepath.Join(tmp, "b.json"))
	mainOK(t, "run", "chip-crisis", "--runs", "150", "--seed", "77", "--out", other)
	var stdout, stderr bytes.Buffer
	if status := Main([]string{"check", "--baseline", filepath.Join(tmp, "b.json"), other}, &stdout, &stderr); status != 0 ||
		!strings.Contains(stdout.String(), "statistical check") {
		t.Errorf("another seed of the same model: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
	// The same batch with its runs.csv altered, as a changed model would: exact mode catches it.
	mainOK(t, "run", "chip-crisis", "--runs", "150", "--out", changed)
	path := filepath.Join(changed, "runs.csv")
	raw, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(raw, []byte(",silo,"), []byte(",silo, "), 1), 0o644)
	stderr.Reset()
	if status := Main([]string{"check", "--baseline", filepath.Join(tmp, "b.json"), changed}, &stdout, &stderr); status != 2 ||
		!strings.Contains(stderr.String(), "runs.csv is not the file this folder's manifest records") {
		t.Errorf("runs.csv changed behind the manifest's back: status %d, want 2: %s", status, stderr.String())
	}
	rehash(t, changed) // as a changed model would write it, manifest and all
	stdout.Reset()
	if status := Main([]string{"check", "--baseline", filepath.Join(tmp, "b.json"), changed}, &stdout, &stderr); status != 1 ||
		!strings.Contains(stdout.String(), "runs.csv differs") {
		t.Errorf("altered runs: status %d, want 1\n%s", status, stdout.String())
	}
	// Per-node results that change where no run's metric does: the exact
	// check reads nodes.csv too.
	nodes := filepath.Join(tmp, "nodes")
	if err := os.CopyFS(nodes, os.DirFS(base)); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(nodes, "nodes.csv")
	raw, _ = os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(raw, []byte(",silo,"), []byte(",silo, "), 1), 0o644)
	rehash(t, nodes)
	stdout.Reset()
	if status := Main([]string{"check", "--baseline", filepath.Join(tmp, "b.json"), nodes}, &stdout, &stderr); status != 1 ||
		!strings.Contains(stdout.String(), "but nodes.csv differs") {
		t.Errorf("altered per-node results: status %d, want 1\n%s", status, stdout.String())
	}
	mainOK(t, "run", "trade-war", "--runs", "5", "--out", filepath.Join(tmp, "tw"))
	stderr.Reset()
	if status := Main([]string{"check", "--baseline", filepath.Join(tmp, "b.json"), filepath.Join(tmp, "tw")}, &stdout, &stderr); status != 2 ||
		!strings.Contains(stderr.String(), "not comparable") {
		t.Errorf("another scenario: status %d, want 2: %s", status, stderr.String())
	}
}

// A baseline file made before it kept the hashes of shocks.csv and
// nodes.csv still checks exactly, on runs.csv alone, and says so.
func TestCheck_OlderBaselineComparesRunsAlone(t *testing.T) {
	tmp := t.TempDir()
	dir, file := filepath.Join(tmp, "batch"), filepath.Join(tmp, "b.json")
	mainOK(t, "run", "chip-crisis", "--runs", "5", "--out", dir)
	mainOK(t, "baseline", dir, file)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var b map[string]any
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	if b["nodes_sha256"] == nil || b["shocks_sha256"] == nil {
		t.Fatalf("a new baseline has no hash of nodes.csv or shocks.csv: %v", slices.Sorted(maps.Keys(b)))
	}
	delete(b, "nodes_sha256")
	delete(b, "shocks_sha256")
	raw, _ = json.Marshal(b)
	os.WriteFile(file, raw, 0o644)
	var stdout, stderr bytes.Buffer
	if status := Main([]string{"check", "--baseline", file, dir}, &stdout, &stderr); status != 0 ||
		!strings.Contains(stdout.String(), "exact check: runs.csv is identical to the baseline's") {
		t.Errorf("an older baseline: status %d\n%s%s", status, stdout.String(), stderr.String())
	}
}
