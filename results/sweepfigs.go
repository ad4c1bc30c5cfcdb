package results

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/designs"
	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A sweep's figures, computed here from its summary.json (and
// sensitivity.json) and drawn by WriteSweepPlots:
//   - one factor: lost output per regime against the factor, with the 95%
//     interval of each point's mean as a band;
//   - the frontier, when the one factor is policy.cover_scale: lost output
//     against holding cost, a curve per regime;
//   - two factors of a grid: a heat map of the paired effect on lost
//     output (last regime − first) over both, with its zero contour;
//   - more factors, or sampled ones: the paired effect against each factor,
//     a dot per point;
//   - a Sobol design: first-order and total indices of the paired effect
//     with their intervals, largest total first (a tornado).

// factorX reads a factor's value as a number on an axis: a number as it
// is, a duration in days; false for a word or a switch.
func factorX(v string) (float64, bool) {
	if x, err := strconv.ParseFloat(v, 64); err == nil {
		return x, true
	}
	if d, err := sim.ParseDuration(v); err == nil {
		return d.Days(), true
	}
	return 0, false
}

// SweepCurve is one regime's curve of a metric against a factor's levels
// (or, for the frontier, against another metric), in the factor's order.
type SweepCurve struct {
	Regime string
	X      []float64
	Mean   []float64
	Lo, Hi []float64 // the 95% interval of the mean
}

// Curves returns, for each regime, metric y's mean and interval at each
// point, against x: the numeric value of factor f, or (with f < 0) the
// mean of metric xMetric under the same regime. Points are in order of x.
func (s *SweepSummary) Curves(regimes []string, f int, y, xMetric string) []SweepCurve {
	var out []SweepCurve
	for _, g := range regimes {
		c := SweepCurve{Regime: g}
		type pt struct{ x, m, lo, hi float64 }
		var pts []pt
		for _, p := range s.Points {
			st := p.Metrics[y][g]
			x := float64(p.Metrics[xMetric][g].Mean)
			if f >= 0 {
				x, _ = factorX(p.Values[f].Value)
			}
			if math.IsNaN(x) || math.IsNaN(float64(st.Mean)) {
				continue // undefined at this point (a metric no replication defined)
			}
			pts = append(pts, pt{x, float64(st.Mean), float64(st.CI95[0]), float64(st.CI95[1])})
		}
		slices.SortStableFunc(pts, func(a, b pt) int { return cmp.Compare(a.x, b.x) })
		for _, q := range pts {
			c.X, c.Mean, c.Lo, c.Hi = append(c.X, q.x), append(c.Mean, q.m), append(c.Lo, q.lo), append(c.Hi, q.hi)
		}
		out = append(out, c)
	}
	return out
}

// EffectGrid is a grid design's paired effect over two factors: Z[r][c]
// the mean paired difference of a metric at the point with factor a's
// level c and factor b's level r.
type EffectGrid struct {
	A, B   []string // the levels, in the design's order
	Z      [][]float64
	Metric string
	Pair   string
}

// Grid returns the effect grid of metric's paired difference pair over
// factors a and b (the only two) of a grid design.
func (s *SweepSummary) Grid(a, b int, metric, pair string) EffectGrid {
	g := EffectGrid{Metric: metric, Pair: pair}
	if a == b { // one factor: one row
		for _, p := range s.Points {
			if !slices.Contains(g.A, p.Values[a].Value) {
				g.A = append(g.A, p.Values[a].Value)
			}
		}
		g.B, g.Z = []string{""}, [][]float64{make([]float64, len(g.A))}
		for _, p := range s.Points {
			g.Z[0][slices.Index(g.A, p.Values[a].Value)] = float64(p.Paired[metric][pair].Mean)
		}
		return g
	}
	for _, p := range s.Points {
		if !slices.Contains(g.A, p.Values[a].Value) {
			g.A = append(g.A, p.Values[a].Value)
		}
		if !slices.Contains(g.B, p.Values[b].Value) {
			g.B = append(g.B, p.Values[b].Value)
		}
	}
	g.Z = make([][]float64, len(g.B))
	for r := range g.Z {
		g.Z[r] = make([]float64, len(g.A))
		for c := range g.Z[r] {
			g.Z[r][c] = math.NaN()
		}
	}
	for _, p := range s.Points {
		c, r := slices.Index(g.A, p.Values[a].Value), slices.Index(g.B, p.Values[b].Value)
		g.Z[r][c] = float64(p.Paired[metric][pair].Mean)
	}
	return g
}

