package results

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// spec is a figure before it is drawn; its title quotes summary.json.
type spec struct {
	name    string
	title   Headline
	caption string
	draw    func() (*plot.Plot, error)
	below   func() (*plot.Plot, error) // a panel under the chart, on its x axis; nil for none
}

// figures are the charts of a batch in report order: detection and
// warning compared event by event, the outcomes of the shortages, lost
// output and recovery per replication, and each plant's daily output.
func (l *Loaded) figures() []spec {
	sf, names := l.Summary, regimeNames(l.Regimes)
	var out []spec
	for a := 1; a < len(l.Regimes); a++ {
		out = append(out, l.eventSpec(a, 0, true))
	}
	out = append(out, l.outcomesSpec())
	for a := 1; a < len(l.Regimes); a++ {
		out = append(out, l.eventSpec(a, 0, false))
	}
	out = append(out, l.boxSpec("lost-output-box", "lost_output", "vehicles not built, per replication",
		MediansTitle(sf, names, "Lost output per replication", "lost_output", "vehicles"),
		"Vehicles the plants could not build because inputs were missing or capacity was cut, per replication (a simulated year). Where most replications lose nothing, the boxes show the replications that lost something, and each label says how many did. Medians can differ while the average paired difference (next figure) does not: compare regimes with the paired difference."))
	for a := 1; a < len(l.Regimes); a++ {
		out = append(out, l.pairedSpec(a, 0, "lost_output", "vehicles"))
	}
	for a := 2; a < len(l.Regimes); a++ {
		out = append(out, l.pairedSpec(a, a-1, "lost_output", "vehicles"))
	}
	if s, ok := l.placementSpec(); ok {
		out = append(out, s)
	}
	if s, ok := l.bullwhipSpec(); ok {
		out = append(out, s)
	}
	recover := MediansTitle(sf, names, "Time to recover", "ttr_days", "days")
	if len(names) > 1 {
		recover = RecoverHeadline(sf, names[len(names)-1], names[0])
	}
	out = append(out, l.boxSpec("recover-box", "ttr_days", "days from shock onset until production runs unhindered for 7 days", recover,
		"Time to recover, per replication: the longest over its shocks and the plants they reach; 0 when no plant was held back. Every regime has the same replications here; the title compares them replication by replication."))
	fans := l.Fans()
	for _, plant := range l.Plants() {
		out = append(out, l.fanSpec(plant, fans[plant]))
	}
	return out
}

func regimeNames(gs []models.Regime) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.String()
	}
	return out
}

// boxSpec is a box plot of a metric by regime, n in each label.
func (l *Loaded) boxSpec(name, metric, ylabel string, title Headline, caption string) spec {
	return spec{name: name, title: title, caption: caption, draw: func() (*plot.Plot, error) {
		p := newPlot()
		p.Y.Label.Text = ylabel
		var names []string
		losses := metric == "lost_output" && l.mostlyZero(metric)
		if losses {
			p.Y.Label.Text = ylabel + ", where any was lost"
			p.X.Label.Text = "regime: replications that lost output, of all"
		}
		for g, regime := range l.Regimes {
			xs := l.Defined(g, metric)
			label := fmt.Sprintf("%s (n = %d)", regime, len(xs))
			if losses { // a box flat at zero says nothing: show the replications that lost output
				n := len(xs)
				xs = slices.DeleteFunc(slices.Clone(xs), func(x float64) bool { return x == 0 })
				label = fmt.Sprintf("%s: %d of %d", regime, len(xs), n)
			}
			box := NewBox(regime, xs)
			names = append(names, label)
			if box.N == 0 {
				continue
			}
			bp, err := plotter.NewBoxPlot(vg.Centimeter*2, float64(g), plotter.Values(xs))
			if err != nil {
				return nil, err
			}
			bp.Median, bp.Quartile1, bp.Quartile3, bp.AdjLow, bp.AdjHigh = box.Median, box.Q1, box.Q3, box.LowWhisker, box.HighWhisker
			bp.Outside = outside(xs, box)
			bp.FillColor = RegimeColor(regime, l.Regimes)
			p.Add(bp)
		}
		p.NominalX(names...)
		return p, nil
	}}
}

// mostlyZero says whether metric is 0 in most replications under every
// regime.
func (l *Loaded) mostlyZero(metric string) bool {
	for g := range l.Regimes {
		xs, zeros := l.Defined(g, metric), 0
		for _, x := range xs {
			if x == 0 {
				zeros++
			}
		}
		if 2*zeros <= len(xs) {
			return false
		}
	}
	return true
}

// outside returns the indices (in sorted xs) of the box's outliers.
func outside(xs []float64, b Box) []int {
	var out []int
	fence := float64(1.5 * (b.Q3 - b.Q1))
	lo, hi := b.Q1-fence, b.Q3+fence
	for i, x := range xs {
		if x < lo || x > hi {
			out = append(out, i)
		}
	}
	return out
}

