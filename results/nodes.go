package results

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/models"
)

// NodeMetric is one per-node column of nodes.csv, after the replication,
// regime and the node's id, tier, role and region.
type NodeMetric struct {
	Name, Doc string
	integer   bool // a whole number in every row: INT64 in nodes.parquet
	get       func(*models.NodeResult) float64
}

// NodeMetrics are the per-node columns, in order. A metric undefined for a
// node (the bullwhip ratio of a node without inputs, the fill rate of a
// node nobody ordered from) is NaN: empty in CSV, null in JSON and Parquet.
var NodeMetrics = []NodeMetric{
	{"bullwhip", "Var(orders placed) / Var(plant demand exploded to the node), over buckets of its review period; empty for a node without inputs", false,
		func(r *models.NodeResult) float64 { return r.Bullwhip }},
	{"inputs_eur", "its inputs on hand at unit values, mean of the measured days' ends", false,
		func(r *models.NodeResult) float64 { return r.Stock.Inputs }},
	{"finished_eur", "its finished goods and work in process at unit values, mean of the measured days' ends", false,
		func(r *models.NodeResult) float64 { return r.Stock.Finished }},
	{"transit_eur", "units in transit to it at unit values, mean of the measured days' ends", false,
		func(r *models.NodeResult) float64 { return r.Stock.Transit }},
	{"demanded", "units asked of it: market demand at a plant, orders received at a supplier", false,
		func(r *models.NodeResult) float64 { return r.Demanded }},
	{"on_time", "units served on the day they were asked (a supplier ships the orders it still owes first)", false,
		func(r *models.NodeResult) float64 { return r.OnTime }},
	{"fill_rate", "on_time / demanded: its service to its customers; empty when nothing was asked", false,
		func(r *models.NodeResult) float64 { return r.FillRate }},
	{"produced", "units it started", false,
		func(r *models.NodeResult) float64 { return r.Produced }},
	{"shipped", "units it dispatched to its customers, or vehicles sold at a plant", false,
		func(r *models.NodeResult) float64 { return r.Shipped }},
	{"starved_days", "days a missing input held its production below capacity and need", true,
		func(r *models.NodeResult) float64 { return float64(r.StarvedDays) }},
	{"cut_days", "days a shock held its capacity below nominal", true,
		func(r *models.NodeResult) float64 { return float64(r.CutDays) }},
}