// gridXYZ shows an EffectGrid to gonum: columns are factor a's levels.
type gridXYZ struct{ g EffectGrid }

func (x gridXYZ) Dims() (c, r int)   { return len(x.g.A), len(x.g.B) }
func (x gridXYZ) Z(c, r int) float64 { return x.g.Z[r][c] }
func (x gridXYZ) X(c int) float64    { return float64(c) }
func (x gridXYZ) Y(r int) float64    { return float64(r) }

// WriteSweepPlots draws a sweep's figures into dir/plots (SVG and PNG) and
// returns them in report order.
func WriteSweepPlots(dir string, s *SweepSummary, sens *Sensitivity, regimes []models.Regime) ([]Figure, error) {
	if err := os.MkdirAll(filepath.Join(dir, "plots"), 0o755); err != nil {
		return nil, err
	}
	names := regimeNames(regimes)
	a, b, pair := names[len(names)-1], names[0], ""
	if len(names) > 1 {
		pair = a + "-" + b
	}
	var specs []spec
	numeric := func(f int) bool {
		for _, p := range s.Points {
			if _, ok := factorX(p.Values[f].Value); !ok {
				return false
			}
		}
		return true
	}
	switch {
	case len(s.Factors) == 1 && numeric(0):
		specs = append(specs, s.curveSpec(regimes, 0, "lost_output", "vehicles not built, mean per replication"))
		if s.Factors[0] == "policy.cover_scale" {
			specs = append(specs, s.frontierSpec(regimes))
		}
	case len(s.Factors) == 1 && pair != "" || len(s.Factors) == 2 && s.Kind == "grid" && pair != "": // a word or switch: its levels as cells
		specs = append(specs, s.gridSpec(a, b))
	case pair != "":
		for f := range s.Factors {
			if numeric(f) {
				specs = append(specs, s.scatterSpec(regimes, f, a, b))
			}
		}
	}
	if sens != nil {
		for _, out := range []string{"lost_output/" + pair, "lost_output/" + names[0]} {
			if k := slices.IndexFunc(sens.Outputs, func(o SensitivityOutput) bool { return o.Output == out }); k >= 0 && finite(sens.Outputs[k].Indices) {
				specs = append(specs, tornadoSpec(sens, sens.Outputs[k]))
			}
		}
	}
	var figs []Figure
	for _, f := range specs {
		p, err := f.draw()
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", f.name, err)
		}
		style(p, f.title.Text)
		svg, err := save([]*plot.Plot{p}, figH, filepath.Join(dir, "plots", f.name))
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: f.name, Title: f.title.Text, Caption: f.caption, SVG: svg})
	}
	return figs, nil
}

func (s *SweepSummary) curveSpec(regimes []models.Regime, f int, metric, ylabel string) spec {
	factor := s.Factors[f]
	caption := fmt.Sprintf("Each point of the design runs every regime on the same shocks and demand (and every point the same as every other): the lines are each regime's mean %s per replication at each value of %s, the bands the 95%% interval of each mean.", strings.ReplaceAll(metric, "_", " "), factor)
	return spec{name: "sweep-" + strings.ReplaceAll(metric, "_", "-"), title: Headline{Text: fmt.Sprintf("Lost output per replication against %s, by regime", factor)}, caption: caption,
		draw: func() (*plot.Plot, error) {
			p := newPlot()
			p.X.Label.Text, p.Y.Label.Text = factor, ylabel
			return p, addCurves(p, s.Curves(regimeNames(regimes), f, metric, ""), regimes)
		}}
}

func (s *SweepSummary) frontierSpec(regimes []models.Regime) spec {
	caption := "Every order-up-to target scaled from the design's lowest to its highest cover scale: each regime's mean lost output against its mean holding cost per replication, a point per scale. A curve below another loses fewer vehicles for the same inventory cost; the horizontal gap between two curves at the same lost output is the inventory a regime saves."
	if s.Equalize == "" || s.Equalize == "none" {
		caption += " The regimes are not held equal here: the scale is the inventory axis."
	} else {
		caption += fmt.Sprintf(" At every scale the regimes were also held equal on %s, which moves their curves towards each other along that axis.", s.Equalize)
	}
	return spec{name: "frontier", title: Headline{Text: "The frontier: lost output against holding cost, by regime"}, caption: caption,
		draw: func() (*plot.Plot, error) {
			p := newPlot()
			p.X.Label.Text, p.Y.Label.Text = "holding cost, million EUR per replication (mean)", "vehicles not built, mean per replication"
			curves := s.Curves(regimeNames(regimes), -1, "lost_output", "holding_cost_eur")
			for i := range curves {
				for k := range curves[i].X {
					curves[i].X[k] /= 1e6
				}
			}
			return p, addCurves(p, curves, regimes)
		}}
}