// eventSpec is the histogram of the paired event differences a − b of
// detection time (ttd) or of warning time, with zero, the median and the
// median's interval marked.
func (l *Loaded) eventSpec(a, b int, ttd bool) spec {
	A, B := l.Regimes[a].String(), l.Regimes[b].String()
	dTTD, dWarn := l.EventDifferences(a, b)
	pe := l.Summary.Events.Paired[A+"-"+B]
	name, d, xs, title := "detect-paired-"+A+"-"+B, pe.TTD, dTTD, DetectHeadline(l.Summary, A, B)
	caption := fmt.Sprintf("Each count is one event, a shock reaching a plant, that both %s and %s detected: %s's detection time minus %s's, in days. Left of zero, %s knew earlier. The dashed line is the median, the bar above it the median's 95%% interval. Where most events show no difference, the bars count only those that differ, and the legend says how many did not. Both regimes meet exactly the same events.", A, B, A, B, A)
	xlabel := fmt.Sprintf("%s − %s, days to detect the same shock at the same plant", A, B)
	if !ttd {
		name, d, xs, title = "warning-paired-"+A+"-"+B, pe.Warning, dWarn, WarningHeadline(l.Summary, A, B)
		caption = fmt.Sprintf("Each count is one shortage, a shock that starved a plant's line under both %s and %s, that both detected: %s's warning (first starved production minus detection) minus %s's, in days. Right of zero, %s had more warning. The dashed line is the median, the bar above it the median's 95%% interval. Where most events show no difference, the bars count only those that differ, and the legend says how many did not.", A, B, A, B, A)
		xlabel = fmt.Sprintf("%s − %s, days of warning before the same line stopped", A, B)
	}
	return spec{name: name, title: title, caption: caption, draw: func() (*plot.Plot, error) {
		return diffHist(xs, float64(d.P50), float64(d.P50CI95[0]), float64(d.P50CI95[1]), "median", xlabel, "paired events", RegimeColor(l.Regimes[a], l.Regimes))
	}}
}

// pairedSpec is the histogram of per-replication differences a − b with
// the mean and its 95% interval marked.
func (l *Loaded) pairedSpec(a, b int, metric, unit string) spec {
	A, B := l.Regimes[a].String(), l.Regimes[b].String()
	d := l.Summary.Paired[metric][A+"-"+B]
	caption := fmt.Sprintf("Each replication runs %s and %s on the same shocks and demand; the bars count the replications by the difference in lost output (%s − %s). The dashed line is the mean difference, the bar above it its 95%% confidence interval; the grey line is 0, no difference. Where most replications show no difference, the bars count only those that differ, and the legend says how many did not; the mean and its interval are over all of them.", A, B, A, B)
	return spec{name: fmt.Sprintf("%s-paired-%s-%s", strings.ReplaceAll(metric, "_", "-"), A, B), title: LostHeadline(l.Summary, A, B), caption: caption, draw: func() (*plot.Plot, error) {
		return diffHist(l.Paired(a, b, metric), float64(d.Mean), float64(d.CI95[0]), float64(d.CI95[1]), "mean",
			fmt.Sprintf("%s − %s, %s per replication", A, B, unit), "replications", RegimeColor(l.Regimes[a], l.Regimes))
	}}
}