// NodeMetricIndex returns the index of the node metric named name, or −1.
func NodeMetricIndex(name string) int {
	for i, m := range NodeMetrics {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// nodeLabel is what nodes.csv says of a node besides its metrics.
type nodeLabel struct {
	ID     string
	Tier   int // 0 for a plant, 1 for its direct suppliers, …; −1 if it supplies no plant
	Role   string
	Region string
	text   string // the label's columns as nodes.csv writes them
}

// nodeLabels describes nw's nodes in order.
func nodeLabels(nw *models.Network) []nodeLabel {
	out := make([]nodeLabel, len(nw.Nodes))
	for n, nd := range nw.Nodes {
		role := "supplier"
		if nd.Role == models.Plant {
			role = "plant"
		}
		l := nodeLabel{ID: nd.ID, Tier: nw.Tier(n), Role: role, Region: nd.Region}
		l.text = csvText(l.ID) + "," + strconv.Itoa(l.Tier) + "," + role + "," + csvText(l.Region)
		out[n] = l
	}
	return out
}

const nodesLabelColumns = "replication,regime,node,tier,role,region"

func nodesHeader() string {
	cols := []string{nodesLabelColumns}
	for _, m := range NodeMetrics {
		cols = append(cols, m.Name)
	}
	return strings.Join(cols, ",")
}

// appendNodeValues appends the node metrics of res to values, node by node.
func appendNodeValues(values []float64, res *models.Result) []float64 {
	values = slices.Grow(values, len(res.Nodes)*len(NodeMetrics))
	for n := range res.Nodes {
		for _, m := range NodeMetrics {
			values = append(values, m.get(&res.Nodes[n]))
		}
	}
	return values
}

// appendNodeRow appends a nodes.csv line: node n of replication rep under
// regime g, its metrics xs.
func appendNodeRow(b []byte, rep uint64, g models.Regime, label *nodeLabel, xs []float64) []byte {
	b = strconv.AppendUint(b, rep, 10)
	b = append(b, ',')
	b = append(b, g.String()...)
	b = append(b, ',')
	b = append(b, label.text...)
	for _, x := range xs {
		b = append(b, ',')
		if x == x {
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		}
	}
	return append(b, '\n')
}

// parseNodeRow reads a nodes.csv line back: its replication, regime, the
// label's text and the metrics, appended to xs.
func parseNodeRow(line string, xs []float64) (rep uint64, g models.Regime, label string, _ []float64, err error) {
	f := splitCSV(line)
	if len(f) != 6+len(NodeMetrics) {
		return 0, "", "", xs, fmt.Errorf("%d fields, want %d", len(f), 6+len(NodeMetrics))
	}
	if rep, err = strconv.ParseUint(f[0], 10, 64); err != nil {
		return 0, "", "", xs, err
	}
	if g, err = models.RegimeName(f[1]); err != nil {
		return 0, "", "", xs, err
	}
	label = csvText(f[2]) + "," + f[3] + "," + f[4] + "," + csvText(f[5])
	for i, s := range f[6:] {
		x, err := parseNum(s)
		if err != nil {
			return 0, "", "", xs, fmt.Errorf("%s: %w", NodeMetrics[i].Name, err)
		}
		xs = append(xs, x)
	}
	return rep, g, label, xs, nil
}

// NodeSummary accumulates, per node, metric and regime, the mean of the
// per-run values and its 95% interval, and the paired differences of every
// regime against every earlier one, as Summary does for the network.
// Memory is nodes × metrics × regimes², independent of the replications.
type NodeSummary struct {
	labels  []nodeLabel
	regimes int
	moments []Moments // [(regime × nodes + node) × metrics + metric]
	pairs   []pair    // a, b only
	paired  []Moments // [(pair × nodes + node) × metrics + metric]
}

func newNodeSummary(nw *models.Network, regimes []models.Regime) *NodeSummary {
	s := &NodeSummary{labels: nodeLabels(nw), regimes: len(regimes)}
	cells := len(nw.Nodes) * len(NodeMetrics)
	s.moments = make([]Moments, len(regimes)*cells)
	for a := range regimes {
		for b := range a {
			s.pairs = append(s.pairs, pair{a: a, b: b})
		}
	}
	s.paired = make([]Moments, len(s.pairs)*cells)
	return s
}

// empty returns a summary of the same nodes and regimes with nothing added.
func (s *NodeSummary) empty() *NodeSummary {
	return &NodeSummary{labels: s.labels, regimes: s.regimes, moments: make([]Moments, len(s.moments)), pairs: s.pairs,
		paired: make([]Moments, len(s.paired))}
}

// add folds in one replication's node metrics: [regime][node][metric], flat.
func (s *NodeSummary) add(values []float64) {
	cells := len(s.labels) * len(NodeMetrics)
	for i, x := range values {
		s.moments[i].Add(x)
	}
	for p, pr := range s.pairs {
		a, b, d := values[pr.a*cells:(pr.a+1)*cells], values[pr.b*cells:(pr.b+1)*cells], s.paired[p*cells:(p+1)*cells]
		for i := range d {
			d[i].Add(a[i] - b[i]) // NaN, and not counted, if either is undefined
		}
	}
}

// Mean is a mean with its 95% t-interval, as summary.json's nodes section
// holds it.
type Mean struct {
	N    uint64       `json:"n"`
	Mean jsonFloat    `json:"mean"`
	CI95 [2]jsonFloat `json:"ci95"`
}

func meanOf(m *Moments) Mean {
	lo, hi := m.CI95()
	return Mean{N: m.N, Mean: jsonFloat(m.Mean()), CI95: [2]jsonFloat{jsonFloat(lo), jsonFloat(hi)}}
}

// NodeStats is one node in summary.json's nodes section: what it is, and
// per metric the mean of each regime and of each paired difference.
type NodeStats struct {
	Node    string                     `json:"node"`
	Tier    int                        `json:"tier"`
	Role    string                     `json:"role"`
	Region  string                     `json:"region"`
	Metrics map[string]map[string]Mean `json:"metrics"` // metric → regime → mean
	Paired  map[string]map[string]Mean `json:"paired"`  // metric → "platform-silo" → mean of the differences
}

// file returns the nodes section, in the network's node order.
func (s *NodeSummary) file(regimes []models.Regime) []NodeStats {
	out := make([]NodeStats, len(s.labels))
	cells := len(s.labels) * len(NodeMetrics)
	for n, l := range s.labels {
		ns := NodeStats{Node: l.ID, Tier: l.Tier, Role: l.Role, Region: l.Region, Metrics: map[string]map[string]Mean{}, Paired: map[string]map[string]Mean{}}
		for m, mt := range NodeMetrics {
			ns.Metrics[mt.Name] = map[string]Mean{}
			for g, regime := range regimes {
				ns.Metrics[mt.Name][regime.String()] = meanOf(&s.moments[g*cells+n*len(NodeMetrics)+m])
			}
			if len(s.pairs) > 0 {
				ns.Paired[mt.Name] = map[string]Mean{}
			}
			for p, pr := range s.pairs {
				ns.Paired[mt.Name][regimes[pr.a].String()+"-"+regimes[pr.b].String()] = meanOf(&s.paired[p*cells+n*len(NodeMetrics)+m])
			}
		}
		out[n] = ns
	}
	return out
}

// nodeReader reads nodes.csv back a replication at a time.
type nodeReader struct {
	path string
	file *os.File
	sc   *bufio.Scanner
	line int
	raw  []byte // the last row as supplysim writes it
}

func openNodes(path string) (*nodeReader, error) {
	in, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing (a folder written by a supplysim before 0.14.0 has none: run its batch again)", path)
	}
	if err != nil {
		return nil, err
	}
	r := &nodeReader{path: path, file: in, sc: bufio.NewScanner(in), line: 1}
	r.sc.Buffer(make([]byte, 1<<16), 1<<20)
	if !r.sc.Scan() || r.sc.Text() != nodesHeader() {
		in.Close()
		return nil, fmt.Errorf("%s: not a nodes.csv of this version (header differs)", path)
	}
	return r, nil
}

func (r *nodeReader) close() { r.file.Close() }

// replication reads the rows of replication rep, which must come next: a
// row per regime (in order) and node (in the network's order, as labels
// name them). It appends their metrics to values, copies the lines to s
// (if not nil) and returns values.
func (r *nodeReader) replication(rep uint64, regimes []models.Regime, labels []nodeLabel, s *stream, values []float64) ([]float64, error) {
	for _, g := range regimes {
		for n := range labels {
			if !r.sc.Scan() {
				if err := r.sc.Err(); err != nil {
					return values, fmt.Errorf("%s:%d: %w", r.path, r.line+1, err)
				}
				return values, fmt.Errorf("%s ends before replication %d's row of node %s under %s", r.path, rep, labels[n].ID, g)
			}
			r.line++
			got, regime, label, vs, err := parseNodeRow(r.sc.Text(), values)
			if err == nil && (got != rep || regime != g || label != labels[n].text) {
				err = fmt.Errorf("replication %d, %s, node %q; want replication %d, %s, node %s (%s) (rows in order, none missing or repeated)",
					got, regime, label, rep, g, labels[n].ID, labels[n].text)
			}
			if err != nil {
				return values, fmt.Errorf("%s:%d: %w", r.path, r.line, err)
			}
			if canonical := appendNodeRow(r.raw[:0], rep, g, &labels[n], vs[len(values):]); string(canonical[:len(canonical)-1]) != r.sc.Text() {
				return values, fmt.Errorf("%s:%d: not written as supplysim writes it (%q; an undefined value is empty, numbers in their shortest form)",
					r.path, r.line, r.sc.Text())
			} else if r.raw = canonical; s != nil {
				if err := s.write(canonical); err != nil {
					return values, err
				}
			}
			values = vs
		}
	}
	return values, nil
}

// end checks that no rows are left after the last replication.
func (r *nodeReader) end() error {
	if r.sc.Scan() {
		return fmt.Errorf("%s:%d: a row after the last replication of runs.csv", r.path, r.line+1)
	}
	if err := r.sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", r.path, r.line+1, err)
	}
	return nil
}

