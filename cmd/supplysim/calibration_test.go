package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/results"
)

// The 2020 lockdowns, replications and seed fixed: the simulated EU and UK
// loss of March–May 2020 under silo (no data sharing, as it was) is within
// ±25% of ACEA's 2.4 million; summary.json holds the check and run prints
// it beside the published figure.
func TestCalibration_EU2020(t *testing.T) {
	runs := "200"
	if testing.Short() {
		runs = "40"
	}
	dir := filepath.Join(t.TempDir(), "eu-2020")
	out := mainOut(t, "run", "eu-2020", "--runs", runs, "--out", dir, "--quiet")
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
	c := sf.Calibration[0]
	lost := sf.Metrics["lost_output"]["silo"]
	if c.Regime != "silo" || c.Published != 2_400_000 || c.Simulated != lost.Mean || c.CI95 != lost.CI95 {
		t.Errorf("the check %+v does not hold silo's lost output %+v against 2.4 million", c, lost)
	}
	if r := float64(c.Ratio); !c.Within || r < 0.75 || r > 1.25 {
		t.Errorf("simulated %v against ACEA's 2.4 million: ratio %.3f, within %v", float64(c.Simulated), r, c.Within)
	}
	if !strings.Contains(out, "against the record") || !strings.Contains(out, "published 2.4 million") || !strings.Contains(out, "within ±25%") {
		t.Errorf("run does not print the check:\n%s", out)
	}
	t.Logf("%s", c.Sentence())
}
