package results

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// Baseline is what CI keeps of a reference batch (results/baselines/*.json):
// its manifest, the SHA-256 of its per-replication tables and its summary
// statistics.
type Baseline struct {
	Manifest   Manifest `json:"manifest"`
	RunsSHA256 string   `json:"runs_sha256"`
	// ShocksSHA256 and NodesSHA256 hash shocks.csv and nodes.csv, the
	// replications' detections and per-node results, which runs.csv does
	// not hold. A baseline made before they were kept has neither, and its
	// exact check compares runs.csv alone.
	ShocksSHA256 string                     `json:"shocks_sha256,omitempty"`
	NodesSHA256  string                     `json:"nodes_sha256,omitempty"`
	Metrics      map[string]map[string]Stat `json:"metrics"`
}

// tables names the per-replication tables an exact check compares, each
// with its hash in b ("" where b has none).
func (b *Baseline) tables() [3]struct{ name, sha string } {
	return [3]struct{ name, sha string }{{"runs.csv", b.RunsSHA256}, {"shocks.csv", b.ShocksSHA256}, {"nodes.csv", b.NodesSHA256}}
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
	sf, err := ReadSummary(dir)
	if err != nil {
		return nil, err
	}
	b := &Baseline{Manifest: *m, RunsSHA256: m.Files["runs.csv"], ShocksSHA256: m.Files["shocks.csv"], // verified by OpenManifest
		NodesSHA256: m.Files["nodes.csv"], Metrics: sf.Metrics}
	b.Manifest.Files = nil // the folder's own; a baseline compares its tables'
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
// its runs.csv (and of shocks.csv and nodes.csv, if it has them), and every
// metric of every regime, with a mean wherever it counts runs.
func (b *Baseline) valid() error {
	if len(b.Manifest.Regimes) == 0 {
		return fmt.Errorf("a baseline of no regimes compares nothing")
	}
	for k, t := range b.tables() {
		if t.sha == "" && k > 0 {
			continue
		}
		if _, err := hex.DecodeString(t.sha); err != nil || len(t.sha) != 64 {
			return fmt.Errorf("%s_sha256 %q is no SHA-256", strings.TrimSuffix(t.name, ".csv"), t.sha)
		}
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
// match, the check is exact: runs.csv, shocks.csv and nodes.csv must be
// byte-identical (their SHA-256; runs.csv alone for a baseline that hashes
// only it).
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
	var same, differ []string
	for k, t := range b.tables() {
		switch {
		case t.sha == "":
		case t.sha == now.tables()[k].sha:
			same = append(same, t.name)
		default:
			differ = append(differ, t.name)
		}
	}
	switch {
	case c.Exact && len(differ) > 0:
		c.Drift = true
		c.Message = fmt.Sprintf("exact check: same version, scenario, seed and replications, but %s %s from the baseline's (per-run results changed)",
			list(differ), plural(len(differ), "differs", "differ"))
	case c.Exact:
		c.Message = fmt.Sprintf("exact check: %s %s identical to the baseline's", list(same), plural(len(same), "is", "are"))
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

// list joins names as prose: "a", "a and b", "a, b and c".
func list(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