// diffHist draws paired differences: a histogram, the zero line, a dashed
// line at centre (the mean or median) and its interval [lo, hi] as a bar.
// The bars cover the middle 98% of the values (and 0 and the interval), so
// that a few extreme replications do not squeeze the rest into one bar; the
// legend counts the values left out.
func diffHist(xs []float64, centre, lo, hi float64, what, xlabel, ylabel string, c color.Color) (*plot.Plot, error) {
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	if len(xs) == 0 {
		return p, nil
	}
	if differ, same := differing(xs); same > 0 {
		p.Y.Label.Text = ylabel + " with a difference"
		p.Legend.Add(fmt.Sprintf("%d of %d %s: no difference (not drawn)", same, len(xs), ylabel), blank{})
		xs = differ
	}
	shown, left := middle(xs, lo, hi)
	h, err := plotter.NewHist(plotter.Values(shown), bins(len(shown)))
	if err != nil {
		return nil, err
	}
	h.FillColor = c
	top := 0.0
	for _, bin := range h.Bins {
		top = math.Max(top, bin.Weight)
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 0, Y: 1.2 * top}})
	if err != nil {
		return nil, err
	}
	zero.Color, zero.Width = grey, vg.Points(1.5)
	p.Add(h, zero)
	p.Legend.Add("0: no difference", zero)
	if left > 0 {
		p.Legend.Add(fmt.Sprintf("%d extreme values, outside the middle 98%%, not drawn", left), blank{})
	}
	if !math.IsNaN(lo) && !math.IsNaN(hi) {
		y := 1.1 * top
		ci, err := plotter.NewLine(plotter.XYs{{X: lo, Y: y * 0.97}, {X: lo, Y: y * 1.03}, {X: lo, Y: y},
			{X: hi, Y: y}, {X: hi, Y: y * 1.03}, {X: hi, Y: y * 0.97}})
		if err != nil {
			return nil, err
		}
		ci.Width = vg.Points(2.5)
		p.Add(ci)
		p.Legend.Add(fmt.Sprintf("95%% CI of the %s: %s to %s", what, fmtAmount(lo, ""), fmtAmount(hi, "")), ci)
	}
	if !math.IsNaN(centre) {
		mid, err := plotter.NewLine(plotter.XYs{{X: centre, Y: 0}, {X: centre, Y: top}})
		if err != nil {
			return nil, err
		}
		mid.Width, mid.Color = vg.Points(2), color.Black
		mid.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(mid)
		p.Legend.Add(fmt.Sprintf("%s %s", what, fmtAmount(centre, "")), mid)
	}
	p.Y.Min, p.Y.Max = 0, 1.5*top
	return p, nil
}

// differing returns the paired differences a histogram draws: all of xs,
// or, where most are exactly 0 and some are not (one bar at 0 would hide
// the rest), those that are not 0 and how many were 0.
func differing(xs []float64) (drawn []float64, same int) {
	nonzero := slices.DeleteFunc(slices.Clone(xs), func(x float64) bool { return x == 0 })
	if zeros := len(xs) - len(nonzero); 2*zeros > len(xs) && len(nonzero) > 0 {
		return nonzero, zeros
	}
	return xs, 0
}

// blank is a legend entry without a swatch: a note about what is not drawn.
type blank struct{}

func (blank) Thumbnail(*draw.Canvas) {}

// middle returns the values between the 1% and 99% quantiles (widened to
// hold 0, lo and hi) and how many were left out.
func middle(xs []float64, lo, hi float64) ([]float64, int) {
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	a, b := math.Min(Quantile(sorted, 0.01), 0), math.Max(Quantile(sorted, 0.99), 0)
	if !math.IsNaN(lo) {
		a, b = math.Min(a, lo), math.Max(b, hi)
	}
	var out []float64
	for _, x := range sorted {
		if x >= a && x <= b {
			out = append(out, x)
		}
	}
	return out, len(xs) - len(out)
}

// bins is a histogram's bin count: Sturges' rule, at least 5, at most 60.
func bins(n int) int { return max(5, min(60, int(math.Ceil(math.Log2(float64(n))))+1)) }

