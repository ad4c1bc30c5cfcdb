package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/models"
)

// DefaultTolerance is how far off, relative, a simulated loss may be from
// a published one and still count as reproducing it.
const DefaultTolerance = 0.25

// Calibration is a [[calibration]] entry as a batch holds it against its
// results: the published loss (Low == High for one figure) and the regime
// whose mean lost output should reproduce it within Tolerance.
type Calibration struct {
	What, Source string
	Regime       models.Regime
	Low, High    float64 // vehicles
	Tolerance    float64
}

// Calibrations returns the scenario's [[calibration]] entries with their
// defaults. Validate reports bad ones.
func (sc *Scenario) Calibrations() []Calibration {
	var out []Calibration
	regimes := sc.Regimes()
	for _, in := range sc.File.Calibration {
		c := Calibration{What: in.What, Source: in.Source, Tolerance: DefaultTolerance}
		if in.Regime != "" {
			c.Regime = models.Regime(in.Regime)
		} else if len(regimes) > 0 {
			c.Regime = regimes[0]
		}
		if in.Published != nil {
			c.Low, c.High = *in.Published, *in.Published
		} else if in.Low != nil && in.High != nil {
			c.Low, c.High = *in.Low, *in.High
		}
		if in.Tolerance != nil {
			c.Tolerance = *in.Tolerance
		}
		out = append(out, c)
	}
	return out
}

// calibrationIn checks the [[calibration]] entries: one line saying what,
// a source, a published figure or a range of them (vehicles, positive),
// a tolerance in (0, 1] and a regime the batch runs.
func (b *builder) calibrationIn(sc *Scenario) {
	run := sc.Regimes()
	positive := func(x float64) bool { return x > 0 && x <= MaxQuantity && !math.IsInf(x, 0) }
	for i, in := range b.f.Calibration {
		path := fmt.Sprintf("calibration[%d]", i)
		if strings.TrimSpace(in.What) == "" || strings.ContainsAny(in.What, "\n\r") {
			b.at(path+".what", "want one line saying what the published figure counts")
		}
		if strings.TrimSpace(in.Source) == "" {
			b.at(path+".source", "want who published the figure, when and where")
		}
		switch {
		case in.Published != nil && (in.Low != nil || in.High != nil):
			b.at(path+".published", "give published, or low and high, not both")
		case in.Published != nil:
			if !positive(*in.Published) {
				b.at(path+".published", "want vehicles above 0 and at most %g, got %g", MaxQuantity, *in.Published)
			}
		case in.Low == nil || in.High == nil:
			b.at(path, "want published (vehicles), or low and high")
		case !positive(*in.Low) || !positive(*in.High) || *in.Low > *in.High:
			b.at(path+".low", "want 0 < low ≤ high ≤ %g vehicles, got %g and %g", MaxQuantity, *in.Low, *in.High)
		}
		if t := in.Tolerance; t != nil && !(*t > 0 && *t <= 1) {
			b.at(path+".tolerance", "want a fraction above 0 and at most 1, got %g", *t)
		}
		if in.Regime != "" && !slices.Contains(run, models.Regime(in.Regime)) {
			b.at(path+".regime", "%q is not in the run list %s", in.Regime, quoteList(regimeStrings(run)))
		}
	}
}

func regimeStrings(gs []models.Regime) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g)
	}
	return out
}
