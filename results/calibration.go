package results

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/supplysim/supplysim/models"
)

// Target is a published loss that one regime's mean lost output over the
// measured period is held against: a scenario's [[calibration]] entry.
// Low == High for a single figure.
type Target struct {
	What, Source string
	Regime       models.Regime
	Low, High    float64 // vehicles
	Tolerance    float64 // relative
}

// Check is a Target held against a batch, as summary.json's calibration
// lists it.
type Check struct {
	What      string       `json:"what"`
	Source    string       `json:"source"`
	Regime    string       `json:"regime"`
	Published float64      `json:"published,omitempty"` // one figure
	Low       float64      `json:"low,omitempty"`       // or a range
	High      float64      `json:"high,omitempty"`
	Tolerance float64      `json:"tolerance"`
	N         uint64       `json:"n"`
	Simulated jsonFloat    `json:"simulated"` // mean lost output, vehicles
	CI95      [2]jsonFloat `json:"ci95"`
	// Ratio is simulated / published (a range's middle); Within says whether
	// the simulated mean is within Tolerance of the figure, or of the
	// range's ends.
	Ratio  jsonFloat `json:"ratio"`
	Within bool      `json:"within"`
}

// checks holds the summary's targets against its lost output.
func (s *Summary) checks() []Check {
	m := slices.IndexFunc(Metrics, func(mt Metric) bool { return mt.Name == "lost_output" })
	var out []Check
	for _, t := range s.Targets {
		g := slices.Index(s.Regimes, t.Regime)
		if g < 0 || m < 0 {
			continue
		}
		st := s.Stat(g, m)
		c := Check{What: t.What, Source: t.Source, Regime: t.Regime.String(), Tolerance: t.Tolerance, N: st.N, Simulated: st.Mean, CI95: st.CI95}
		if t.Low == t.High {
			c.Published = t.Low
		} else {
			c.Low, c.High = t.Low, t.High
		}
		mean := float64(st.Mean)
		c.Ratio = jsonFloat(mean / ((t.Low + t.High) / 2))
		c.Within = st.N > 0 && mean >= t.Low*(1-t.Tolerance) && mean <= t.High*(1+t.Tolerance)
		out = append(out, c)
	}
	return out
}

// Sentence says the check in words: the simulated loss with its interval,
// the published one, and whether they agree within the tolerance.
func (c Check) Sentence() string {
	published := millions(c.Published, -1)
	if c.Published == 0 {
		published = millions(c.Low, -1) + " to " + millions(c.High, -1)
	}
	verdict := fmt.Sprintf("within ±%.0f%%", 100*c.Tolerance)
	if !c.Within {
		verdict = fmt.Sprintf("NOT within ±%.0f%%", 100*c.Tolerance)
	}
	lo, hi := millions(float64(c.CI95[0]), 2), millions(float64(c.CI95[1]), 2)
	for decimals := 3; lo == hi && decimals <= 6; decimals++ { // as many decimals as tell the ends apart
		lo, hi = millions(float64(c.CI95[0]), decimals), millions(float64(c.CI95[1]), decimals)
	}
	return fmt.Sprintf("%s: %s lost %s vehicles (95%% CI %s to %s, %d replications); published %s (%s); ratio %.2f, %s.",
		c.What, c.Regime, millions(float64(c.Simulated), 2), lo, hi, c.N, published, c.Source, float64(c.Ratio), verdict)
}

// millions writes a count of vehicles: "2.41 million" (with decimals
// decimals, or as written for a published figure: decimals < 0) from a
// million on, else with thousands separators.
func millions(x float64, decimals int) string {
	switch {
	case math.Abs(x) < 1e6:
		return fmtAmount(x, "")
	case decimals < 0:
		return strconv.FormatFloat(x/1e6, 'f', -1, 64) + " million"
	}
	return fmt.Sprintf("%.*f million", decimals, x/1e6)
}
