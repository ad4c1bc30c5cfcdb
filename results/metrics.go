package results

import (
	"math"

	"github.com/supplysim/supplysim/models"
)

// Metric is one per-run column of runs.csv (DESIGN §5).
type Metric struct {
	Name string // column name, with its unit as a suffix where it has one
	Doc  string
	get  func(*models.Result) float64
}

// Metrics are the per-run columns after replication and regime, in order.
// A metric undefined in a run (no shock detected, a regime without a
// platform) is NaN: empty in CSV, null in JSON.
var Metrics = []Metric{
	{"ttd_days", "shock onset to detection at the plant, mean over the events this regime detected (its own set: compare regimes with the events section)", func(r *models.Result) float64 { return r.TTD }},
	{"warning_days", "detection to first starved production (negative: detected after the line stopped), mean over this regime's own starved, detected events", func(r *models.Result) float64 { return r.Warning }},
	{"lost_output", "vehicles not built on days production was held back", func(r *models.Result) float64 { return r.LostOutput }},
	{"lost_revenue_eur", "lost output × vehicle value", func(r *models.Result) float64 { return r.LostRevenue }},
	{"ttr_days", "longest shock onset to 7 days of unhindered production", func(r *models.Result) float64 { return r.TTR }},
	{"fill_rate", "share of plant demand covered on its day", func(r *models.Result) float64 { return r.FillRate }},
	{"peak_backlog", "largest uncovered plant backlog, vehicles", func(r *models.Result) float64 { return r.PeakBacklog }},
	{"cost_eur", "holding + expediting + tariffs + flexible capacity", func(r *models.Result) float64 { return r.Cost }},
	{"platform_uptime", "share of the measured window the platform was up", func(r *models.Result) float64 { return r.PlatformUptime }},
	{"holding_cost_eur", "inventory holding cost", func(r *models.Result) float64 { return r.HoldingCost }},
	{"expedite_cost_eur", "extra cost of expedited shipments", func(r *models.Result) float64 { return r.ExpediteCost }},
	{"tariff_cost_eur", "tariffs on shipments crossing trade-war blocs", func(r *models.Result) float64 { return r.TariffCost }},
	{"flex_cost_eur", "units made on booked flexible capacity × its cost per unit", func(r *models.Result) float64 { return r.FlexCost }},
	{"backlog_cost_eur", "uncovered backlog × backlog cost", func(r *models.Result) float64 { return r.BacklogCost }},
	{"lost_sales", "demand turned away by plants with lost sales, vehicles", func(r *models.Result) float64 { return r.LostSales }},
	{"shocks", "shocks that struck the replication", func(r *models.Result) float64 { return float64(len(r.Occurrences)) }},
	{"inventory_eur", "network stock at unit values, mean of the measured days' ends", func(r *models.Result) float64 { return r.Inventory.Total() }},
	{"inventory_inputs_eur", "inputs on hand at every node, at unit values", func(r *models.Result) float64 { return r.Inventory.Inputs }},
	{"inventory_finished_eur", "finished goods and work in process at every node, at unit values", func(r *models.Result) float64 { return r.Inventory.Finished }},
	{"inventory_transit_eur", "units on lanes, at unit values", func(r *models.Result) float64 { return r.Inventory.Transit }},
}

var nan = math.NaN()

// optional are the metrics a run may leave undefined (NaN); the others it
// never does.
var optional = map[string]bool{"ttd_days": true, "warning_days": true, "ttr_days": true, "platform_uptime": true}

// Row is one replication under one regime: the metrics in Metrics order.
type Row struct {
	Replication uint64
	Regime      models.Regime
	Values      []float64
}

// RowOf reads the metrics of res into a row, reusing values' memory.
func RowOf(rep uint64, res *models.Result, values []float64) Row {
	values = values[:0]
	for _, m := range Metrics {
		values = append(values, m.get(res))
	}
	return Row{Replication: rep, Regime: res.Regime, Values: values}
}

// MetricIndex returns the position of the metric called name, or −1.
func MetricIndex(name string) int {
	for i, m := range Metrics {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// Moments accumulates count, mean and variance of the defined (non-NaN)
// values in one pass (Welford 1962). Values must come in a fixed order for
// bit-identical results.
type Moments struct {
	N        uint64
	mean, m2 float64
}

// Add folds in x; NaN is skipped. O(1).
func (m *Moments) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	m.N++
	d := x - m.mean
	m.mean += d / float64(m.N)
	m.m2 += float64(d * (x - m.mean))
}

// Mean returns the mean, NaN when empty.
func (m *Moments) Mean() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.mean
}

// SD returns the sample standard deviation, NaN for fewer than two values.
func (m *Moments) SD() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	return math.Sqrt(m.m2 / float64(m.N-1))
}

// CI95 returns the 95% t-interval of the mean, NaNs for fewer than two values.
func (m *Moments) CI95() (lo, hi float64) {
	if m.N < 2 {
		return math.NaN(), math.NaN()
	}
	half := TQuantile975(float64(m.N-1)) * m.SD() / math.Sqrt(float64(m.N))
	return m.mean - half, m.mean + half
}

// TQuantile975 is the 97.5% quantile of Student's t with df degrees of
// freedom, by the Cornish–Fisher expansion around the normal quantile
// (Abramowitz & Stegun 26.7.5); within 0.2% of the exact value for df ≥ 3.
func TQuantile975(df float64) float64 {
	z := 1.959963984540054
	z3, z5 := z*z*z, z*z*z*z*z
	return z + (z3+z)/(4*df) + (5*z5+16*z3+3*z)/(96*df*df) + (3*z5*z*z+19*z5+17*z3-15*z)/(384*df*df*df)
}
