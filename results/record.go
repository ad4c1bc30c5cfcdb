package results

import (
	"fmt"
	"math"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
)

// Replication is what a batch keeps of one replication under every regime:
// a copy, so that the models.Run that made it can go on to the next one.
type Replication struct {
	Rep    uint64
	Rows   []Row       // one per regime, in the batch's regime order
	Shocks []ShockRow  // one per regime, shock and plant
	Output [][]float64 // [regime × plants + plant][measured day]: vehicles started
	Plan   [][]float64 // same layout: the plan
	Nodes  []float64   // [regime][node][NodeMetrics], flat: the rows of nodes.csv
}

// ShockRow is one line of shocks.csv: a shock as it struck a replication,
// seen from one plant under one regime. Times are days from time 0; NaN
// when it did not happen. A row whose Outcome is not models.NotReached is
// an event of the paired comparisons (see Events).
type ShockRow struct {
	Replication                uint64
	Regime                     models.Regime
	Shock, Kind, Target, Plant string
	Outcome                    models.Outcome
	Onset, End                 float64
	Detected, Starved          float64
	TTD, Warning, TTR          float64
}

// Append copies what the batch keeps from res, the result of the
// replication under the next regime in the batch's order, before the
// models.Run that made it overwrites it. It allocates; it runs once per
// replication and regime, not per event.
func (r *Replication) Append(nw *models.Network, res *models.Result) {
	r.Rows = append(r.Rows, RowOf(r.Rep, res, nil))
	for _, p := range res.Plants {
		r.Output = append(r.Output, append([]float64(nil), p.Output...))
		r.Plan = append(r.Plan, append([]float64(nil), p.Plan...))
	}
	r.Shocks = appendShocks(r.Shocks, nw, r.Rep, res)
	r.Nodes = appendNodeValues(r.Nodes, res)
}

func appendShocks(out []ShockRow, nw *models.Network, rep uint64, res *models.Result) []ShockRow {
	for _, d := range res.Detections {
		oc := res.Occurrences[d.Occurrence]
		id := "injected"
		if oc.Shock >= 0 {
			id = nw.Shocks[oc.Shock].ID
		}
		row := ShockRow{Replication: rep, Regime: res.Regime, Shock: id, Kind: oc.Kind.String(), Target: oc.Target,
			Plant: nw.Nodes[d.Plant].ID, Outcome: d.Outcome(), Onset: oc.Onset.Days(), End: oc.End.Days(),
			Detected: days(d.Detected), Starved: days(d.Starved), TTR: d.TTRDays}
		row.TTD, row.Warning = row.Detected-row.Onset, row.Starved-row.Detected
		out = append(out, row)
	}
	return out
}

func days(t sim.Time) float64 {
	if t == models.Never {
		return math.NaN()
	}
	return t.Days()
}

// Check says whether the replication's metrics are numbers: every metric
// finite, and defined unless it may be undefined (time to detect, warning,
// time to recover, platform uptime; a node's bullwhip ratio and fill
// rate). A model that overflowed (a network whose orders or stock grow
// without bound) fails it.
func (r *Replication) Check() error {
	for _, row := range r.Rows {
		for m, x := range row.Values {
			if math.IsInf(x, 0) || math.IsNaN(x) && !optional[Metrics[m].Name] {
				return fmt.Errorf("regime %s: %s is %v: the model overflowed (orders or stock that grow without bound?)", row.Regime, Metrics[m].Name, x)
			}
		}
	}
	for i, x := range r.Nodes {
		if m := NodeMetrics[i%len(NodeMetrics)]; math.IsInf(x, 0) || math.IsNaN(x) && m.Name != "bullwhip" && m.Name != "fill_rate" {
			g := r.Rows[i/(len(r.Nodes)/max(1, len(r.Rows)))].Regime
			return fmt.Errorf("regime %s: a node's %s is %v: the model overflowed (orders or stock that grow without bound?)", g, m.Name, x)
		}
	}
	return nil
}
