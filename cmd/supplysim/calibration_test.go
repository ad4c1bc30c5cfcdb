package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/results"
)

// History, replications and seed fixed: under silo (no data sharing, as it
// was) the simulated EU and UK loss of March–May 2020 is within ±25% of
// ACEA's 2.4 million, and that of 2021's chip shortage within ±25% of AFS's
// 2.86–3.32 million; summary.json holds each check and run prints it
// beside the published figure.
func TestCalibration_History(t *testing.T) {
	runs := "200"
	if testing.Short() {
		runs = "40"
	}
	for _, c := range []struct {
		scenario             string
		published, low, high float64
		says                 string
	}{
		{"eu-2020", 2_400_000, 0, 0, "published 2.4 million"},
		{"eu-chips-2021", 0, 2_859_000, 3_319_000, "published 2.859 million to 3.319 million"},
	} {
		t.Run(c.scenario, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), c.scenario)
			out := mainOut(t, "run", c.scenario, "--runs", runs, "--out", dir, "--quiet")
			b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			var sf results.SummaryFile
			if err := json.Unmarshal(b, &sf); err != nil {
				t.Fatal(err)
			}
			if len(sf.Calibration) != 1 {
				t.Fatalf("summary.json holds %d calibration checks, want 1", len(sf.Calibration))
			}
			k := sf.Calibration[0]
			lost := sf.Metrics["lost_output"]["silo"]
			if k.Regime != "silo" || k.Published != c.published || k.Low != c.low || k.High != c.high || k.Simulated != lost.Mean || k.CI95 != lost.CI95 {
				t.Errorf("the check %+v does not hold silo's lost output %+v against the published figure", k, lost)
			}
			if r := float64(k.Ratio); !k.Within || r < 0.75 || r > 1.25 {
				t.Errorf("simulated %v: ratio %.3f to the published figure, within %v", float64(k.Simulated), r, k.Within)
			}
			if !strings.Contains(out, "against the record") || !strings.Contains(out, c.says) || !strings.Contains(out, "within ±25%") {
				t.Errorf("run does not print the check:\n%s", out)
			}
			t.Logf("%s", k.Sentence())
		})
	}
}

// A batch run as two shards and merged keeps its calibration checks:
// summary.json is the bytes of the batch run whole.
func TestCalibration_KeptByMerge(t *testing.T) {
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mainOK(t, "run", "eu-2020", "--runs", "6", "--out", whole, "--quiet")
	var shards []string
	for i := 1; i <= 2; i++ {
		dir := filepath.Join(tmp, fmt.Sprintf("shard%d", i))
		mainOK(t, "run", "eu-2020", "--runs", "6", "--shard", fmt.Sprintf("%d/2", i), "--out", dir, "--quiet")
		shards = append(shards, dir)
	}
	merged := filepath.Join(tmp, "merged")
	mainOK(t, append([]string{"merge", "--out", merged}, shards...)...)
	want, err := os.ReadFile(filepath.Join(whole, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(want), `"calibration"`) {
		t.Fatal("the whole batch's summary.json holds no calibration")
	}
	got, err := os.ReadFile(filepath.Join(merged, "summary.json"))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("the merged summary.json differs from the whole batch's (%v)", err)
	}
}
