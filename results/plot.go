package results

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/supplysim/supplysim/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Figure is one chart of a results folder: its file name (without
// extension), its title, which states the finding in words, a caption for
// the report, and its SVG.
type Figure struct {
	Name, Title, Caption string
	SVG                  []byte
}

// RegimeColor is a regime's colour in every chart, from the Okabe–Ito
// palette, which stays distinct under the common colour-vision deficiencies.
func RegimeColor(g models.Regime) color.RGBA {
	switch g {
	case models.Silo:
		return color.RGBA{0xE6, 0x9F, 0x00, 0xFF} // orange
	case models.Bilateral:
		return color.RGBA{0x56, 0xB4, 0xE9, 0xFF} // sky blue
	}
	return color.RGBA{0x00, 0x9E, 0x73, 0xFF} // bluish green
}

var (
	figW, figH = 16 * vg.Centimeter, 10 * vg.Centimeter
	grey       = color.RGBA{0x99, 0x99, 0x99, 0xFF}
	shade      = color.NRGBA{0x00, 0x00, 0x00, 0x14}
)

// WritePlots draws every figure of l into dir/plots as SVG and PNG and
// returns them in report order.
func WritePlots(l *Loaded) ([]Figure, error) {
	dir := filepath.Join(l.Dir, "plots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var figs []Figure
	add := func(name, title, caption string, p *plot.Plot, err error) error {
		if err != nil {
			return fmt.Errorf("plot %s: %w", name, err)
		}
		style(p, title)
		svg, err := save(p, figH, filepath.Join(dir, name))
		figs = append(figs, Figure{Name: name, Title: title, Caption: caption, SVG: svg})
		return err
	}
	for _, f := range l.figures() {
		p, err := f.draw()
		if err := add(f.name, f.title, f.caption, p, err); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// save writes p, figW wide and h high, to base.svg and base.png and
// returns the SVG.
func save(p *plot.Plot, h vg.Length, base string) ([]byte, error) {
	var svg []byte
	for _, format := range []string{"svg", "png"} {
		w, err := p.WriterTo(figW, h, format)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if _, err := w.WriteTo(&b); err != nil {
			return nil, err
		}
		if err := WriteFileAtomic(base+"."+format, b.Bytes()); err != nil {
			return nil, err
		}
		if format == "svg" {
			svg = b.Bytes()
		}
	}
	return svg, nil
}

// style sets the title and readable font sizes at report size.
func style(p *plot.Plot, title string) {
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(11)
		a.Tick.Label.Font.Size = vg.Points(10)
	}
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Legend.Top = true
}

// spec is a figure before it is drawn.
type spec struct {
	name, title, caption string
	draw                 func() (*plot.Plot, error)
}

func (l *Loaded) figures() []spec {
	var out []spec
	out = append(out, l.boxSpec("detect-box", "ttd_days", "days from shock onset to detection at a plant", "detects shortages",
		[2]string{"%s earlier", "%s later"}, true,
		"Each box spans the middle half of the replications in which a plant detected a shock; the line is the median, whiskers reach 1.5 box-lengths, dots are single replications. Lower is earlier warning."))
	out = append(out, spec{"detect-cdf", l.cdfTitle(), "The share of replications (with a detected shock) in which plants knew within the time on the x-axis. A curve further left detects earlier.",
		func() (*plot.Plot, error) {
			return l.cdfPlot("ttd_days", "days from shock onset to detection at a plant")
		}})
	lost := l.boxSpec("lost-output-box", "lost_output", "vehicles not built, per replication", "", [2]string{}, true,
		"Vehicles the plants could not build because inputs were missing or capacity was cut, per replication (a simulated year). Medians can differ while the average paired difference (next figure) does not: compare regimes with the paired difference.")
	lost.title = l.mediansTitle("Lost output per replication", "lost_output", "vehicles")
	out = append(out, lost)
	for a := 1; a < len(l.Regimes); a++ {
		out = append(out, l.pairedSpec(a, 0, "lost_output", "vehicles"))
	}
	out = append(out, l.boxSpec("recover-box", "ttr_days", "days from shock onset until production runs unhindered for 7 days", "recovers",
		[2]string{"%s sooner", "%s later"}, true, "Time to recover, per replication: the longest over its shocks and plants; 0 when no plant was held back."))
	out = append(out, l.boxSpec("warning-box", "warning_days", "days from detection to the first starved production", "gives",
		[2]string{"%s more warning", "%s less warning"}, false,
		"Warning time (Sheffi's detectability lead time), in replications whose plants ran short of an input: how long before the line starved a plant knew. Higher is better; negative means the line stopped first."))
	fans := l.Fans()
	for _, plant := range l.Plants() {
		out = append(out, l.fanSpec(plant, fans[plant]))
	}
	return out
}

// boxSpec is a box plot of a metric by regime; the title compares the
// medians of the last regime and the first.
func (l *Loaded) boxSpec(name, metric, ylabel, verb string, phrases [2]string, lowerBetter bool, caption string) spec {
	return spec{name, l.medianTitle(metric, verb, phrases, lowerBetter, ylabel), caption, func() (*plot.Plot, error) {
		p := plot.New()
		p.Y.Label.Text = ylabel
		var names []string
		for g, regime := range l.Regimes {
			box := NewBox(regime, l.Defined(g, metric))
			names = append(names, fmt.Sprintf("%s (n = %d)", regime, box.N))
			if box.N == 0 {
				continue
			}
			bp, err := plotter.NewBoxPlot(vg.Centimeter*2, float64(g), plotter.Values(l.Defined(g, metric)))
			if err != nil {
				return nil, err
			}
			bp.Median, bp.Quartile1, bp.Quartile3, bp.AdjLow, bp.AdjHigh = box.Median, box.Q1, box.Q3, box.LowWhisker, box.HighWhisker
			bp.Outside = outside(l.Defined(g, metric), box)
			bp.FillColor = RegimeColor(regime)
			p.Add(bp)
		}
		p.NominalX(names...)
		return p, nil
	}}
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

// medianTitle states how the medians of the last regime and the first
// compare, e.g. "Platform detects shortages 31 days earlier than silo
// (median)". phrases are [when the last regime is better, when worse];
// lowerBetter says which way is better.
func (l *Loaded) medianTitle(metric, verb string, phrases [2]string, lowerBetter bool, what string) string {
	if len(l.Regimes) < 2 {
		return fmt.Sprintf("%s: %s", l.Regimes[0], what)
	}
	a, b := len(l.Regimes)-1, 0
	ma, mb := Quantile(l.Defined(a, metric), 0.5), Quantile(l.Defined(b, metric), 0.5)
	unit := unitOf(metric)
	switch {
	case math.IsNaN(ma) || math.IsNaN(mb):
		return fmt.Sprintf("%s: not defined under both %s and %s in this batch", strings.ToUpper(metric[:1])+metric[1:], l.Regimes[a], l.Regimes[b])
	case ma == mb:
		return fmt.Sprintf("%s and %s: same median (%s)", capital(l.Regimes[a]), l.Regimes[b], num(ma)+" "+unit)
	}
	phrase := phrases[0]
	if (ma < mb) != lowerBetter {
		phrase = phrases[1]
	}
	amount := fmtAmount(math.Abs(ma-mb), unit)
	return fmt.Sprintf("%s %s %s than %s (median)", capital(l.Regimes[a]), verb, fmt.Sprintf(phrase, amount), l.Regimes[b])
}

func (l *Loaded) cdfTitle() string {
	return "How soon plants knew: share of replications detected within x days"
}

// mediansTitle names each regime's median, without claiming a difference.
func (l *Loaded) mediansTitle(what, metric, unit string) string {
	var parts []string
	for g, regime := range l.Regimes {
		parts = append(parts, fmt.Sprintf("%s %s", regime, fmtAmount(Quantile(l.Defined(g, metric), 0.5), "")))
	}
	return fmt.Sprintf("%s, median %s: %s", what, unit, strings.Join(parts, ", "))
}

func (l *Loaded) cdfPlot(metric, xlabel string) (*plot.Plot, error) {
	p := plot.New()
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "share of replications, cumulative"
	p.Y.Min, p.Y.Max = 0, 1.2 // room for the legend above the curves
	for g, regime := range l.Regimes {
		steps := ECDF(l.Defined(g, metric))
		if len(steps) == 0 {
			continue
		}
		pts := plotter.XYs{{X: steps[0].X, Y: 0}}
		prev := 0.0
		for _, s := range steps {
			pts = append(pts, plotter.XY{X: s.X, Y: prev}, plotter.XY{X: s.X, Y: s.Share})
			prev = s.Share
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		line.Color, line.Width = RegimeColor(regime), vg.Points(2)
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("%s (n = %d)", regime, len(l.Defined(g, metric))), line)
	}
	return p, nil
}

// pairedSpec is the histogram of per-replication differences a − b with
// the mean and its 95% interval marked.
func (l *Loaded) pairedSpec(a, b int, metric, unit string) spec {
	d := NewDifference(l.Regimes[a], l.Regimes[b], l.Paired(a, b, metric))
	title := fmt.Sprintf("%s vs %s: no replications to compare", capital(d.A), d.B)
	switch {
	case len(d.Values) == 0:
	case d.Lo <= 0 && d.Hi >= 0 || math.IsNaN(d.Lo):
		title = fmt.Sprintf("No clear difference in %s, %s − %s (95%% CI %s to %s)", strings.ReplaceAll(metric, "_", " "),
			d.A, d.B, fmtAmount(d.Lo, ""), fmtAmount(d.Hi, ""))
	default:
		more := "fewer"
		if d.Mean > 0 {
			more = "more"
		}
		title = fmt.Sprintf("%s loses %s %s %s than %s (95%% CI %s to %s)", capital(d.A),
			fmtAmount(math.Abs(d.Mean), ""), more, unit, d.B, fmtAmount(d.Lo, ""), fmtAmount(d.Hi, ""))
	}
	caption := fmt.Sprintf("Each replication runs %s and %s on the same shocks and demand; the bars count the replications by the difference in lost output (%s − %s). The dark line is the mean difference, the shaded band its 95%% confidence interval; 0 means no difference.", d.A, d.B, d.A, d.B)
	return spec{fmt.Sprintf("%s-paired-%s-%s", strings.ReplaceAll(metric, "_", "-"), d.A, d.B), title, caption, func() (*plot.Plot, error) {
		p := plot.New()
		p.X.Label.Text = fmt.Sprintf("%s − %s, %s per replication", d.A, d.B, unit)
		p.Y.Label.Text = "replications"
		if len(d.Values) == 0 {
			return p, nil
		}
		h, err := plotter.NewHist(plotter.Values(d.Values), bins(len(d.Values)))
		if err != nil {
			return nil, err
		}
		h.FillColor = RegimeColor(d.A)
		top := 0.0
		for _, bin := range h.Bins {
			top = math.Max(top, bin.Weight)
		}
		if !math.IsNaN(d.Lo) { // the interval as a bar with caps above the histogram
			y := 1.1 * top
			ci, err := plotter.NewLine(plotter.XYs{{X: d.Lo, Y: y * 0.97}, {X: d.Lo, Y: y * 1.03}, {X: d.Lo, Y: y},
				{X: d.Hi, Y: y}, {X: d.Hi, Y: y * 1.03}, {X: d.Hi, Y: y * 0.97}})
			if err != nil {
				return nil, err
			}
			ci.Width = vg.Points(2.5)
			p.Add(ci)
			p.Legend.Add(fmt.Sprintf("95%% CI of the mean: %s to %s", fmtAmount(d.Lo, ""), fmtAmount(d.Hi, "")), ci)
		}
		p.Y.Min, p.Y.Max = 0, 1.45*top
		mean, err := plotter.NewLine(plotter.XYs{{X: d.Mean, Y: 0}, {X: d.Mean, Y: top}})
		if err != nil {
			return nil, err
		}
		mean.Width, mean.Color = vg.Points(2), color.Black
		mean.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(h, mean)
		p.Legend.Add(fmt.Sprintf("mean %s", fmtAmount(d.Mean, unit)), mean)
		return p, nil
	}}
}

// bins is a histogram's bin count: Sturges' rule, at least 5, at most 60.
func bins(n int) int { return max(5, min(60, int(math.Ceil(math.Log2(float64(n))))+1)) }

// fanSpec is a plant's fan chart: per regime the median daily output and
// its 5–95% band, the median plan dashed, and shocks' typical windows shaded.
func (l *Loaded) fanSpec(plant string, fans []Fan) spec {
	title := fmt.Sprintf("%s: vehicles started per day, median and 5–95%% band", plant)
	caption := "Lines are the median over replications of the vehicles the plant started each day; the band around each holds 90% of replications. The dashed line is the plan (market demand within capacity). Grey spans mark where shocks typically struck (median onset to median end, over the replications they struck)."
	return spec{"fan-" + plant, title, caption, func() (*plot.Plot, error) {
		p := plot.New()
		p.X.Label.Text = "day of the simulated year"
		p.Y.Label.Text = "vehicles per day"
		top := 0.0
		for _, f := range fans {
			for _, x := range f.P95 {
				top = math.Max(top, x)
			}
		}
		for _, w := range l.Windows {
			win, err := plotter.NewPolygon(plotter.XYs{{X: w.Onset, Y: 0}, {X: w.End, Y: 0}, {X: w.End, Y: top}, {X: w.Onset, Y: top}})
			if err != nil {
				return nil, err
			}
			win.Color, win.LineStyle.Width = shade, 0
			p.Add(win)
		}
		for i, f := range fans {
			g, _ := models.ParseRegime(f.Regime)
			c := RegimeColor(g)
			band := plotter.XYs{}
			for k := range f.Day {
				band = append(band, plotter.XY{X: f.Day[k], Y: f.P95[k]})
			}
			for k := len(f.Day) - 1; k >= 0; k-- {
				band = append(band, plotter.XY{X: f.Day[k], Y: f.P5[k]})
			}
			poly, err := plotter.NewPolygon(band)
			if err != nil {
				return nil, err
			}
			poly.Color, poly.LineStyle.Width = color.NRGBA{c.R, c.G, c.B, 0x40}, 0
			median, err := plotter.NewLine(xy(f.Day, f.P50))
			if err != nil {
				return nil, err
			}
			median.Color, median.Width = c, vg.Points(1.5)
			p.Add(poly, median)
			p.Legend.Add(f.Regime+" (median, 5–95%)", median)
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
	}}
}

func xy(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return pts
}

func unitOf(metric string) string {
	switch {
	case strings.HasSuffix(metric, "_days"):
		return "days"
	case strings.HasSuffix(metric, "_eur"):
		return "EUR"
	}
	return ""
}

func capital(g models.Regime) string {
	s := g.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// fmtAmount writes a number for a title: whole numbers from 100 up, else
// three significant digits, then the unit.
func fmtAmount(x float64, unit string) string {
	s := fmt.Sprintf("%.3g", x)
	if math.Abs(x) >= 100 {
		s = fmt.Sprintf("%.0f", x)
	}
	if unit != "" {
		s += " " + unit
	}
	return s
}
