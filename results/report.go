package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"strings"
)

// WriteReport writes dir/report.html: one self-contained page (inline SVG
// and CSS, nothing fetched) with the scenario, what was run, the headline
// findings, the summary table with intervals and paired differences, the
// figures and how to read them. It returns the report's path.
func WriteReport(l *Loaded, figs []Figure) (string, error) {
	var sum struct {
		Metrics map[string]map[string]Stat   `json:"metrics"`
		Paired  map[string]map[string]Paired `json:"paired"`
	}
	if err := json.Unmarshal(l.Summary, &sum); err != nil {
		return "", err
	}
	data := reportData{M: l.Manifest, Figures: figs}
	for _, g := range l.Regimes {
		data.Regimes = append(data.Regimes, regimeHead{g.String(), fmt.Sprintf("#%02x%02x%02x", RegimeColor(g).R, RegimeColor(g).G, RegimeColor(g).B)})
	}
	for _, name := range Headline {
		row := tableRow{Metric: name, Doc: Metrics[MetricIndex(name)].Doc}
		for _, g := range l.Regimes {
			row.Cells = append(row.Cells, statCell(sum.Metrics[name][g.String()]))
		}
		for pair, d := range sum.Paired[name] {
			row.Paired = append(row.Paired, pairCell{pair, statCell(Stat{N: d.N, Mean: d.Mean, CI95: d.CI95})})
		}
		data.Rows = append(data.Rows, row)
	}
	for _, f := range figs { // the comparisons, not the descriptions
		if f.Name == "detect-box" || strings.Contains(f.Name, "-paired-") || f.Name == "warning-box" || f.Name == "recover-box" {
			data.Headlines = append(data.Headlines, f.Title)
		}
	}
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, data); err != nil {
		return "", err
	}
	path := filepath.Join(l.Dir, "report.html")
	return path, WriteFileAtomic(path, b.Bytes())
}

// Headline are the metrics of the terminal summary and the report's table,
// in order; summary.json has them all.
var Headline = []string{"ttd_days", "warning_days", "lost_output", "lost_revenue_eur", "ttr_days", "fill_rate", "peak_backlog", "cost_eur", "platform_uptime"}

type reportData struct {
	M         *Manifest
	Regimes   []regimeHead
	Headlines []string
	Rows      []tableRow
	Figures   []Figure
}

type regimeHead struct{ Name, Color string }

type tableRow struct {
	Metric, Doc string
	Cells       []string
	Paired      []pairCell
}

type pairCell struct{ Pair, Cell string }

func statCell(s Stat) string {
	if s.N == 0 || math.IsNaN(float64(s.Mean)) {
		return "—"
	}
	c := fmtAmount(float64(s.Mean), "")
	if !math.IsNaN(float64(s.CI95[0])) {
		c += fmt.Sprintf(" [%s, %s]", fmtAmount(float64(s.CI95[0]), ""), fmtAmount(float64(s.CI95[1]), ""))
	}
	return c + fmt.Sprintf(" (n = %d)", s.N)
}

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"svg":   func(b []byte) template.HTML { return template.HTML(stripXMLHeader(string(b))) },
	"pairs": func(rows []tableRow) []string { return pairNames(rows) },
}).Parse(reportHTML))

func stripXMLHeader(s string) string {
	if i := strings.Index(s, "<svg"); i >= 0 {
		return s[i:]
	}
	return s
}

func pairNames(rows []tableRow) []string {
	if len(rows) == 0 {
		return nil
	}
	var out []string
	for _, p := range rows[0].Paired {
		out = append(out, p.Pair)
	}
	return out
}

const reportHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>supplysim: {{.M.Scenario}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
td, th { border: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } .doc { color: #666; font-size: 0.8rem; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; vertical-align: baseline; }
figure { margin: 1.5rem 0; } figure svg { width: 100%; height: auto; } figcaption { color: #444; font-size: 0.9rem; }
.headline li { font-weight: 600; }
</style></head><body>
<h1>supplysim report: {{.M.Scenario}}</h1>
<p>{{.M.Runs}} replications (seed {{.M.Seed}}) of scenario <b>{{.M.Scenario}}</b>, each run under
{{range $i, $r := .Regimes}}{{if $i}}, {{end}}<span class="swatch" style="background:{{$r.Color}}"></span>{{$r.Name}}{{end}}
on the same shocks and demand. {{if not .M.Complete}}<b>Incomplete batch: {{.M.Done}} of {{.M.Runs}} replications.</b>{{end}}</p>

<h2>Findings</h2>
<ul class="headline">{{range .Headlines}}<li>{{.}}</li>{{end}}</ul>

<h2>How to read this</h2>
<p>A <b>replication</b> is one simulated year of the supply network, with its own random shocks (lockdowns, trade wars,
fires, cloud outages), demand and transport times. Every replication is run once per <b>information regime</b>:
<i>silo</i> (each firm sees only its own stock), <i>bilateral</i> (firms pass warnings to their customers) and
<i>platform</i> (firms share capacity and stock on a common data platform that warns everyone affected).
Because the regimes see the same shocks, their difference in a replication is due to the information alone.
<b>Time to detect</b> is how long after a shock began a car plant knew it would run short; <b>lost output</b> is vehicles not built.
Intervals are 95% confidence intervals of the mean: with more replications they narrow; if an interval of a
difference excludes 0, the difference is unlikely to be chance.</p>

<h2>Summary</h2>
<table><tr><th>metric</th>{{range .Regimes}}<th><span class="swatch" style="background:{{.Color}}"></span>{{.Name}}: mean [95% CI] (n)</th>{{end}}{{range pairs .Rows}}<th>paired {{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Metric}}<div class="doc">{{.Doc}}</div></td>{{range .Cells}}<td>{{.}}</td>{{end}}{{range .Paired}}<td>{{.Cell}}</td>{{end}}</tr>
{{end}}</table>

<h2>Figures</h2>
{{range .Figures}}<figure id="{{.Name}}">{{svg .SVG}}<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption></figure>
{{end}}

<h2>What was run</h2>
<table>
<tr><th>scenario</th><td>{{.M.Scenario}} ({{.M.ScenarioPath}}), SHA-256 {{.M.ScenarioSHA256}}</td></tr>
<tr><th>replications</th><td>{{.M.First}} … {{.M.Runs}} asked, {{.M.Done}} done{{if .M.Complete}} (complete){{end}}; shard {{.M.Shard}}</td></tr>
<tr><th>horizon</th><td>{{.M.HorizonDays}} days, of which {{.M.WarmupDays}} warm-up not measured</td></tr>
<tr><th>seed, engine</th><td>{{.M.Seed}}, {{.M.Engine}}</td></tr>
<tr><th>tool</th><td>supplysim {{.M.Version}} {{.M.Revision}}</td></tr>
<tr><th>run</th><td>{{.M.Started}} to {{.M.Finished}}</td></tr>
</table>
</body></html>
`
