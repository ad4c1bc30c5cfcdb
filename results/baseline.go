package results

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
)

// Baseline is what CI keeps of a reference batch (results/baselines/*.json):
// its manifest, the SHA-256 of its runs.csv and its summary statistics.
type Baseline struct {
	Manifest   Manifest                   `json:"manifest"`
	RunsSHA256 string                     `json:"runs_sha256"`
	Metrics    map[string]map[string]Stat `json:"metrics"`
}

// NewBaseline reads the results folder dir into a baseline; the folder must
// be complete.
func NewBaseline(dir string) (*Baseline, error) {
	m, err := OpenManifest(dir)
	if err != nil {
		return nil, err
	}
	if !m.Complete {
		return nil, fmt.Errorf("%s is incomplete (%d of %d replications)", dir, m.Done, m.Runs)
	}
	sum := m.Files["runs.csv"] // verified by OpenManifest
	sf, err := ReadSummary(dir)
	if err != nil {
		return nil, err
	}
	b := &Baseline{Manifest: *m, RunsSHA256: sum, Metrics: sf.Metrics}
	b.Manifest.Files = nil // the folder's own; a baseline compares runs.csv's
	return b, nil
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b := &Baseline{}
	if err := json.Unmarshal(raw, b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := b.valid(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// valid checks that a baseline can compare something: regimes, the hash of
// its runs.csv, and every metric of every regime, with a mean wherever it
// counts runs.
func (b *Baseline) valid() error {
	if len(b.Manifest.Regimes) == 0 {
		return fmt.Errorf("a baseline of no regimes compares nothing")
	}
	if _, err := hex.DecodeString(b.RunsSHA256); err != nil || len(b.RunsSHA256) != 64 {
		return fmt.Errorf("runs_sha256 %q is no SHA-256", b.RunsSHA256)
	}
	for _, mt := range Metrics {
		for _, g := range b.Manifest.Regimes {
			st, ok := b.Metrics[mt.Name][g]
			switch {
			case !ok:
				return fmt.Errorf("no %s for regime %s", mt.Name, g)
			case st.N > 0 && (math.IsNaN(float64(st.Mean)) || math.IsInf(float64(st.Mean), 0)):
				return fmt.Errorf("%s of regime %s counts %d runs but has no mean", mt.Name, g, st.N)
			}
		}
	}
	return nil
}

// DriftZ is the number of combined standard errors by which a metric's mean
// may move before the statistical check calls it drift: 3.29 is the
// two-sided 0.1% point of the normal, so an unchanged model raises a false
// alarm on a given metric and regime with probability about 0.001, and on
// any of the 30 metric-regime pairs of a two-regime batch with probability
// at most 3% (Bonferroni). Means of a few hundred replications are close
// enough to normal for this; heavy-tailed metrics make it conservative.
const DriftZ = 3.29

// Verdict is the outcome of comparing one metric under one regime.
type Verdict struct {
	Metric, Regime string
	Baseline, Now  Stat
	Drift          bool
	Why            string
}

// Comparison is the outcome of a check.
type Comparison struct {
	Exact    bool // the batch is the baseline's batch, so the per-run rows must match exactly
	Drift    bool
	Message  string
	Verdicts []Verdict
}

// Compare checks the results folder dir against baseline b. When tool
// version, scenario (by hash), seed, replications, regimes and engine all
// match, the check is exact: runs.csv must be byte-identical (its SHA-256).
// Otherwise it is statistical: every metric's mean must lie within DriftZ
// combined standard errors of the baseline's,
//
//	|m₁ − m₀| ≤ DriftZ × √(s₀²/n₀ + s₁²/n₁)   (plus 1e-9 relative, for constants)
//
// (a side with a single value takes the other's s), and a metric defined
// in one and not the other is drift. An error means
// the inputs cannot be compared (another scenario, a folder that is
// missing or incomplete).
func Compare(b *Baseline, dir string) (*Comparison, error) {
	now, err := NewBaseline(dir)
	if err != nil {
		return nil, err
	}
	m0, m1 := &b.Manifest, &now.Manifest
	if m0.ScenarioSHA256 != m1.ScenarioSHA256 || m0.Scenario != m1.Scenario {
		return nil, fmt.Errorf("the baseline is of scenario %q (SHA-256 %.12s…), %s ran %q (%.12s…): not comparable",
			m0.Scenario, m0.ScenarioSHA256, dir, m1.Scenario, m1.ScenarioSHA256)
	}
	if !slices.Equal(m0.Regimes, m1.Regimes) {
		return nil, fmt.Errorf("the baseline compares regimes %v, %s ran %v: not comparable", m0.Regimes, dir, m1.Regimes)
	}
	c := &Comparison{Exact: m0.Version == m1.Version && m0.Seed == m1.Seed && m0.First == m1.First && m0.Runs == m1.Runs &&
		slices.Equal(m0.Regimes, m1.Regimes) && m0.Engine == m1.Engine}
	for _, mt := range Metrics {
		for _, g := range m0.Regimes {
			c.Verdicts = append(c.Verdicts, verdict(mt.Name, g, b.Metrics[mt.Name][g], now.Metrics[mt.Name][g]))
		}
	}
	switch {
	case c.Exact && now.RunsSHA256 != b.RunsSHA256:
		c.Drift = true
		c.Message = "exact check: same version, scenario, seed and replications, but runs.csv differs from the baseline's (per-run results changed)"
	case c.Exact:
		c.Message = "exact check: runs.csv is identical to the baseline's"
	default:
		for _, v := range c.Verdicts {
			c.Drift = c.Drift || v.Drift
		}
		c.Message = fmt.Sprintf("statistical check (version, seed or replications differ): means within %.2f combined standard errors", DriftZ)
	}
	return c, nil
}

func verdict(metric, regime string, was, now Stat) Verdict {
	v := Verdict{Metric: metric, Regime: regime, Baseline: was, Now: now}
	switch {
	case was.N == 0 && now.N == 0:
		v.Why = "undefined in both"
	case was.N == 0 || now.N == 0:
		v.Drift, v.Why = true, "defined in only one"
	default:
		s0, s1 := float64(was.SD), float64(now.SD)
		switch { // a side with one value has no SD: take the other's, as if the variance were the same
		case math.IsNaN(s0):
			s0 = s1
		case math.IsNaN(s1):
			s1 = s0
		}
		se := math.Sqrt(sq(s0)/float64(was.N) + sq(s1)/float64(now.N))
		if math.IsNaN(se) { // one value on both sides: only the same value passes
			se = 0
		}
		diff := math.Abs(float64(now.Mean - was.Mean))
		tol := float64(DriftZ*se) + float64(1e-9*math.Max(1, math.Abs(float64(was.Mean))))
		v.Drift = diff > tol
		v.Why = fmt.Sprintf("|Δ| %.4g vs tolerance %.4g", diff, tol)
	}
	return v
}

func sq(x float64) float64 { return float64(x * x) }
