package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/supplysim/supplysim/designs"
	"github.com/supplysim/supplysim/results"
)

const testDesign = `[design]
name = "small"
description = "a small grid on chip-crisis"
scenario = "chip-crisis"
kind = "grid"
runs = 12

[[factors]]
path = "regimes.platform.report_interval"
levels = ["1d", "7d"]

[[factors]]
path = "policy.cover_scale"
levels = [0.8, 1.2]
`

// sweepData are the files of a sweep whose bytes a rerun must reproduce:
// its tables and every point folder's data files.
func sweepData(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range []string{"design.toml", "points.csv", "runs.csv", "runs.parquet", "summary.json", "sensitivity.json"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			out[name] = b
		}
	}
	points, _ := filepath.Glob(filepath.Join(dir, "points", "*"))
	for _, p := range points {
		for _, name := range dataFiles {
			b, err := os.ReadFile(filepath.Join(p, name))
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Join(filepath.Base(p), name)] = b
		}
	}
	return out
}

func sameSweep(t *testing.T, want, got map[string][]byte, what string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: %s differs", what, name)
		}
	}
}

// A sweep's files are byte-identical for 1 and 2 workers, and with its
// points' calibrations not sharing evaluations; points.csv is
// the grid in nested-loop order; runs.csv holds every point's rows with
// its number; summary.json every point's values and metrics; the cover
// scale moves the holding cost as it should (up with the scale).
func TestSweep_FilesIdenticalForAnyWorkers(t *testing.T) {
	tmp := t.TempDir()
	design := filepath.Join(tmp, "small.toml")
	if err := os.WriteFile(design, []byte(testDesign), 0o644); err != nil {
		t.Fatal(err)
	}
	one, two := filepath.Join(tmp, "one"), filepath.Join(tmp, "two")
	mainOK(t, "sweep", design, "--out", one, "--workers", "1", "--quiet")
	mainOK(t, "sweep", design, "--out", two, "--workers", "2", "--quiet")
	a := sweepData(t, one)
	sameSweep(t, a, sweepData(t, two), "2 workers against 1")
	shareCalibrations = false
	t.Cleanup(func() { shareCalibrations = true })
	alone := filepath.Join(tmp, "alone")
	mainOK(t, "sweep", design, "--out", alone, "--quiet")
	shareCalibrations = true
	sameSweep(t, a, sweepData(t, alone), "without shared calibration evaluations")
	if want := "point,regimes.platform.report_interval,policy.cover_scale\n1,1d,0.8\n2,1d,1.2\n3,7d,0.8\n4,7d,1.2\n"; string(a["points.csv"]) != want {
		t.Errorf("points.csv %q, want %q", a["points.csv"], want)
	}
	if n := bytes.Count(a["runs.csv"], []byte("\n")); n != 1+4*12*3 {
		t.Errorf("runs.csv has %d lines, want 1 + 4 points × 12 replications × 3 regimes", n)
	}
	parquetMatches(t, one, "runs", map[string]bool{"point": true, "shocks": true})
	var sf results.SweepSummary
	if err := json.Unmarshal(a["summary.json"], &sf); err != nil || len(sf.Points) != 4 {
		t.Fatalf("summary.json: %v, %d points", err, len(sf.Points))
	}
	low, high := sf.Points[0].Metrics["holding_cost_eur"]["silo"].Mean, sf.Points[1].Metrics["holding_cost_eur"]["silo"].Mean
	if !(high > 1.2*low) {
		t.Errorf("silo holding cost %v at cover scale 0.8, %v at 1.2: want it to grow with the scale", low, high)
	}
	// Common random numbers across points: neither factor changes the
	// shocks drawn, so every point's replication r has the same shocks,
	// onsets and ends.
	draws := func(k string) string {
		var b strings.Builder
		for _, r := range readCSV(t, filepath.Join(one, "points", k, "shocks.csv")) {
			fmt.Fprintln(&b, r["replication"], r["regime"], r["shock"], r["plant"], r["onset_days"], r["end_days"])
		}
		return b.String()
	}
	if first := draws("000001"); first == "" || draws("000002") != first || draws("000004") != first {
		t.Error("the points' replications drew different shocks")
	}
	var stdout, stderr bytes.Buffer
	if Main([]string{"run", "--resume", filepath.Join(one, "points", "000002")}, &stdout, &stderr) == 0 {
		t.Error("run --resume accepted a sweep's point folder")
	}
}

