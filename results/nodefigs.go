package results

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/supplysim/supplysim/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TierBullwhip is the figure's data for one regime: per tier, the mean
// bullwhip ratios of its nodes (summary.json's nodes section) and their
// median.
type TierBullwhip struct {
	Regime string
	Tiers  [][]float64 // [tier]: the nodes' means, in the network's order
	Median []float64   // [tier]: the median of Tiers[tier] (order statistic), NaN when empty
}

// BullwhipByTier groups the nodes' mean bullwhip ratios by tier for every
// regime; nodes without a ratio (no inputs) or outside every plant's supply
// tree (tier −1) are left out, and so are ratios ≤ 0, which a log axis
// cannot show.
func BullwhipByTier(sf *SummaryFile, regimes []string) []TierBullwhip {
	tiers := 0
	for _, ns := range sf.Nodes {
		tiers = max(tiers, ns.Tier+1)
	}
	var out []TierBullwhip
	for _, g := range regimes {
		tb := TierBullwhip{Regime: g, Tiers: make([][]float64, tiers), Median: make([]float64, tiers)}
		for _, ns := range sf.Nodes {
			if x := float64(ns.Metrics["bullwhip"][g].Mean); ns.Tier >= 0 && x > 0 {
				tb.Tiers[ns.Tier] = append(tb.Tiers[ns.Tier], x)
			}
		}
		for t, xs := range tb.Tiers {
			sorted := slices.Sorted(slices.Values(xs))
			tb.Median[t] = math.NaN()
			if len(sorted) > 0 {
				tb.Median[t] = Quantile(sorted, 0.5)
			}
		}
		out = append(out, tb)
	}
	return out
}

// bullwhipSpec is the bullwhip ratio of every node by tier, per regime, on
// a log axis: a dot per node and a line through the tiers' medians. Its
// title names the node with the highest ratio and its ratio under each
// regime.
func (l *Loaded) bullwhipSpec() (spec, bool) {
	sf, names := l.Summary, regimeNames(l.Regimes)
	top := Amplifiers(sf, 1)
	if len(top) == 0 {
		return spec{}, false
	}
	k := slices.IndexFunc(sf.Nodes, func(ns NodeStats) bool { return ns.Node == top[0].Node })
	format, args := "Bullwhip ratio by tier; highest at %s (tier %s): ", []any{top[0].Node, Quote{fmt.Sprintf("nodes/%d/tier", k), fmt.Sprint(top[0].Tier)}}
	for i, g := range names {
		format += pick(i == 0, "%s %s", ", %s %s")
		args = append(args, g, num3(fmt.Sprintf("nodes/%d/metrics/bullwhip/%s/mean", k, g), float64(top[0].Metrics["bullwhip"][g].Mean)))
	}
	caption := "Each dot is one node: the variance of the orders it places over the variance of the plant demand it serves (exploded through the bills of materials), averaged over replications. The grey line at 1 is demand passed on unamplified; above it orders swing more than demand (the bullwhip effect): a ratio of 100 is orders 10 times as variable, in standard deviation, as the demand behind them. Lines join each tier's median; plants are tier 0, their direct suppliers tier 1. The axis is logarithmic; nodes without inputs have no ratio. Every node's rows are in nodes.csv."
	data := BullwhipByTier(sf, names)
	return spec{name: "bullwhip-by-tier", title: headline(format, args...), caption: caption, draw: func() (*plot.Plot, error) {
		p := newPlot()
		p.X.Label.Text, p.Y.Label.Text = "tier (0: plants)", "bullwhip ratio, Var(orders) / Var(demand)"
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
		width := 0.6 / float64(len(data))
		var ticks []plot.Tick
		lo, hi := math.Inf(1), math.Inf(-1)
		for g, tb := range data {
			c := RegimeColor(models.Regime(tb.Regime), l.Regimes)
			var dots, medians plotter.XYs
			for t, xs := range tb.Tiers {
				x := float64(t) + float64((float64(g)-float64(float64(len(data)-1)/2))*width)
				for _, y := range xs {
					dots = append(dots, plotter.XY{X: x, Y: y})
					lo, hi = math.Min(lo, y), math.Max(hi, y)
				}
				if !math.IsNaN(tb.Median[t]) {
					medians = append(medians, plotter.XY{X: x, Y: tb.Median[t]})
				}
				if len(xs) > 0 && !slices.ContainsFunc(ticks, func(k plot.Tick) bool { return k.Value == float64(t) }) {
					ticks = append(ticks, plot.Tick{Value: float64(t), Label: fmt.Sprint(t)})
				}
			}
			if len(dots) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(dots)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			line, err := plotter.NewLine(medians)
			if err != nil {
				return nil, err
			}
			line.Color, line.Width = c, vg.Points(1.5)
			p.Add(sc, line)
			p.Legend.Add(tb.Regime, sc, line)
		}
		if len(ticks) == 0 {
			return p, nil
		}
		slices.SortFunc(ticks, func(a, b plot.Tick) int { return cmp.Compare(a.Value, b.Value) })
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = ticks[0].Value-0.5, ticks[len(ticks)-1].Value+0.5
		p.Y.Min, p.Y.Max = math.Min(lo/1.5, 0.8), hi*5 // room above for the legend
		one, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: 1}, {X: p.X.Max, Y: 1}})
		if err != nil {
			return nil, err
		}
		one.Color, one.Width = grey, vg.Points(1.5)
		p.Add(one)
		p.Legend.Add("1: unamplified", one)
		return p, nil
	}}, true
}
