package results

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/supplysim/supplysim/models"
)

// Daily accumulates, per regime, plant and measured day, sketches of the
// vehicles started and of the plan: the data of a fan chart. Memory is
// regimes × plants × days sketches, independent of the replications, and
// sketches merge exactly, so shards merge to the same numbers.
//
// A network of more than fanPlants plants has series for its fanPlants
// largest by mean demand (in the network's order) and one more, named
// OtherPlants, of the sums over the rest, so that memory, daily.csv and
// the fan charts stay the same size however many plants there are.
type Daily struct {
	width   int // days per point: 1, or more for horizons beyond maxPoints days
	warmup  int // days of warm-up: the first measured day's number
	days    int // measured days
	regimes []models.Regime
	plants  []string // the series: plant ids, then OtherPlants if some are summed
	series  []int    // per plant of the network: its series, or −1 if summed in the last
	// scratch: the summed plants' output and plan per measured day
	othersOut, othersPlan []float64
	output                [][][]*Sketch // [regime][series][day]
	plan                  [][][]*Sketch // [regime][series][day]
	// Replications not yet in the sketches, per regime: up to held rows,
	// each every series' output then every series' plan per measured day
	// (see add).
	pending [][][]float64
	held    int
}

// dailyHeld bounds the bytes of replications a Daily holds back per
// regime before it adds them to its sketches (see Daily.add).
const dailyHeld = 2 << 20

// FanPlants is how many plants have fan charts of their own, unless the
// network says otherwise (models.Network.FanPlants); the rest are summed
// in one.
const FanPlants = 12

// fanPlants is how many of nw's plants have series of their own at most.
func fanPlants(nw *models.Network) int {
	if nw.FanPlants > 0 {
		return nw.FanPlants
	}
	return FanPlants
}

// OtherPlants names the series of the plants summed together: "others (N
// plants)", which no node id can be (ids have no spaces).
func OtherPlants(n int) string { return fmt.Sprintf("others (%d plants)", n) }

// maxPoints bounds the points of a fan chart: a horizon longer than this
// many days is summarised in periods of several days (the textbook
// scenarios run 400,000 days), each point the quantiles over its days and
// the replications.
const maxPoints = 730

// NewDaily returns an empty accumulator for nw's plants and measured days.
func NewDaily(nw *models.Network, regimes []models.Regime) *Daily {
	d := &Daily{regimes: regimes, warmup: int(nw.Warmup.Days())}
	d.days = nw.Days() - d.warmup
	d.width = (d.days + maxPoints - 1) / maxPoints
	days := (d.days + d.width - 1) / d.width // points of a fan chart
	plants := nw.Plants()
	largest := slices.Clone(plants)
	slices.SortStableFunc(largest, func(a, b int) int { return cmp.Compare(nw.MeanDemandPerDay(b), nw.MeanDemandPerDay(a)) })
	largest = largest[:min(fanPlants(nw), len(largest))]
	for _, p := range plants {
		if slices.Contains(largest, p) {
			d.series = append(d.series, len(d.plants))
			d.plants = append(d.plants, nw.Nodes[p].ID)
		} else {
			d.series = append(d.series, -1)
		}
	}
	if n := len(plants) - len(largest); n > 0 {
		for k := range d.series {
			if d.series[k] < 0 {
				d.series[k] = len(d.plants)
			}
		}
		d.plants = append(d.plants, OtherPlants(n))
		d.othersOut, d.othersPlan = make([]float64, d.days), make([]float64, d.days)
	}
	for range regimes {
		d.output, d.plan = append(d.output, sketches(len(d.plants), days)), append(d.plan, sketches(len(d.plants), days))
	}
	d.pending = make([][][]float64, len(regimes))
	d.held = min(64, max(1, dailyHeld/(8*max(1, 2*len(d.plants)*d.days)))) // 1: none held, each added at once
	return d
}

func sketches(plants, days int) [][]*Sketch {
	out := make([][]*Sketch, plants)
	for k := range out {
		out[k] = make([]*Sketch, days)
		for day := range out[k] {
			out[k][day] = NewSketch(CoarseBuckets)
		}
	}
	return out
}

