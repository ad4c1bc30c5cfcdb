package designs

import (
	"fmt"
	"slices"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// Points that Alike names the same for a regime run that regime alike,
// shocks and all and without them, which is what lets a sweep's points
// share its calibration evaluations; points it names differently for a
// regime do run it differently, so the factors below all matter.
func TestAlike_SameNameRunsTheSame(t *testing.T) {
	for _, c := range []struct {
		scenario, factors string
		alike             []int // pairs of the 8 points run alike, by regime
	}{
		{"cloud-cutoff", `
[[factors]]
path = "regimes.platform.report_interval"
levels = ["1d", "7d"]
[[factors]]
path = "regimes.bilateral.hop_delay"
levels = ["1d", "5d"]
[[factors]]
path = "regimes.variants.platform-alerts.alert_cover"
levels = ["60d", "10d"]
`, []int{28, 12, 12, 4}},
		{"chip-crisis", `
[[factors]]
path = "nodes.mcu-tw.shares_data"
levels = [false, true]
[[factors]]
path = "regimes.platform.latency"
levels = ["0m", "2d"]
[[factors]]
path = "regimes.bilateral.exchange"
levels = ["7d", "0d"]
`, []int{28, 4, 4}},
		{"covid-lockdown", `
[[factors]]
path = "policy.cover_scale"
levels = [1, 1.5]
[[factors]]
path = "regimes.platform.report_interval"
levels = ["1d", "7d"]
[[factors]]
path = "nodes.zwickau.shares_data"
levels = [false, true]
`, []int{12, 4, 0}},
	} {
		t.Run(c.scenario, func(t *testing.T) {
			d, err := Load(write(t, "[design]\nname = \"t\"\ndescription = \"a test\"\nscenario = \""+c.scenario+"\"\nruns = 2\nkind = \"grid\"\n"+c.factors))
			if err != nil {
				t.Fatal(err)
			}
			regimes := []models.Regime{models.Silo, models.Bilateral, models.Platform}
			if c.scenario == "cloud-cutoff" {
				regimes = append(regimes, "platform-alerts")
			}
			// runs[point][regime]: three replications with shocks and one without, printed
			runs := make([][]string, len(d.Points))
			var names [][]string
			for p := range d.Points {
				sc, scale, err := d.ScenarioAt(d.Points[p])
				if err != nil {
					t.Fatal(err)
				}
				nw, err := sc.Build()
				if err != nil {
					t.Fatal(err)
				}
				nw.CoverScale = scale
				run := models.NewRun(nw, sim.NewQueue(), sc.Seed())
				var ns []string
				for _, g := range regimes {
					v, ok := nw.Resolve(g)
					if !ok {
						t.Fatalf("no regime %s", g)
					}
					ns = append(ns, d.Alike(p, string(g), v.Kind))
					out := ""
					for rep := range uint64(3) {
						out += fmt.Sprintf("%+v\n", *run.Replicate(rep, g))
					}
					runs[p] = append(runs[p], out+fmt.Sprintf("%+v", *run.ShockFree(models.CalibrationFirst, g, 1)))
				}
				names = append(names, ns)
			}
			same := make([]int, len(regimes))
			for i := range d.Points {
				for j := range i {
					for r, g := range regimes {
						switch alike, equal := names[i][r] == names[j][r], runs[i][r] == runs[j][r]; {
						case alike && !equal:
							t.Errorf("%s runs differently at points %d and %d, which Alike names the same (%q)", g, i+1, j+1, names[i][r])
						case alike:
							same[r]++
						case equal:
							t.Errorf("%s runs the same at points %d and %d (%q, %q): a factor that reaches it changes nothing", g, i+1, j+1, names[i][r], names[j][r])
						}
					}
				}
			}
			if !slices.Equal(same, c.alike) {
				t.Errorf("pairs of points run alike, by regime %v: %v; want %v", regimes, same, c.alike)
			}
		})
	}
}
