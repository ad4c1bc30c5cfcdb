package results

import (
	"math"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
)

// A target is held against the regime's mean lost output: its ratio to the
// published figure (a range's middle), within the tolerance of the figure
// or of the range's ends, and said in words.
func TestSummary_Checks(t *testing.T) {
	s := NewSummary([]models.Regime{models.Silo, models.Platform})
	m := -1
	for i, mt := range Metrics {
		if mt.Name == "lost_output" {
			m = i
		}
	}
	for _, x := range []float64{2.9e6, 3.1e6, 3.0e6} { // silo's mean 3.0 million
		s.moments[0][m].Add(x)
	}
	s.Targets = []Target{
		{What: "one figure", Source: "A", Regime: models.Silo, Low: 2.4e6, High: 2.4e6, Tolerance: 0.25},
		{What: "one figure, strict", Source: "A", Regime: models.Silo, Low: 2.4e6, High: 2.4e6, Tolerance: 0.2},
		{What: "a range", Source: "B", Regime: models.Silo, Low: 2.859e6, High: 3.319e6, Tolerance: 0.25},
		{What: "no such regime", Source: "C", Regime: "bilateral", Low: 1, High: 1, Tolerance: 0.25},
	}
	got := s.File().Calibration
	if len(got) != 3 {
		t.Fatalf("%d checks, want 3 (none for a regime the batch did not run)", len(got))
	}
	for i, want := range []struct {
		ratio  float64
		within bool
	}{{1.25, true}, {1.25, false}, {3.0 / 3.089, true}} {
		if c := got[i]; float64(c.Simulated) != 3e6 || math.Abs(float64(c.Ratio)-want.ratio) > 1e-9 || c.Within != want.within {
			t.Errorf("%s: simulated %v, ratio %v, within %v; want 3e6, %v, %v", c.What, float64(c.Simulated), float64(c.Ratio), c.Within, want.ratio, want.within)
		}
	}
	if got[2].Published != 0 || got[2].Low != 2.859e6 || got[0].Published != 2.4e6 {
		t.Errorf("a figure and a range as written: %+v, %+v", got[0], got[2])
	}
	for want, c := range map[string]Check{
		"one figure: silo lost 3.00 million vehicles (95% CI ": got[0], " million, 3 replications); published 2.4 million (A); ratio 1.25, within ±25%.": got[0], "published 2.859 million to 3.319 million (B); ratio 0.97, within ±25%.": got[2],
		"NOT within ±20%": got[1],
	} {
		if !strings.Contains(c.Sentence(), want) {
			t.Errorf("%q does not say %q", c.Sentence(), want)
		}
	}
}
