package results

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/supplysim/supplysim/models"
)

// Summary accumulates, per metric and regime, the moments and quantiles of
// the per-run values, and the paired differences of every regime against
// every earlier one (common random numbers: the difference is taken per
// replication, then summarised), and the paired comparisons of detection
// event by event (Events). Memory is independent of the number of
// replications.
type Summary struct {
	Regimes  []models.Regime
	Footing  *Footing // what the regimes were held equal on, as in the manifest
	Events   *Events
	Nodes    *NodeSummary // per node; nil when the batch keeps none
	Targets  []Target     // published losses to hold the lost output against
	moments  [][]Moments  // [regime][metric]
	sketches [][]*Sketch  // [regime][metric]
	pairs    []pair
}

// pair is the paired difference regime a − regime b (indices into Regimes).
type pair struct {
	a, b     int
	moments  []Moments // [metric]
	sketches []*Sketch // [metric]
}

// NewSummary returns an empty summary of the given regimes, in the order
// their rows will be added.
func NewSummary(regimes []models.Regime) *Summary {
	s := &Summary{Regimes: regimes, Events: NewEvents(regimes)}
	for range regimes {
		s.moments = append(s.moments, make([]Moments, len(Metrics)))
		s.sketches = append(s.sketches, metricSketches())
	}
	for a := range regimes {
		for b := range a {
			s.pairs = append(s.pairs, pair{a: a, b: b, moments: make([]Moments, len(Metrics)), sketches: metricSketches()})
		}
	}
	return s
}

func metricSketches() []*Sketch {
	sk := make([]*Sketch, len(Metrics))
	for m := range sk {
		sk[m] = NewSketch(FineBuckets)
	}
	return sk
}

// Add folds in one replication: its rows under every regime, in Regimes
// order, and its shocks.csv rows (see Events.Add, whose error it returns;
// then nothing is added). O(metrics × regimes² + shock rows × regimes).
func (s *Summary) Add(rows []Row, shocks []ShockRow) error {
	if err := s.Events.Add(shocks); err != nil {
		return err
	}
	for g, row := range rows {
		for m, x := range row.Values {
			s.moments[g][m].Add(x)
			s.sketches[g][m].Add(x)
		}
	}
	for p := range s.pairs {
		pr := &s.pairs[p]
		for m := range Metrics {
			d := rows[pr.a].Values[m] - rows[pr.b].Values[m] // NaN if either is undefined
			pr.moments[m].Add(d)
			pr.sketches[m].Add(d)
		}
	}
	return nil
}

// AddNodes folds in one replication's node metrics, [regime][node][metric]
// flat (Replication.Nodes), if the summary keeps nodes.
func (s *Summary) AddNodes(values []float64) {
	if s.Nodes != nil {
		s.Nodes.add(values)
	}
}

// Stat is the summary of one metric under one regime, as in summary.json.
type Stat struct {
	N    uint64       `json:"n"`
	Mean jsonFloat    `json:"mean"`
	SD   jsonFloat    `json:"sd"`
	CI95 [2]jsonFloat `json:"ci95"`
	P5   jsonFloat    `json:"p5"`
	P50  jsonFloat    `json:"p50"`
	P95  jsonFloat    `json:"p95"`
}

// Paired is the summary of a paired difference: per replication, then
// summarised; quantiles by the sketch's rule.
type Paired struct {
	N    uint64       `json:"n"`
	Mean jsonFloat    `json:"mean"`
	CI95 [2]jsonFloat `json:"ci95"`
	P5   jsonFloat    `json:"p5"`
	P50  jsonFloat    `json:"p50"`
	P95  jsonFloat    `json:"p95"`
}

// Stat returns the summary of metric m under regime index g.
func (s *Summary) Stat(g, m int) Stat {
	mo := &s.moments[g][m]
	lo, hi := mo.CI95()
	q := s.sketches[g][m].Quantiles(0.05, 0.5, 0.95)
	return Stat{N: mo.N, Mean: jsonFloat(mo.Mean()), SD: jsonFloat(mo.SD()), CI95: [2]jsonFloat{jsonFloat(lo), jsonFloat(hi)},
		P5: jsonFloat(q[0]), P50: jsonFloat(q[1]), P95: jsonFloat(q[2])}
}

// PairName names a paired difference, e.g. "platform-silo".
func (s *Summary) PairName(p int) string {
	return s.Regimes[s.pairs[p].a].String() + "-" + s.Regimes[s.pairs[p].b].String()
}

// Pairs returns the number of paired differences.
func (s *Summary) Pairs() int { return len(s.pairs) }

// Paired returns paired difference p of metric m.
func (s *Summary) Paired(p, m int) Paired {
	mo := &s.pairs[p].moments[m]
	lo, hi := mo.CI95()
	q := s.pairs[p].sketches[m].Quantiles(0.05, 0.5, 0.95)
	return Paired{N: mo.N, Mean: jsonFloat(mo.Mean()), CI95: [2]jsonFloat{jsonFloat(lo), jsonFloat(hi)},
		P5: jsonFloat(q[0]), P50: jsonFloat(q[1]), P95: jsonFloat(q[2])}
}

// SummaryFile is the layout of summary.json:
//
//	{"metrics": {METRIC: {REGIME: Stat}},
//	 "paired":  {METRIC: {"platform-silo": Paired}},
//	 "events":  EventSummary,
//	 "nodes":   [NodeStats, in the network's node order]}
//
// Everything a headline, title or table quotes is read from it.
type SummaryFile struct {
	Metrics map[string]map[string]Stat   `json:"metrics"`
	Paired  map[string]map[string]Paired `json:"paired"`
	Events  EventSummary                 `json:"events"`
	Footing *Footing                     `json:"footing"`
	Nodes   []NodeStats                  `json:"nodes,omitempty"`
	// Calibration holds the lost output against published losses (the
	// scenario's [[calibration]]).
	Calibration []Check `json:"calibration,omitempty"`
}

// MarshalJSON writes summary.json (File).
func (s *Summary) MarshalJSON() ([]byte, error) { return json.Marshal(s.File()) }

// File returns the summary as written to summary.json.
func (s *Summary) File() *SummaryFile {
	out := &SummaryFile{Metrics: map[string]map[string]Stat{}, Paired: map[string]map[string]Paired{}, Events: s.Events.Summary(),
		Footing: s.Footing.orNone()}
	for m, mt := range Metrics {
		out.Metrics[mt.Name] = map[string]Stat{}
		for g, regime := range s.Regimes {
			out.Metrics[mt.Name][regime.String()] = s.Stat(g, m)
		}
		if len(s.pairs) > 0 {
			out.Paired[mt.Name] = map[string]Paired{}
		}
		for p := range s.pairs {
			out.Paired[mt.Name][s.PairName(p)] = s.Paired(p, m)
		}
	}
	if s.Nodes != nil {
		out.Nodes = s.Nodes.file(s.Regimes)
	}
	out.Calibration = s.checks()
	return out
}

// jsonFloat is a float64 that encodes NaN and infinities as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) { return f.appendJSON(nil), nil }

// appendJSON appends f as MarshalJSON writes it: null, or the number as
// encoding/json writes a float64 (the shortest decimal that reads back,
// in exponent form below 1e-6 and from 1e21, a negative exponent's
// leading zero dropped: e-07 as e-7).
func (f jsonFloat) appendJSON(b []byte) []byte {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	format := byte('f')
	if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, x, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2], b = b[n-1], b[:n-1]
	}
	return b
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = jsonFloat(math.NaN())
		return nil
	}
	return json.Unmarshal(b, (*float64)(f))
}