// addCurves draws curves with their bands and a dot per point.
func addCurves(p *plot.Plot, curves []SweepCurve, regimes []models.Regime) error {
	for _, c := range curves {
		col := RegimeColor(models.Regime(c.Regime), regimes)
		var band plotter.XYs
		for i := range c.X {
			if !math.IsNaN(c.Lo[i]) {
				band = append(band, plotter.XY{X: c.X[i], Y: c.Lo[i]})
			}
		}
		for i := len(c.X) - 1; i >= 0; i-- {
			if !math.IsNaN(c.Hi[i]) {
				band = append(band, plotter.XY{X: c.X[i], Y: c.Hi[i]})
			}
		}
		if len(band) > 2 {
			poly, err := plotter.NewPolygon(band)
			if err != nil {
				return err
			}
			poly.Color, poly.LineStyle.Width = color.NRGBA{col.R, col.G, col.B, 0x40}, 0
			p.Add(poly)
		}
		line, dots, err := plotter.NewLinePoints(xy(c.X, c.Mean))
		if err != nil {
			return err
		}
		line.Color, line.Width = col, vg.Points(2)
		dots.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		p.Add(line, dots)
		p.Legend.Add(c.Regime+" (band: 95% CI)", line, dots)
	}
	return nil
}

func (s *SweepSummary) gridSpec(a, b string) spec {
	g := s.Grid(0, min(1, len(s.Factors)-1), "lost_output", a+"-"+b)
	ylabel := ""
	if len(s.Factors) > 1 {
		ylabel = s.Factors[1]
	}
	caption := fmt.Sprintf("Each cell is a point of the grid: the mean paired difference in lost output per replication, %s − %s, on the same shocks and demand. Below 0 (blue) %s loses fewer vehicles, above 0 (red) more; where the effect changes sign, a black line marks 0. The number in a cell is its mean.", a, b, a)
	title := fmt.Sprintf("The effect on lost output, %s − %s, over %s", a, b, strings.Join(s.Factors, " and "))
	return spec{name: "effect-grid", title: Headline{Text: title}, caption: caption,
		draw: func() (*plot.Plot, error) {
			p := newPlot()
			p.X.Label.Text, p.Y.Label.Text = s.Factors[0], ylabel
			lim, neg, pos := 1.0, false, false
			for _, row := range g.Z {
				for _, z := range row {
					if !math.IsNaN(z) {
						lim = math.Max(lim, math.Abs(z))
						neg, pos = neg || z < 0, pos || z > 0
					}
				}
			}
			hm := plotter.NewHeatMap(gridXYZ{g}, diverging{})
			hm.Min, hm.Max, hm.NaN = -lim, lim, color.Gray{0xDD}
			p.Add(hm)
			if len(g.A) > 1 && len(g.B) > 1 && neg && pos { // where the effect changes sign
				ct := plotter.NewContour(gridXYZ{g}, []float64{0}, blackPalette{})
				ct.LineStyles = []draw.LineStyle{{Color: color.Black, Width: vg.Points(2)}}
				p.Add(ct)
			}
			var labels plotter.XYLabels
			for r, row := range g.Z {
				for c, z := range row {
					labels.XYs = append(labels.XYs, plotter.XY{X: float64(c), Y: float64(r)})
					labels.Labels = append(labels.Labels, fmtAmount(z, ""))
				}
			}
			l, err := plotter.NewLabels(labels)
			if err != nil {
				return nil, err
			}
			for i := range l.TextStyle {
				l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
			}
			p.Add(l)
			p.X.Tick.Marker, p.Y.Tick.Marker = levelTicks(g.A), levelTicks(g.B)
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(len(g.A))-0.5, -0.5, float64(len(g.B))-0.5
			return p, nil
		}}
}

func levelTicks(levels []string) plot.ConstantTicks {
	var t []plot.Tick
	for i, l := range levels {
		t = append(t, plot.Tick{Value: float64(i), Label: l})
	}
	return t
}