// Amplifiers returns the n nodes with the highest mean bullwhip ratio
// under any regime, highest first (ties in the network's order).
func Amplifiers(sf *SummaryFile, n int) []NodeStats {
	most := func(ns NodeStats) float64 {
		top := math.Inf(-1)
		for _, m := range ns.Metrics["bullwhip"] {
			if x := float64(m.Mean); !math.IsNaN(x) {
				top = math.Max(top, x)
			}
		}
		return top
	}
	nodes := slices.DeleteFunc(slices.Clone(sf.Nodes), func(ns NodeStats) bool { return math.IsInf(most(ns), -1) })
	slices.SortStableFunc(nodes, func(a, b NodeStats) int { return cmp.Compare(most(b), most(a)) })
	return nodes[:min(n, len(nodes))]
}

// WorstServed returns the n nodes with the lowest mean fill rate to their
// customers under regime g, lowest first (ties in the network's order);
// nodes nobody ordered from are left out.
func WorstServed(sf *SummaryFile, g string, n int) []NodeStats {
	fill := func(ns NodeStats) float64 { return float64(ns.Metrics["fill_rate"][g].Mean) }
	nodes := slices.DeleteFunc(slices.Clone(sf.Nodes), func(ns NodeStats) bool { return math.IsNaN(fill(ns)) })
	slices.SortStableFunc(nodes, func(a, b NodeStats) int { return cmp.Compare(fill(a), fill(b)) })
	return nodes[:min(n, len(nodes))]
}
