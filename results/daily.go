package results

import (
	"fmt"
	"io"
	"strconv"

	"github.com/supplysim/supplysim/models"
)

// Daily accumulates, per regime, plant and measured day, a sketch of the
// vehicles started and the mean plan: the data of a fan chart. Memory is
// regimes × plants × days sketches, independent of the replications.
type Daily struct {
	regimes []models.Regime
	plants  []string
	output  [][][]*Sketch // [regime][plant][day]
	plan    [][][]Moments // [regime][plant][day]
}

// NewDaily returns an empty accumulator for nw's plants and measured days.
func NewDaily(nw *models.Network, regimes []models.Regime) *Daily {
	d := &Daily{regimes: regimes}
	days := nw.Days() - int(nw.Warmup.Days())
	for _, p := range nw.Plants() {
		d.plants = append(d.plants, nw.Nodes[p].ID)
	}
	for range regimes {
		out, plan := make([][]*Sketch, len(d.plants)), make([][]Moments, len(d.plants))
		for k := range out {
			out[k], plan[k] = make([]*Sketch, days), make([]Moments, days)
			for day := range out[k] {
				out[k][day] = NewSketch()
			}
		}
		d.output, d.plan = append(d.output, out), append(d.plan, plan)
	}
	return d
}

// add folds in one replication under regime index g: per plant, the
// vehicles started and the plan per measured day.
func (d *Daily) add(g int, output, plan [][]float64) {
	for k := range output {
		for day, x := range output[k] {
			d.output[g][k][day].Add(x)
			d.plan[g][k][day].Add(plan[k][day])
		}
	}
}

// WriteCSV writes one row per regime, plant and measured day (day 0 is the
// first day after the warm-up): the 5%, 50% and 95% quantiles of vehicles
// started (within the sketch's 0.05% relative accuracy) and the mean plan.
func (d *Daily) WriteCSV(w io.Writer) error {
	if _, err := fmt.Fprintln(w, "regime,plant,day,output_p5,output_p50,output_p95,plan_mean"); err != nil {
		return err
	}
	for g, regime := range d.regimes {
		for k, plant := range d.plants {
			for day, sk := range d.output[g][k] {
				q := sk.Quantiles(0.05, 0.5, 0.95)
				_, err := fmt.Fprintf(w, "%s,%s,%d,%s,%s,%s,%s\n", regime, plant, day, num(q[0]), num(q[1]), num(q[2]), num(d.plan[g][k][day].Mean()))
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
