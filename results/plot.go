package results

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/supplysim/supplysim/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is one chart of a results folder: its file name (without
// extension), its title, which states the finding in words and quotes only
// summary.json (Quotes), a caption for the report, and its SVG.
type Figure struct {
	Name, Title, Caption string
	Quotes               []Quote
	SVG                  []byte
}

// RegimeColor is a regime's colour in every chart, from the Okabe–Ito
// palette, which stays distinct under the common colour-vision
// deficiencies: the three kinds have their own; a variant takes the next
// of the four others by its place among regimes' variants (so two variants
// of a batch never share a colour).
func RegimeColor(g models.Regime, regimes []models.Regime) color.RGBA {
	switch g {
	case models.Silo:
		return color.RGBA{0xE6, 0x9F, 0x00, 0xFF} // orange
	case models.Bilateral:
		return color.RGBA{0x56, 0xB4, 0xE9, 0xFF} // sky blue
	case models.Platform:
		return color.RGBA{0x00, 0x9E, 0x73, 0xFF} // bluish green
	}
	k := 0
	for _, r := range regimes {
		if r == g {
			break
		}
		if _, err := models.ParseRegime(string(r)); err != nil {
			k++
		}
	}
	return variantColors[k%len(variantColors)]
}

// variantColors are taken in order: reddish purple first, far from silo's
// orange and the platform's green that the first variant (often one of
// the platform's) is drawn beside.
var variantColors = []color.RGBA{
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
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
	for _, f := range l.figures() {
		p, err := f.draw()
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", f.name, err)
		}
		style(p, f.title.Text)
		plots, h := []*plot.Plot{p}, figH
		if f.below != nil {
			q, err := f.below()
			if err != nil {
				return nil, fmt.Errorf("plot %s: %w", f.name, err)
			}
			style(q, "")
			q.Y.Label.TextStyle.Font.Size = vg.Points(10)
			plots, h = append(plots, q), figH*belowShare
		}
		svg, err := save(plots, h, filepath.Join(dir, f.name))
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: f.name, Title: f.title.Text, Caption: f.caption, Quotes: f.title.Quotes, SVG: svg})
	}
	return figs, nil
}

// save writes plots, figW wide and h high, to base.svg and base.png and
// returns the SVG. A second plot is a panel under the first, a third of the
// height, with its data area aligned to the first's on the x axis.
func save(plots []*plot.Plot, h vg.Length, base string) ([]byte, error) {
	var svg []byte
	for _, format := range []string{"svg", "png"} {
		c, err := draw.NewFormattedCanvas(figW, h, format)
		if err != nil {
			return nil, err
		}
		dc := draw.New(c)
		if len(plots) == 1 {
			plots[0].Draw(dc)
		} else {
			stack(plots[0], plots[1], dc)
		}
		var b bytes.Buffer
		if _, err := c.WriteTo(&b); err != nil {
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

// belowShare is the height of a figure with a panel, in figure heights.
const belowShare = 1.4

// stack draws top over the upper part of dc and bottom under it, both data
// areas spanning the same x range of the canvas, so that a day on one is
// the same day on the other.
func stack(top, bottom *plot.Plot, dc draw.Canvas) {
	bottom.X.Min, bottom.X.Max = top.X.Min, top.X.Max
	split := dc.Min.Y + (dc.Max.Y-dc.Min.Y)*(belowShare-1)/belowShare
	upper := draw.Crop(dc, 0, 0, split-dc.Min.Y, 0)
	lower := draw.Crop(dc, 0, 0, 0, split-dc.Max.Y)
	du, dl := top.DataCanvas(upper), bottom.DataCanvas(lower)
	left := max(du.Min.X-upper.Min.X, dl.Min.X-lower.Min.X)
	right := max(upper.Max.X-du.Max.X, lower.Max.X-dl.Max.X)
	top.Draw(draw.Crop(upper, left-(du.Min.X-upper.Min.X), -(right - (upper.Max.X - du.Max.X)), 0, 0))
	bottom.Draw(draw.Crop(lower, left-(dl.Min.X-lower.Min.X), -(right - (lower.Max.X - dl.Max.X)), 0, 0))
}

// style sets the title and readable font sizes at report size.
func style(p *plot.Plot, title string) {
	p.Title.Text = wrap(title, titleWidth)
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(11)
		a.Tick.Label.Font.Size = vg.Points(10)
	}
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Legend.Top = true
}

// titleWidth is the most characters a title line holds at report size.
const titleWidth = 78

// wrap breaks s into lines of at most width characters, between words.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		l := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case n+1+l > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	return b.String()
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

// fmtAmount writes a number for a title: whole numbers from 100 up (with
// thousands separators from 10,000), else three significant digits, then
// the unit; "—" for an undefined number.
func fmtAmount(x float64, unit string) string {
	s := fmt.Sprintf("%.3g", x)
	switch {
	case math.IsNaN(x):
		return "—"
	case math.Abs(x) >= 1e15: // beyond what a thousands separator helps
		s = fmt.Sprintf("%.3g", x)
	case math.Abs(x) >= 10000:
		s = thousands(fmt.Sprintf("%.0f", x))
	case math.Abs(x) >= 100:
		s = fmt.Sprintf("%.0f", x)
	}
	if unit != "" {
		s += " " + unit
	}
	return s
}

// thousands puts a comma between each group of three digits of a whole
// number written in digits ("-12336213" → "-12,336,213").
func thousands(digits string) string {
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// newPlot returns a plot whose axes label their ticks readably.
func newPlot() *plot.Plot {
	p := plot.New()
	p.X.Tick.Marker, p.Y.Tick.Marker = readableTicks{}, readableTicks{}
	return p
}

// readableTicks are gonum's default ticks, labelled with as few decimals as
// tell them apart ("0", "25,000", "50,000", not "0.00", "25000.00") and,
// on an axis that reaches 10,000, with thousands separators.
type readableTicks struct{}

func (readableTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	decimals, big := 0, false
	for _, t := range ticks {
		big = big || t.Label != "" && math.Abs(t.Value) >= 10000
	}
	for ; decimals < 6; decimals++ {
		exact := true
		for _, t := range ticks {
			if t.Label != "" {
				x, step := t.Value, math.Pow(10, -float64(decimals))
				exact = exact && math.Abs(float64(math.Round(x/step)*step)-x) <= float64(1e-9*max(1, math.Abs(x)))
			}
		}
		if exact {
			break
		}
	}
	for i := range ticks {
		if ticks[i].Label == "" {
			continue
		}
		s := fmt.Sprintf("%.*f", decimals, ticks[i].Value)
		if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s, "-0.") == "" {
			s = s[1:]
		}
		if decimals == 0 && big {
			s = thousands(s)
		}
		ticks[i].Label = s
	}
	return ticks
}
