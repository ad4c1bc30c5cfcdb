package results

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/supplysim/supplysim/models"
)

// Footing records what a batch's regimes were held equal on: the
// calibration of models.Equalize, as manifest.json and summary.json hold it
// ("footing"). A merge or resume applies it instead of calibrating again,
// and refuses shards whose footings differ.
type Footing struct {
	Equalize  string          `json:"equalize"` // inventory, service or none
	Runs      int             `json:"calibration_runs,omitempty"`
	Reference string          `json:"reference,omitempty"`
	Target    float64         `json:"target,omitempty"` // the reference's shock-free value: EUR, or a fill rate
	Regimes   []FootingRegime `json:"regimes,omitempty"`
}

// FootingRegime is one regime's multiplier on every order-up-to target,
// the shock-free value it reaches with it and where its stock then sits.
type FootingRegime struct {
	Regime      string  `json:"regime"`
	Scale       float64 `json:"scale"`
	Achieved    float64 `json:"achieved"` // inventory EUR, or fill rate; with footing none, inventory EUR
	Evaluations int     `json:"evaluations"`
	// SearchedFrom is the multiplier the search started from where it was
	// not 1: a sweep's point starts from the multiplier of the design's
	// scenario as it is.
	SearchedFrom float64     `json:"searched_from,omitempty"`
	Placement    []TierStock `json:"placement"` // shock-free mean stock by tier, plants first
}

// TierStock is the stock held at one tier, EUR at unit values: inputs on
// hand, finished goods and work in process, and in transit to the tier.
type TierStock struct {
	Tier     int     `json:"tier"`
	Inputs   float64 `json:"inputs_eur"`
	Finished float64 `json:"finished_eur"`
	Transit  float64 `json:"transit_eur"`
}

// NewFooting records a calibration; nil records "none".
func NewFooting(c *models.Calibration) *Footing {
	if c == nil {
		return &Footing{Equalize: models.NoFooting.String()}
	}
	f := &Footing{Equalize: c.Footing.String(), Runs: c.Runs, Reference: c.Reference.String(), Target: c.Target}
	if c.Footing == models.NoFooting {
		f.Target = 0
	}
	for _, rs := range c.Regimes {
		r := FootingRegime{Regime: rs.Regime.String(), Scale: rs.Scale, Achieved: rs.Achieved, Evaluations: rs.Evaluations}
		if rs.Start != 1 {
			r.SearchedFrom = rs.Start
		}
		for t, v := range rs.Placement {
			r.Placement = append(r.Placement, TierStock{t, v.Inputs, v.Finished, v.Transit})
		}
		f.Regimes = append(f.Regimes, r)
	}
	return f
}

// Apply sets the recorded multipliers on nw.
func (f *Footing) Apply(nw *models.Network) error {
	for _, r := range f.Regimes {
		g := models.Regime(r.Regime)
		if _, ok := nw.Resolve(g); !ok {
			return fmt.Errorf("footing: the network has no regime %q", r.Regime)
		}
		if !(r.Scale > 0) || r.Scale > 1e6 {
			return fmt.Errorf("footing: regime %s has target scale %v", r.Regime, r.Scale)
		}
		nw.SetTargetScale(g, r.Scale)
	}
	return nil
}

// Same reports whether two records are identical (nil is "none").
func (f *Footing) Same(o *Footing) bool {
	a, _ := json.Marshal(f.orNone())
	b, _ := json.Marshal(o.orNone())
	return string(a) == string(b)
}

// Name is the footing's name; "none" for a nil record.
func (f *Footing) Name() string { return f.orNone().Equalize }

func (f *Footing) orNone() *Footing {
	if f == nil {
		return &Footing{Equalize: models.NoFooting.String()}
	}
	return f
}

// Describe says in words what was held equal, for the report and the terminal.
func (f *Footing) Describe() string {
	f = f.orNone()
	switch f.Equalize {
	case models.NoFooting.String():
		return "Regimes run with the scenario's order-up-to settings as they are (no equal footing): a difference in lost output may come from where stock happens to sit."
	case models.EqualService.String():
		return fmt.Sprintf("Regimes held at equal shock-free plant fill rate (%s's %.4f over %d calibration replications)%s.", f.Reference, f.Target, f.Runs, f.scales())
	}
	return fmt.Sprintf("Regimes held at equal shock-free inventory value (%s's %s EUR over %d calibration replications)%s.", f.Reference, fmtAmount(f.Target, ""), f.Runs, f.scales())
}

func (f *Footing) scales() string {
	s := ""
	for _, r := range f.Regimes {
		if r.Regime != f.Reference {
			s += fmt.Sprintf("; %s's order-up-to targets × %.4f", r.Regime, r.Scale)
			if off := r.Achieved/f.Target - 1; math.Abs(off) > models.CalibrationTolerance {
				s += fmt.Sprintf(" (reaching %.6g, %+.2f%% from it: the closest the calibration found)", r.Achieved, 100*off)
			}
		}
	}
	return s
}
