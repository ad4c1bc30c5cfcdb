package results

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strconv"

	"github.com/supplysim/supplysim/models"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// StressRow is one node of a stress test as written and drawn.
type StressRow struct {
	Node, Region string
	LostOutput   float64 // vehicles, mean over runs
	TTSDays      float64 // time to survive, mean over runs (censored runs count the rest of the horizon)
	Censored     int     // runs in which no plant fell short
}

// StressRows names the nodes of a stress ranking.
func StressRows(nw *models.Network, rows []models.StressResult) []StressRow {
	out := make([]StressRow, len(rows))
	for i, r := range rows {
		out[i] = StressRow{Node: nw.Nodes[r.Node].ID, Region: nw.Nodes[r.Node].Region, LostOutput: r.LostOutput, TTSDays: r.TTSDays, Censored: r.Censored}
	}
	return out
}

// stressShown is how many nodes the chart shows, worst first.
const stressShown = 15

// WriteStress writes dir/stress.csv (every node, ranked) and dir/plots/stress
// (.svg, .png): the nodes ranked by lost output, each labelled with its time
// to survive against the time to recover, so the weakest links stand out.
func WriteStress(dir string, rows []StressRow, ttrDays float64, runs int) error {
	if err := os.MkdirAll(filepath.Join(dir, "plots"), 0o755); err != nil {
		return err
	}
	var csv bytes.Buffer
	csv.WriteString("rank,node,region,lost_output,tts_days,censored_runs,ttr_days\n")
	for i, r := range rows {
		fmt.Fprintf(&csv, "%d,%s,%s,%s,%s,%d,%s\n", i+1, r.Node, r.Region, num(r.LostOutput), num(r.TTSDays), r.Censored,
			strconv.FormatFloat(ttrDays, 'g', -1, 64))
	}
	if err := WriteFileAtomic(filepath.Join(dir, "stress.csv"), csv.Bytes()); err != nil {
		return err
	}
	p, err := stressPlot(rows, ttrDays, runs)
	if err != nil {
		return err
	}
	_, err = save([]*plot.Plot{p}, 14*vg.Centimeter, filepath.Join(dir, "plots", "stress"))
	return err
}

// StressLabel is a node's label in the chart: its id and its time to
// survive against the time to recover ("≥" when it survived every run).
func StressLabel(r StressRow, ttrDays float64, runs int) string {
	tts := fmt.Sprintf("TTS %.0f d", r.TTSDays)
	if r.Censored == runs {
		tts = fmt.Sprintf("TTS ≥ %.0f d", r.TTSDays)
	}
	return fmt.Sprintf("%s (%s vs TTR %.0f d)", r.Node, tts, ttrDays)
}

// StressTitle states the finding: the weakest link and what its outage costs.
func StressTitle(rows []StressRow, ttrDays float64) string {
	if len(rows) == 0 || rows[0].LostOutput <= 0 {
		return fmt.Sprintf("No single node's %.0f-day outage costs output", ttrDays)
	}
	return fmt.Sprintf("Weakest link: %s; out for %.0f days it costs %s vehicles", rows[0].Node, ttrDays, fmtAmount(rows[0].LostOutput, ""))
}

func stressPlot(rows []StressRow, ttrDays float64, runs int) (*plot.Plot, error) {
	shown := rows[:min(stressShown, len(rows))]
	values, labels := make(plotter.Values, len(shown)), make([]string, len(shown))
	for i, r := range shown { // the worst at the top: the last bar is drawn highest
		values[len(shown)-1-i] = r.LostOutput
		labels[len(shown)-1-i] = StressLabel(r, ttrDays, runs)
	}
	p := newPlot()
	style(p, StressTitle(rows, ttrDays))
	p.X.Label.Text = "vehicles lost when the node is out (mean over replications)"
	bars, err := plotter.NewBarChart(values, vg.Points(12))
	if err != nil {
		return nil, err
	}
	bars.Horizontal, bars.Color = true, color.RGBA{0xD5, 0x5E, 0x00, 0xFF} // Okabe–Ito vermillion
	p.Add(bars)
	p.NominalY(labels...)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Min = 0
	return p, nil
}