// fanSpec is a plant's fan chart: per regime the median daily output and
// its 5–95% band, the median plan dashed, and shocks' typical windows shaded
// and named; under it, each later regime's median minus the first's.
func (l *Loaded) fanSpec(plant string, fans []Fan) spec {
	title := fmt.Sprintf("%s: vehicles started per day, median and 5–95%% band", plant)
	caption := "Thick lines are the median over replications of the vehicles the plant started each day; the thin dotted lines of the same colour bound the band that holds 90% of replications (5% and 95%). Each regime's lines are narrower than the one before, so where regimes coincide the earlier one shows as a rim around the later. The dashed line is the plan (market demand within capacity). Grey spans mark where each named shock typically struck (median onset to median end, over the replications it struck)."
	name := "fan-" + plant
	if strings.ContainsRune(plant, ' ') { // OtherPlants: no id has a space
		name = "fan--others" // no plant's: an id cannot start with "-"
		title = fmt.Sprintf("The %s: vehicles started per day, summed over them, median and 5–95%% band", plant)
		caption = fmt.Sprintf("The plants without a chart of their own (all but the %d largest by demand), taken together: each replication's vehicles started per day is the sum over them, and the lines are its median and band over replications. ", len(l.Plants())-1) + caption
	}
	s := spec{name: name, title: Headline{Text: title}, caption: caption}
	s.draw = func() (*plot.Plot, error) {
		p := newPlot()
		p.Y.Label.Text = "vehicles per day"
		top := 0.0
		for _, f := range fans {
			for _, x := range f.P95 {
				top = math.Max(top, x)
			}
		}
		if err := l.shade(p, 0, top, true); err != nil {
			return nil, err
		}
		for i, f := range fans {
			g := models.Regime(f.Regime)
			c := RegimeColor(g, l.Regimes)
			width := vg.Points(1.5 + float64(1.5*float64(len(fans)-1-i))) // the first widest: a rim where later ones coincide
			for _, q := range [][]float64{f.P5, f.P95} {
				edge, err := plotter.NewLine(xy(f.Day, q))
				if err != nil {
					return nil, err
				}
				edge.Color, edge.Width, edge.Dashes = c, vg.Points(0.8), []vg.Length{vg.Points(1), vg.Points(2)}
				p.Add(edge)
			}
			median, err := plotter.NewLine(xy(f.Day, f.P50))
			if err != nil {
				return nil, err
			}
			median.Color, median.Width = c, width
			p.Add(median)
			p.Legend.Add(f.Regime+" (median; 5–95% dotted)", median)
			if i == 0 {
				plan, err := plotter.NewLine(xy(f.Day, f.Plan))
				if err != nil {
					return nil, err
				}
				plan.Color, plan.Dashes = color.Black, []vg.Length{vg.Points(4), vg.Points(3)}
				p.Add(plan)
				p.Legend.Add("plan", plan)
			}
		}
		p.Y.Min, p.Y.Max = 0, 1.3*top // room for the legend above the data
		return p, nil
	}
	gaps := Gaps(fans)
	if len(gaps) == 0 {
		s.draw = labelX(s.draw)
		return s
	}
	s.caption += fmt.Sprintf(" The panel below shows each regime's median minus %s's, per day: above 0 it started more vehicles that day. It is a difference of medians; the paired difference of lost output per replication is in its own figure.", fans[0].Regime)
	s.below = func() (*plot.Plot, error) {
		p := newPlot()
		p.X.Label.Text = "day of the simulated year"
		p.Y.Label.Text = "Δ median vs " + fans[0].Regime
		lo, hi := -1.0, 1.0
		for _, g := range gaps {
			for _, d := range g.Diff {
				lo, hi = math.Min(lo, d), math.Max(hi, d)
			}
		}
		if err := l.shade(p, lo, hi, false); err != nil {
			return nil, err
		}
		zero, err := plotter.NewLine(plotter.XYs{{X: fans[0].Day[0], Y: 0}, {X: fans[0].Day[len(fans[0].Day)-1], Y: 0}})
		if err != nil {
			return nil, err
		}
		zero.Color, zero.Width = grey, vg.Points(1)
		p.Add(zero)
		for _, g := range gaps {
			line, err := plotter.NewLine(xy(g.Day, g.Diff))
			if err != nil {
				return nil, err
			}
			line.Color, line.Width = RegimeColor(models.Regime(g.Regime), l.Regimes), vg.Points(1.2)
			p.Add(line)
		}
		p.Y.Min, p.Y.Max = lo, hi
		return p, nil
	}
	return s
}

// labelX names the x axis of a fan chart drawn without a panel below it.
func labelX(draw func() (*plot.Plot, error)) func() (*plot.Plot, error) {
	return func() (*plot.Plot, error) {
		p, err := draw()
		if p != nil {
			p.X.Label.Text = "day of the simulated year"
		}
		return p, err
	}
}

// shade adds the shocks' typical windows to p as grey spans from lo to hi
// and, when named, their names upright from the foot of each span, raised
// where they would overlap the previous name.
func (l *Loaded) shade(p *plot.Plot, lo, hi float64, named bool) error {
	var names plotter.XYLabels
	var last []float64 // onset of the last name at each height
	windows := slices.Clone(l.Windows)
	slices.SortStableFunc(windows, func(a, b ShockWindow) int { return cmp.Compare(a.Onset, b.Onset) })
	for _, w := range windows {
		win, err := plotter.NewPolygon(plotter.XYs{{X: w.Onset, Y: lo}, {X: w.End, Y: lo}, {X: w.End, Y: hi}, {X: w.Onset, Y: hi}})
		if err != nil {
			return err
		}
		win.Color, win.LineStyle.Width = shade, 0
		p.Add(win)
		k := slices.IndexFunc(last, func(x float64) bool { return w.Onset-x >= labelDays })
		switch {
		case k >= 0:
		case len(last) < 3:
			k, last = len(last), append(last, 0)
		default: // three heights taken: the one free longest
			k = slices.Index(last, slices.Min(last))
		}
		last[k] = w.Onset
		names.XYs = append(names.XYs, plotter.XY{X: w.Onset, Y: lo + float64((hi-lo)*float64(0.03+float64(0.35*float64(k))))})
		names.Labels = append(names.Labels, w.Shock)
	}
	if !named || len(names.Labels) == 0 {
		return nil
	}
	labels, err := plotter.NewLabels(names)
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Color, labels.TextStyle[i].Rotation = color.Gray{0x55}, math.Pi/2
	}
	p.Add(labels)
	return nil
}

// labelDays is how many days an upright shock name takes on a year's axis
// at report size; a name closer than that to the previous one is raised.
const labelDays = 8