// diverging is a blue–white–red palette for effects around 0 (blue: fewer
// vehicles lost).
type diverging struct{}

func (diverging) Colors() []color.Color {
	var out []color.Color
	for i := range 21 {
		t := float64(i)/10 - 1 // −1 … 1
		switch {
		case t < 0:
			out = append(out, color.RGBA{uint8(255 + float64(t*200)), uint8(255 + float64(t*130)), 255, 255})
		default:
			out = append(out, color.RGBA{255, uint8(255 - float64(t*180)), uint8(255 - float64(t*200)), 255})
		}
	}
	return out
}

type blackPalette struct{}

func (blackPalette) Colors() []color.Color { return []color.Color{color.Black} }

func (s *SweepSummary) scatterSpec(regimes []models.Regime, f int, a, b string) spec {
	factor, pair := s.Factors[f], a+"-"+b
	caption := fmt.Sprintf("Each dot is a point of the design: the mean paired difference in lost output per replication, %s, against the value of %s at that point (the other factors vary too). Below the grey line at 0 %s loses fewer vehicles than %s.", pair, factor, a, b)
	return spec{name: "effect-" + strings.NewReplacer(".", "-", "→", "-").Replace(factor), title: Headline{Text: fmt.Sprintf("The effect on lost output (%s) against %s", pair, factor)}, caption: caption,
		draw: func() (*plot.Plot, error) {
			p := newPlot()
			p.X.Label.Text, p.Y.Label.Text = factor, "paired difference, vehicles per replication"
			var pts plotter.XYs
			for _, pt := range s.Points {
				x, _ := factorX(pt.Values[f].Value)
				if y := float64(pt.Paired["lost_output"][pair].Mean); !math.IsNaN(y) {
					pts = append(pts, plotter.XY{X: x, Y: y})
				}
			}
			if len(pts) == 0 {
				return p, nil
			}
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: RegimeColor(models.Regime(a), regimes), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			lo, hi := pts[0].X, pts[0].X
			for _, q := range pts {
				lo, hi = math.Min(lo, q.X), math.Max(hi, q.X)
			}
			zero, err := plotter.NewLine(plotter.XYs{{X: lo, Y: 0}, {X: hi, Y: 0}})
			if err != nil {
				return nil, err
			}
			zero.Color = grey
			p.Add(zero, sc)
			return p, nil
		}}
}

// finite says whether every index has a value to draw.
func finite(idx []designs.Indices) bool {
	for _, ix := range idx {
		if math.IsNaN(ix.S1.Value) || math.IsNaN(ix.ST.Value) || math.IsInf(ix.S1.Value, 0) || math.IsInf(ix.ST.Value, 0) {
			return false
		}
	}
	return len(idx) > 0
}

// tornadoSpec is a Sobol design's indices of one output, a bar pair per
// factor (first-order full colour, total pale) with their intervals,
// largest total at the top.
func tornadoSpec(sens *Sensitivity, out SensitivityOutput) spec {
	order := make([]int, len(sens.Factors))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(out.Indices[a].ST.Value, out.Indices[b].ST.Value) })
	top := order[len(order)-1]
	title := fmt.Sprintf("What drives %s: %s most (total Sobol index %s)", out.Output, sens.Factors[top], fmtAmount(out.Indices[top].ST.Value, ""))
	caption := fmt.Sprintf("Sobol indices of %s over the design's factors (Saltelli's scheme, %d base samples): the dark bar is the share of its variance a factor causes alone (first order), the pale bar the share it has a part in, with the others included (total); the lines are bootstrap 95%% intervals (%d resamples). A total near 0 means the factor can be fixed anywhere in its range. %s", out.Output, sens.BaseN, sens.Resamples, out.Note)
	return spec{name: "sobol-" + strings.NewReplacer("/", "-", "_", "-").Replace(out.Output), title: Headline{Text: title}, caption: caption,
		draw: func() (*plot.Plot, error) {
			p := newPlot()
			p.X.Label.Text = "Sobol index (share of variance)"
			var ticks []plot.Tick
			for row, f := range order {
				ticks = append(ticks, plot.Tick{Value: float64(row), Label: sens.Factors[f]})
				for k, ix := range []struct {
					v      float64
					lo, hi float64
					c      color.NRGBA
					off    float64
				}{{out.Indices[f].ST.Value, out.Indices[f].ST.CI95[0], out.Indices[f].ST.CI95[1], color.NRGBA{0x00, 0x9E, 0x73, 0x66}, 0.18},
					{out.Indices[f].S1.Value, out.Indices[f].S1.CI95[0], out.Indices[f].S1.CI95[1], color.NRGBA{0x00, 0x9E, 0x73, 0xFF}, -0.18}} {
					y := float64(row) + ix.off
					rect, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: y - 0.16}, {X: ix.v, Y: y - 0.16}, {X: ix.v, Y: y + 0.16}, {X: 0, Y: y + 0.16}})
					if err != nil {
						return nil, err
					}
					rect.Color, rect.LineStyle.Width = ix.c, 0
					p.Add(rect)
					if !math.IsNaN(ix.lo) {
						ci, err := plotter.NewLine(plotter.XYs{{X: ix.lo, Y: y}, {X: ix.hi, Y: y}})
						if err != nil {
							return nil, err
						}
						ci.Width = vg.Points(1.5)
						p.Add(ci)
					}
					if row == len(order)-1 {
						p.Legend.Add([]string{"total (ST)", "first order (S1)"}[k], rect)
					}
				}
			}
			p.Y.Tick.Marker = plot.ConstantTicks(ticks)
			p.Y.Min, p.Y.Max = -0.6, float64(len(order))+0.4
			p.X.Min, p.X.Max = math.Max(p.X.Min, -0.5), math.Min(math.Max(p.X.Max, 1), 1.5) // indices are shares: beyond is noise
			return p, nil
		}}
}