// add folds in one replication under regime index g: per plant, the
// vehicles started and the plan per measured day.
//
// It holds the values back, up to held replications, and then adds them
// sketch by sketch (flush); where one replication's values alone exceed
// dailyHeld (horizons of hundreds of thousands of days), it holds none. A
// replication brings one value for each of thousands of sketches, each
// with its own kilobyte of buckets: added as they come, nearly every value
// missed the cache (9% of a batch's CPU, eu-auto), where a sketch's held
// values fall in the few buckets it has just read. What a sketch holds does not depend on the order of its
// values, so the sketches are the same either way.
func (d *Daily) add(g int, output, plan [][]float64) {
	for k := range output {
		if len(output[k]) != d.days || len(plan[k]) != d.days {
			panic("results: a replication's daily output is not of the network's measured days")
		}
	}
	p := len(d.plants)
	var row []float64 // where the replication is held, or nil to add it at once
	if d.held > 1 {
		if d.pending[g] == nil {
			d.pending[g] = make([][]float64, 0, d.held)
		}
		rows := d.pending[g][:len(d.pending[g])+1] // the rows of earlier flushes are reused
		if rows[len(rows)-1] == nil {
			rows[len(rows)-1] = make([]float64, 2*p*d.days)
		}
		d.pending[g], row = rows, rows[len(rows)-1]
	}
	put := func(i int, out, plan []float64) { // series i's values
		if row != nil {
			copy(row[i*d.days:(i+1)*d.days], out)
			copy(row[(p+i)*d.days:(p+i+1)*d.days], plan)
			return
		}
		for day := range out {
			d.output[g][i][day/d.width].Add(out[day])
			d.plan[g][i][day/d.width].Add(plan[day])
		}
	}
	summed := d.othersOut != nil
	clear(d.othersOut)
	clear(d.othersPlan)
	for k := range output {
		if i := d.series[k]; !summed || i < p-1 {
			put(i, output[k], plan[k])
			continue
		}
		for day, x := range output[k] {
			d.othersOut[day] += x
			d.othersPlan[day] += plan[k][day]
		}
	}
	if summed {
		put(p-1, d.othersOut, d.othersPlan)
	}
	if row != nil && len(d.pending[g]) == d.held {
		d.flush(g)
	}
}

// flush adds regime g's held replications to its sketches, in the order
// they came for each sketch.
func (d *Daily) flush(g int) {
	rows, p := d.pending[g], len(d.plants)
	for i := range p {
		for day := range d.days {
			out, plan := d.output[g][i][day/d.width], d.plan[g][i][day/d.width]
			for _, row := range rows {
				out.Add(row[i*d.days+day])
			}
			for _, row := range rows {
				plan.Add(row[(p+i)*d.days+day])
			}
		}
	}
	d.pending[g] = rows[:0]
}

// flushAll adds every held replication to the sketches, before they are
// read or saved.
func (d *Daily) flushAll() {
	for g := range d.pending {
		d.flush(g)
	}
}

