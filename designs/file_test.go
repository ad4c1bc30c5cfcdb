package designs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

const head = `[design]
name = "t"
description = "a test"
scenario = "eu-auto"
runs = 10
`

func write(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "d.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A broken design is an error at its file, line and key, with the
// nearest valid path for a wrong one, and a value the scenario refuses
// is caught when the design loads, not when its point runs.
func TestLoad_BrokenDesigns(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"unknown key", head + "kind = \"grid\"\nrunz = 3\n[[factors]]\npath = \"mitigation.extra_cover\"\nlevels = [\"7d\"]\n",
			`d.toml:7: design: runz: unknown key; did you mean "runs"?`},
		{"misspelt path", head + "kind = \"grid\"\n[[factors]]\npath = \"regimes.platform.participaton\"\nlevels = [0.5]\n",
			`d.toml:8: factor "regimes.platform.participaton": path: regimes.platform.participaton: the scenario has no such setting; did you mean "regimes.platform.participation"?`},
		{"participation that changes nothing", head + "kind = \"grid\"\n[[factors]]\npath = \"regimes.platform.participation\"\nlevels = [0.5]\n",
			`regimes.platform.participation changes nothing: every node of eu-auto says whether it shares data`},
		{"misspelt node", head + "kind = \"grid\"\n[[factors]]\npath = \"nodes.cells-xx.capacity\"\nlevels = [5]\n",
			`; did you mean "nodes.cells-`},
		{"words for a number", head + "kind = \"grid\"\n[[factors]]\npath = \"shocks.china-lockdown.probability\"\nlevels = [\"often\"]\n",
			`levels[0]: shocks.china-lockdown.probability takes numbers, got "often"`},
		{"number for a duration", head + "kind = \"lhs\"\npoints = 8\n[[factors]]\npath = \"regimes.platform.report_interval\"\nmin = 1\nmax = 7\n",
			`takes durations like "7d", got 1`},
		{"empty range", head + "kind = \"lhs\"\npoints = 8\n[[factors]]\npath = \"policy.cover_scale\"\nmin = 1.5\nmax = 1.5\n",
			`want a range with min below max`},
		{"grid without levels", head + "kind = \"grid\"\n[[factors]]\npath = \"policy.cover_scale\"\nmin = 0.5\nmax = 2\n",
			`levels: missing; a grid gives every factor its levels`},
		{"a factor twice", head + "kind = \"grid\"\n[[factors]]\npath = \"policy.cover_scale\"\nlevels = [1]\n[[factors]]\npath = \"policy.cover_scale\"\nlevels = [2]\n",
			`policy.cover_scale is a factor twice`},
		{"sobol too large", head + "kind = \"sobol\"\npoints = 60000\n[[factors]]\npath = \"policy.cover_scale\"\nmin = 0.5\nmax = 2\n",
			`points: want 2 to 20000, got 60000`},
		{"kind", head + "kind = \"factorial\"\n[[factors]]\npath = \"policy.cover_scale\"\nlevels = [1]\n", `want grid, lhs or sobol, got "factorial"`},
		{"no scenario", strings.Replace(head, `"eu-auto"`, `"eu-autp"`, 1) + "kind = \"grid\"\n[[factors]]\npath = \"policy.cover_scale\"\nlevels = [1]\n",
			`did you mean "eu-auto"?`},
		{"wrong type", head + "kind = \"grid\"\npoints = \"many\"\n", `d.toml:7: design: points: want a whole number, got a string`},
		{"bogus footing", head + "kind = \"grid\"\nequalize = \"bogus\"\n[[factors]]\npath = \"policy.cover_scale\"\nlevels = [1]\n",
			`d.toml:7: design: equalize: unknown footing "bogus"`},
		{"unknown regime", head + "kind = \"grid\"\nregimes = [\"silo\", \"nonsense\"]\n[[factors]]\npath = \"policy.cover_scale\"\nlevels = [1]\n",
			`d.toml:7: design: regimes[1]: unknown regime "nonsense"`},
	} {
		_, err := Load(write(t, c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant an error with %q", c.name, err, c.want)
		}
	}
}

// Check builds every point, so a value or a combination of values the
// scenario refuses is an error of the design (its file and the line of
// its factors), naming the point, before anything runs: one factor's
// level alone, or two that are fine apart and not together.
func TestCheck_RefusedPoints(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"refused value", head + "kind = \"grid\"\n[[factors]]\npath = \"shocks.china-lockdown.probability\"\nlevels = [0.5, 1.5]\n",
			`d.toml:7: factors: at point 2 (shocks.china-lockdown.probability = 1.5) the scenario is invalid`},
		{"refused combination", head + "kind = \"grid\"\n[[factors]]\npath = \"scenario.warmup\"\nlevels = [\"56d\", \"300d\"]\n" +
			"[[factors]]\npath = \"scenario.horizon\"\nlevels = [\"365d\", \"200d\"]\n",
			`at point 4 (scenario.warmup = 300d, scenario.horizon = 200d) the scenario is invalid`},
	} {
		d, err := Load(write(t, c.text))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := d.Check(2); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant an error with %q", c.name, err, c.want)
		}
	}
}