// WriteSweepReport writes dir/report.html for a sweep: what was run, the
// figures, and a table of every point's values and each regime's mean
// lost output with the paired effects; it returns the page's path.
func WriteSweepReport(dir string, s *SweepSummary, figs []Figure, regimes []models.Regime, description string) (string, error) {
	names := regimeNames(regimes)
	data := sweepReport{Summary: s, Description: description, Figures: figs, Regimes: names}
	if len(names) > 1 {
		data.Pairs = pairNames(names)
	}
	for _, p := range s.Points {
		row := []string{fmt.Sprint(p.Point)}
		for _, v := range p.Values {
			row = append(row, v.Value)
		}
		for _, g := range names {
			row = append(row, statCell(p.Metrics["lost_output"][g], fmtAmountOnly))
		}
		for _, pr := range data.Pairs {
			d := p.Paired["lost_output"][pr]
			row = append(row, statCell(Stat{N: d.N, Mean: d.Mean, CI95: d.CI95, P50: d.P50}, fmtAmountOnly))
		}
		data.Rows = append(data.Rows, row)
	}
	var b bytes.Buffer
	if err := sweepTemplate.Execute(&b, data); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "report.html")
	return path, WriteFileAtomic(path, b.Bytes())
}

type sweepReport struct {
	Summary     *SweepSummary
	Description string
	Regimes     []string
	Pairs       []string
	Rows        [][]string
	Figures     []Figure
}

var sweepTemplate = template.Must(template.New("sweep").Funcs(template.FuncMap{"svg": func(b []byte) template.HTML { return template.HTML(b) }}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>supplysim sweep: {{.Summary.Design}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
td, th { border: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
figure { margin: 1.5rem 0; } figure svg { width: 100%; height: auto; } figcaption { color: #444; font-size: 0.9rem; }
</style></head><body>
<h1>supplysim sweep: {{.Summary.Design}}</h1>
<p>{{.Description}}. A <b>{{.Summary.Kind}}</b> design of {{len .Summary.Points}} points over {{range $i, $f := .Summary.Factors}}{{if $i}}, {{end}}<code>{{$f}}</code>{{end}};
every point runs {{range $i, $r := .Regimes}}{{if $i}}, {{end}}{{$r}}{{end}} on the same shocks, demand and transit times, and
replication r of every point draws the same as replication r of every other where a factor does not change the draws, so
differences between regimes and between points are both paired.</p>

<h2>Figures</h2>
{{range .Figures}}<figure id="{{.Name}}">{{svg .SVG}}<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption></figure>
{{end}}

<h2>Points</h2>
<p>Lost output per replication: each regime's mean [95% CI]; median (n), and the paired differences between regimes.
Every point's own results folder, with its report's files, is in <code>points/</code>.</p>
<table id="points"><tr><th>point</th>{{range .Summary.Factors}}<th>{{.}}</th>{{end}}{{range .Regimes}}<th>{{.}}</th>{{end}}{{range .Pairs}}<th>paired {{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
</body></html>
`))