// WriteCSV writes one row per regime, plant and measured day (days count
// from time 0, as everywhere else: shocks.csv's onsets, the fan charts;
// the first row is the first day after the warm-up; for horizons beyond
// 730 days, one row per period, named by its first day): the 5%, 50% and
// 95% quantiles of vehicles started and the median plan (within the
// sketches' 0.05% relative accuracy).
func (d *Daily) WriteCSV(w io.Writer) error {
	d.flushAll()
	if _, err := fmt.Fprintln(w, "regime,plant,day,output_p5,output_p50,output_p95,plan_p50"); err != nil {
		return err
	}
	for g, regime := range d.regimes {
		for k, plant := range d.plants {
			for day, sk := range d.output[g][k] {
				q := sk.Quantiles(0.05, 0.5, 0.95)
				_, err := fmt.Fprintf(w, "%s,%s,%d,%s,%s,%s,%s\n", regime, plant, d.warmup+day*d.width, num(q[0]), num(q[1]), num(q[2]), num(d.plan[g][k][day].Quantile(0.5)))
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// num formats a value for CSV: the shortest text that reads back to the
// same float64, empty for NaN.
func num(x float64) string {
	if x != x {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// dailyState is the saved form of a Daily (daily.sketch.json), so that a
// resumed batch or a merge of shards continues its sketches exactly.
type dailyState struct {
	Regimes []string         `json:"regimes"`
	Plants  []string         `json:"plants"`
	Output  [][][]sketchData `json:"output"`
	Plan    [][][]sketchData `json:"plan"`
}

// appendJSON appends the state as json.Marshal writes it (checkpoint.seal).
func (st *dailyState) appendJSON(b []byte) ([]byte, error) {
	regimes, err := json.Marshal(st.Regimes)
	if err != nil {
		return nil, err
	}
	plants, err := json.Marshal(st.Plants)
	if err != nil {
		return nil, err
	}
	b = append(append(b, `{"regimes":`...), regimes...)
	b = append(append(b, `,"plants":`...), plants...)
	b = appendSketches(append(b, `,"output":`...), st.Output)
	b = appendSketches(append(b, `,"plan":`...), st.Plan)
	return append(b, '}'), nil
}

// appendSketches appends s as json.Marshal writes it: null for a nil
// slice at any depth, each sketch as sketchData.appendJSON.
func appendSketches(b []byte, s [][][]sketchData) []byte {
	return appendList(b, s, func(b []byte, g [][]sketchData) []byte {
		return appendList(b, g, func(b []byte, k []sketchData) []byte {
			return appendList(b, k, func(b []byte, d sketchData) []byte { return d.appendJSON(b) })
		})
	})
}

// appendList appends a JSON array of s's elements, or null for a nil s.
func appendList[T any](b []byte, s []T, each func([]byte, T) []byte) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, x)
	}
	return append(b, ']')
}

func (d *Daily) state() dailyState {
	d.flushAll()
	st := dailyState{Plants: d.plants, Output: dumpAll(d.output), Plan: dumpAll(d.plan)}
	for _, g := range d.regimes {
		st.Regimes = append(st.Regimes, g.String())
	}
	return st
}

// merge adds a saved state into d; it must be of the same shape, every
// sketch well-formed. On an error d is unchanged.
func (d *Daily) merge(st *dailyState) error {
	shaped := func(s [][][]sketchData) bool {
		if len(s) != len(d.output) {
			return false
		}
		for g := range s {
			if len(s[g]) != len(d.output[g]) {
				return false
			}
			for k := range s[g] {
				if len(s[g][k]) != len(d.output[g][k]) {
					return false
				}
			}
		}
		return true
	}
	if !shaped(st.Output) || !shaped(st.Plan) || !slices.Equal(st.Plants, d.plants) {
		return fmt.Errorf("daily sketches of another shape (regimes, plants or days differ)")
	}
	var out, plan []*Sketch
	for g := range d.output {
		for k := range d.output[g] {
			for day := range d.output[g][k] {
				o, err := st.Output[g][k][day].sketch(CoarseBuckets)
				if err != nil {
					return fmt.Errorf("daily output sketch %d of %s, %s: %w", day, d.regimes[g], d.plants[k], err)
				}
				p, err := st.Plan[g][k][day].sketch(CoarseBuckets)
				if err != nil {
					return fmt.Errorf("daily plan sketch %d of %s, %s: %w", day, d.regimes[g], d.plants[k], err)
				}
				out, plan = append(out, o), append(plan, p)
			}
		}
	}
	i := 0
	for g := range d.output {
		for k := range d.output[g] {
			for day := range d.output[g][k] {
				d.output[g][k][day].Merge(out[i])
				d.plan[g][k][day].Merge(plan[i])
				i++
			}
		}
	}
	return nil
}

func dumpAll(s [][][]*Sketch) [][][]sketchData {
	out := make([][][]sketchData, len(s))
	for g := range s {
		out[g] = make([][]sketchData, len(s[g]))
		for k := range s[g] {
			out[g][k] = make([]sketchData, len(s[g][k]))
			for day, sk := range s[g][k] {
				out[g][k][day] = sk.data()
			}
		}
	}
	return out
}