// A design's points are its file's: a grid's full factorial, an lhs's
// strata mapped into the ranges (durations to the minute), a sobol
// design's N·(D+2); and a point's scenario has the point's values.
func TestLoad_PointsAndScenarios(t *testing.T) {
	d, err := Load(write(t, head+"kind = \"lhs\"\npoints = 6\nseed = 3\n[[factors]]\npath = \"regimes.platform.report_interval\"\nmin = \"1d\"\nmax = \"7d\"\n"+
		"[[factors]]\npath = \"nodes.cells-kr.capacity\"\nmin = 100\nmax = 400\n[[factors]]\npath = \"regimes.platform.central_planning\"\nlevels = [true, false]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != 6 {
		t.Fatalf("%d points, want 6", len(d.Points))
	}
	planning := map[string]int{}
	for _, p := range d.Points {
		if d, err := sim.ParseDuration(p[0].Text); !p[0].IsText || err != nil || d < sim.Day || d > 7*sim.Day || p[1].Num < 100 || p[1].Num >= 400 {
			t.Errorf("point %v outside its ranges", p)
		}
		planning[p[2].Text]++
	}
	if planning["true"] != 3 || planning["false"] != 3 {
		t.Errorf("central planning %v: want each level in half the strata", planning)
	}
	sc, scale, err := d.ScenarioAt(d.Points[2])
	if err != nil || scale != 1 {
		t.Fatal(err, scale)
	}
	if got := sc.File.Regimes.Platform.ReportInterval; got != d.Points[2][0].Text {
		t.Errorf("report interval %q, want %q", got, d.Points[2][0].Text)
	}
	if sc.File.Regimes.Platform.CentralPlanning == nil || *sc.File.Regimes.Platform.CentralPlanning != (d.Points[2][2].Text == "true") {
		t.Errorf("central planning not set to %s", d.Points[2][2].Text)
	}
	if d.Scenario.File.Regimes.Platform.ReportInterval == sc.File.Regimes.Platform.ReportInterval && d.Points[2][0].Text != d.Scenario.File.Regimes.Platform.ReportInterval {
		t.Error("the design's own scenario was changed")
	}
	nw, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	for n, nd := range sc.File.Nodes {
		if nd.ID == "cells-kr" && nw.Nodes[n].CapacityPerDay != d.Points[2][1].Num {
			t.Errorf("cells-kr capacity %v, want %v", nw.Nodes[n].CapacityPerDay, d.Points[2][1].Num)
		}
	}
	s, err := Load(write(t, head+"kind = \"sobol\"\npoints = 16\n[[factors]]\npath = \"policy.cover_scale\"\nmin = 0.5\nmax = 2\n"+
		"[[factors]]\npath = \"mitigation.extra_cover\"\nmin = \"0d\"\nmax = \"14d\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 16*4 {
		t.Errorf("sobol: %d points, want 16 × (2 + 2)", len(s.Points))
	}
	if _, scale, _ := s.ScenarioAt(s.Points[1]); scale != s.Points[1][0].Num {
		t.Errorf("cover scale %v, want the point's %v", scale, s.Points[1][0].Num)
	}
}

// Every built-in design loads, and names a scenario the binary has.
func TestBuiltins_Load(t *testing.T) {
	list := Builtins()
	if len(list) < 3 {
		t.Fatalf("%d built-in designs, want participation, frontier and sensitivity", len(list))
	}
	for _, b := range list {
		if strings.HasPrefix(b.Description, "invalid") {
			t.Errorf("%s: %s", b.Name, b.Description)
		}
		if d, err := LoadBuiltin(b.Name); err == nil {
			if err := d.Check(2); err != nil {
				t.Errorf("%s: %v", b.Name, err)
			}
		}
	}
	if _, err := Find("participaton"); err == nil || !strings.Contains(err.Error(), `did you mean "participation"?`) {
		t.Errorf("misspelt built-in: %v", err)
	}
	d, err := Find("sensitivity")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != 16*(6+2) {
		t.Fatalf("sensitivity: %d points, want 16 × (6 + 2)", len(d.Points))
	}
}

// The README's example paths are settings of eu-auto.
func TestSettings_READMEExamples(t *testing.T) {
	d, err := Load(write(t, head+"kind = \"grid\"\n[[factors]]\npath = \"policy.cover_scale\"\nlevels = [1]\n"))
	if err != nil {
		t.Fatal(err)
	}
	valid := settings(&d.Scenario.File)
	for _, p := range []string{"nodes.cells-kr.capacity", "shocks.china-lockdown.probability", "lanes.ecu-de→zwickau.transit.mode",
		"nodes.zwickau.demand.daily.mean", "mitigation.hold", "regimes.platform.report_interval", "nodes.mcu-tw.shares_data", "policy.cover_scale"} {
		if _, ok := find(valid, p); !ok {
			t.Errorf("%s is not a setting of eu-auto%s", p, nearest(valid, p))
		}
	}
}
