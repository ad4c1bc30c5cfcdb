package results

import (
	"fmt"
	"image/color"

	"github.com/supplysim/supplysim/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// placementSpec is a bar chart of where each regime keeps its stock
// without shocks (summary.json's footing placement): per tier, a bar per
// regime stacked from inputs on hand (full colour) to finished goods and
// work in process to stock in transit to the tier (palest).
func (l *Loaded) placementSpec() (spec, bool) {
	f := l.Summary.Footing
	if f == nil || len(f.Regimes) == 0 || len(f.Regimes[0].Placement) == 0 {
		return spec{}, false
	}
	caption := "Stock at unit values in shock-free calibration replications, by tier (plants are tier 0, their direct suppliers tier 1, and so on): per regime, inputs on hand (full colour), finished goods and work in process (lighter) and in transit to the tier (palest). " + f.Describe() + " Equal totals can still sit in different places, and a shortage upstream reaches the stock behind it first."
	title := Headline{Text: "Where each regime keeps its stock without shocks, by tier"}
	return spec{name: "stock-placement", title: title, caption: caption, draw: func() (*plot.Plot, error) {
		p := newPlot()
		p.Y.Label.Text = "stock value, million EUR"
		tiers := len(f.Regimes[0].Placement)
		width := 0.8 / float64(len(f.Regimes))
		var ticks []plot.Tick
		for t := range tiers {
			ticks = append(ticks, plot.Tick{Value: float64(t), Label: fmt.Sprintf("tier %d", t)})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = -0.5, float64(tiers)-0.5
		top := 0.0
		for g, r := range f.Regimes {
			regime := models.Regime(r.Regime)
			c := RegimeColor(regime, l.Regimes)
			for t, ts := range r.Placement {
				x := float64(t) + float64((float64(g)-float64(float64(len(f.Regimes)-1)/2))*width)
				y := 0.0
				for k, v := range []float64{ts.Inputs, ts.Finished, ts.Transit} {
					alpha := [3]uint8{0xFF, 0x99, 0x44}[k]
					rect, err := box(x, float64(width*0.9), y, y+v/1e6, color.NRGBA{c.R, c.G, c.B, alpha})
					if err != nil {
						return nil, err
					}
					p.Add(rect)
					if t == 0 && k == 0 {
						p.Legend.Add(r.Regime, rect)
					}
					y += v / 1e6
				}
				top = max(top, y)
			}
		}
		p.Y.Min, p.Y.Max = 0, 1.2*top
		return p, nil
	}}, true
}

// box is a filled rectangle centred at x, w wide, from y0 to y1.
func box(x, w, y0, y1 float64, c color.Color) (*plotter.Polygon, error) {
	half := float64(w / 2)
	rect, err := plotter.NewPolygon(plotter.XYs{{X: x - half, Y: y0}, {X: x + half, Y: y0}, {X: x + half, Y: y1}, {X: x - half, Y: y1}})
	if err != nil {
		return nil, err
	}
	rect.Color, rect.LineStyle.Width = c, 0
	return rect, nil
}
