package results

import "github.com/supplysim/supplysim/designs"

// SweepSummary is a sweep's summary.json: the design, its factors and
// every point's values, metrics and paired differences (as the point's own
// summary.json has them).
type SweepSummary struct {
	Design  string       `json:"design"`
	Kind    string       `json:"kind"`
	Factors []string     `json:"factors"`
	Points  []SweepPoint `json:"points"`
}

// SweepPoint is one point of a sweep.
type SweepPoint struct {
	Point   int                          `json:"point"`
	Values  []FactorValue                `json:"values"`
	Metrics map[string]map[string]Stat   `json:"metrics"`
	Paired  map[string]map[string]Paired `json:"paired"`
}

// Sensitivity is a Sobol design's sensitivity.json: per output (a metric's
// mean under a regime, "lost_output/silo", or its mean paired difference,
// "lost_output/platform-silo") the first-order and total index of every
// factor, in the design's order, with bootstrap 95% intervals.
type Sensitivity struct {
	Design    string              `json:"design"`
	BaseN     int                 `json:"base_samples"`
	Resamples int                 `json:"resamples"`
	Factors   []string            `json:"factors"`
	Outputs   []SensitivityOutput `json:"outputs"`
}

// SensitivityOutput is one output's indices, or why it has none.
type SensitivityOutput struct {
	Output  string            `json:"output"`
	Indices []designs.Indices `json:"indices,omitempty"`
	Note    string            `json:"note,omitempty"`
}
