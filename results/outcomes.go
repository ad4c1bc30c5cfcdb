package results

import (
	"image/color"

	"github.com/supplysim/supplysim/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// OutcomeLabel is how the report and its charts name an outcome.
func OutcomeLabel(o models.Outcome) string {
	switch o {
	case models.DetectedBeforeStarved:
		return "detected before the line stopped"
	case models.DetectedAfterStarved:
		return "detected after it stopped"
	case models.StarvedUndetected:
		return "stopped, never detected"
	case models.DetectedNotStarved:
		return "detected, never stopped"
	case models.UndetectedNotStarved:
		return "never detected, never stopped"
	}
	return o.String()
}

// OutcomeBar is one bar of the outcomes chart: the share of shortage
// events with an outcome under a regime, and its Wilson interval.
type OutcomeBar struct {
	Outcome models.Outcome
	Regime  string
	Share   Share
}

// OutcomeBars are the bars of the outcomes chart, by outcome then regime,
// from summary.json's counts over the shortage events.
func OutcomeBars(sf *SummaryFile, regimes []string) []OutcomeBar {
	var out []OutcomeBar
	for _, o := range models.Outcomes {
		for _, g := range regimes {
			out = append(out, OutcomeBar{o, g, NewShare(sf.Events.Regimes[g].ShortageOutcomes[o.String()], sf.Events.Shortages)})
		}
	}
	return out
}

// outcomesSpec is a grouped bar chart: per outcome, the share of shortage
// events (a line starved under some regime) each regime met with it.
func (l *Loaded) outcomesSpec() spec {
	names := regimeNames(l.Regimes)
	caption := "A shortage event is a shock that starved a plant's line under at least one regime; every regime meets the same ones. The bars show, per regime, what became of them: the first and fourth groups are shortages caught in time (the plant knew before its line stopped, or knew and it never stopped). Whiskers are 95% Wilson intervals."
	return spec{name: "detect-outcomes", title: OutcomesTitle(l.Summary, names), caption: caption, draw: func() (*plot.Plot, error) {
		p := newPlot()
		p.Y.Label.Text = "share of shortage events, %"
		p.Y.Min, p.Y.Max = 0, 100
		p.Legend.Top, p.Legend.Left = true, false // over the right-hand groups, rare outcomes whose bars are short
		width := 0.8 / float64(len(names))
		var ticks []plot.Tick
		for k, o := range models.Outcomes {
			ticks = append(ticks, plot.Tick{Value: float64(k), Label: wrapLabel(OutcomeLabel(o))})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = -0.5, float64(len(models.Outcomes))-0.5
		for i, b := range OutcomeBars(l.Summary, names) {
			k, g := i/len(names), i%len(names)
			x := float64(k) + float64((float64(g)-float64(float64(len(names)-1)/2))*width)
			if err := bar(p, x, width*0.9, b, RegimeColor(l.Regimes[g], l.Regimes), k == 0); err != nil {
				return nil, err
			}
		}
		return p, nil
	}}
}

// bar draws one bar centred at x with its interval; legend adds the regime.
func bar(p *plot.Plot, x, w float64, b OutcomeBar, c color.Color, legend bool) error {
	y := 100 * float64(b.Share.Share)
	if b.Share.N == 0 {
		y = 0
	}
	rect, err := box(x, w, 0, y, c)
	if err != nil {
		return err
	}
	p.Add(rect)
	if legend {
		p.Legend.Add(b.Regime, rect)
	}
	quarter := float64(w / 4)
	if b.Share.N == 0 {
		return nil
	}
	lo, hi := 100*float64(b.Share.CI95[0]), 100*float64(b.Share.CI95[1])
	whisker, err := plotter.NewLine(plotter.XYs{{X: x - quarter, Y: lo}, {X: x + quarter, Y: lo}, {X: x, Y: lo}, {X: x, Y: hi}, {X: x - quarter, Y: hi}, {X: x + quarter, Y: hi}})
	if err != nil {
		return err
	}
	whisker.Width, whisker.Color = vg.Points(1.2), color.Black
	p.Add(whisker)
	return nil
}

// wrapLabel breaks a tick label after its first two words.
func wrapLabel(s string) string {
	n := 0
	for i, c := range s {
		if c == ' ' {
			if n++; n == 2 {
				return s[:i] + "\n" + s[i+1:]
			}
		}
	}
	return s
}