// A sweep stopped by SIGINT in its second point resumes to the bytes of
// the sweep run without a stop; a point folder cannot be resumed by run.
func TestSweep_InterruptedResumesToIdenticalBytes(t *testing.T) {
	if raceEnabled {
		t.Skip("runs a process of its own; without the race detector")
	}
	tmp := t.TempDir()
	design := filepath.Join(tmp, "small.toml")
	if err := os.WriteFile(design, []byte(strings.Replace(testDesign, "runs = 12", "runs = 60", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(tmp, "whole")
	mainOK(t, "sweep", design, "--out", whole, "--quiet")
	dir := filepath.Join(tmp, "cut")
	args := []string{"sweep", design, "--out", dir, "--quiet", "--checkpoint", "0s"}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SUPPLYSIM_TEST_MAIN="+strings.Join(args, "\x1f"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "points", "000002", "checkpoint.json")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no checkpoint in point 2 after 60 s:\n%s", out.String())
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(out.String(), "supplysim sweep --resume") {
		t.Fatalf("interrupted sweep: exit %d\n%s\nwant 130 and how to resume", code, out.String())
	}
	var stdout, stderr bytes.Buffer
	if Main([]string{"run", "--resume", filepath.Join(dir, "points", "000002")}, &stdout, &stderr) == 0 || !strings.Contains(stderr.String(), "point 2 of a sweep") {
		t.Errorf("run --resume on a point folder: %s", stderr.String())
	}
	mainOK(t, "sweep", "--resume", dir, "--quiet")
	sameSweep(t, sweepData(t, whole), sweepData(t, dir), "resumed against uninterrupted")
}

// A Sobol design runs through to sensitivity.json: an index with an
// interval per factor and output.
func TestSweep_SobolWritesSensitivity(t *testing.T) {
	tmp := t.TempDir()
	design := filepath.Join(tmp, "sobol.toml")
	text := strings.NewReplacer(`kind = "grid"`, "kind = \"sobol\"\npoints = 4\nequalize = \"none\"", "runs = 12", "runs = 4",
		`levels = ["1d", "7d"]`, "min = \"1d\"\nmax = \"7d\"", `levels = [0.8, 1.2]`, "min = 0.8\nmax = 1.2").Replace(testDesign)
	if err := os.WriteFile(design, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "sobol")
	mainOK(t, "sweep", design, "--out", dir, "--quiet")
	var sens results.Sensitivity
	raw, err := os.ReadFile(filepath.Join(dir, "sensitivity.json"))
	if err != nil || json.Unmarshal(raw, &sens) != nil {
		t.Fatalf("sensitivity.json: %v", err)
	}
	if len(sens.Factors) != 2 || len(sens.Outputs) == 0 {
		t.Fatalf("sensitivity.json: %+v", sens)
	}
	found := false
	for _, o := range sens.Outputs {
		if o.Output == "holding_cost_eur/silo" {
			found = len(o.Indices) == 2 && o.Indices[1].ST.Value > o.Indices[0].ST.Value
			if !found {
				t.Errorf("holding cost under silo: %+v; want the cover scale to matter more than the report interval", o)
			}
		}
	}
	if !found {
		t.Error("no holding_cost_eur/silo output")
	}
	// An output that no factor moves (no vehicle lost with targets 2.5 to 4
	// times the scenario's) has no indices and says why; the sweep completes.
	flat := filepath.Join(tmp, "flat.toml")
	if err := os.WriteFile(flat, []byte(strings.Replace(text, "min = 0.8\nmax = 1.2", "min = 2.5\nmax = 4", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	mainOK(t, "sweep", flat, "--out", filepath.Join(tmp, "flat"), "--quiet")
	raw, _ = os.ReadFile(filepath.Join(tmp, "flat", "sensitivity.json"))
	if !strings.Contains(string(raw), "at every point: no factor moves it") {
		t.Errorf("sensitivity.json of a constant output says nothing of it:\n%.600s", raw)
	}
	// A sweep folder whose points/ holds someone else's file is not
	// replaced by --force.
	if err := os.WriteFile(filepath.Join(dir, "points", "000001", "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if Main([]string{"sweep", design, "--out", dir, "--force", "--quiet"}, &stdout, &stderr) != 1 || !strings.Contains(stderr.String(), "points/000001/notes.txt") {
		t.Errorf("--force over a sweep with a file of someone else's in points/: %s", stderr.String())
	}
}

// BenchmarkSweep runs a 20-point × 200-replication design on eu-auto
// (silo and platform, the report interval from 1 to 20 days, regimes held
// at equal inventory at every point, files, figures and report written)
// and, for comparison on the same machine, `run` of the same 4,000
// replications and regimes: replications/s of each.
func BenchmarkSweep(b *testing.B) {
	var levels []string
	for d := 1; d <= 20; d++ {
		levels = append(levels, fmt.Sprintf(`"%dd"`, d))
	}
	design := filepath.Join(b.TempDir(), "bench.toml")
	text := "[design]\nname = \"bench\"\ndescription = \"benchmark\"\nscenario = \"eu-auto\"\nkind = \"grid\"\nruns = 200\nregimes = [\"silo\", \"platform\"]\n" +
		"[[factors]]\npath = \"regimes.platform.report_interval\"\nlevels = [" + strings.Join(levels, ", ") + "]\n"
	if err := os.WriteFile(design, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args func(out string) []string
	}{
		{"sweep/points=20/runs=200", func(out string) []string { return []string{"sweep", design, "--out", out, "--quiet"} }},
		{"run/runs=4000", func(out string) []string {
			return []string{"run", "eu-auto", "--runs", "4000", "--regimes", "silo,platform", "--out", out, "--quiet"}
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				var stdout, stderr bytes.Buffer
				if status := Main(c.args(filepath.Join(b.TempDir(), "out")), &stdout, &stderr); status != 0 {
					b.Fatalf("status %d: %s", status, stderr.String())
				}
			}
			b.ReportMetric(float64(4000*b.N)/b.Elapsed().Seconds(), "replications/s")
		})
	}
}

// A sweep run as three shards of its points × replications (one point
// split between two of them) and merged, in any order, holds the files of
// the sweep run whole; a missing shard is named.
func TestSweep_ShardsMergeToTheWholeSweep(t *testing.T) {
	tmp := t.TempDir()
	design := filepath.Join(tmp, "small.toml")
	if err := os.WriteFile(design, []byte(testDesign), 0o644); err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(tmp, "whole")
	mainOK(t, "sweep", design, "--out", whole, "--quiet")
	var shards []string
	for i := 1; i <= 3; i++ {
		dir := filepath.Join(tmp, fmt.Sprintf("shard%d", i))
		mainOK(t, "sweep", design, "--shard", fmt.Sprintf("%d/3", i), "--out", dir, "--quiet", "--workers", fmt.Sprint(1+i%2))
		shards = append(shards, dir)
	}
	if _, err := os.Stat(filepath.Join(shards[0], "points", "000002")); err != nil {
		t.Fatalf("shard 1 of 48 pairs in 3 holds no part of point 2: %v", err)
	}
	merged := filepath.Join(tmp, "merged")
	mainOK(t, "merge", "--out", merged, shards[2], shards[0], shards[1])
	sameSweep(t, sweepData(t, whole), sweepData(t, merged), "merged shards against the whole sweep")
	var stdout, stderr bytes.Buffer
	if Main([]string{"merge", "--out", filepath.Join(tmp, "gap"), shards[0], shards[2]}, &stdout, &stderr) != 1 || !strings.Contains(stderr.String(), "shards 2/3 are missing") {
		t.Errorf("merging without shard 2: %s", stderr.String())
	}
}

// The estimate before a large sweep is near what a sweep writes: its size
// per replication within a factor of 1.5 of a real sweep's files (every
// point's folder and the sweep's own tables).
func TestSweep_EstimateOfALargeSweep(t *testing.T) {
	tmp := t.TempDir()
	design := filepath.Join(tmp, "small.toml")
	if err := os.WriteFile(design, []byte(testDesign), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "sweep")
	mainOK(t, "sweep", design, "--out", dir, "--quiet")
	real := int64(0)
	files, _ := filepath.Glob(filepath.Join(dir, "points", "*", "*"))
	files = append(files, filepath.Join(dir, "runs.csv"), filepath.Join(dir, "runs.parquet"))
	for _, path := range files {
		switch filepath.Base(path) {
		case "runs.csv", "shocks.csv", "runs.parquet", "nodes.csv", "nodes.parquet":
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			real += info.Size()
		}
	}
	d, err := designs.Find(design)
	if err != nil {
		t.Fatal(err)
	}
	s := &sweep{d: d, dir: t.TempDir(), workers: 2}
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	base, err := s.calibrateBase()
	if err != nil {
		t.Fatal(err)
	}
	const left = 1_000_000
	took, bytes, ok := s.estimate(base, left, 100)
	perRep := float64(bytes) / left
	if ratio := perRep / (float64(real) / 48); !ok || !(took > 0 && ratio > 1/1.5 && ratio < 1.5) {
		t.Errorf("estimate %v and %.0f bytes a replication; the sweep wrote %.0f (ratio %.2f)", took, perRep, float64(real)/48, ratio)
	}
}
