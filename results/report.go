package results

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/supplysim/supplysim/models"
)

// WriteReport writes dir/report.html: one self-contained page (inline SVG
// and CSS, nothing fetched) with the scenario, what was run, the headline
// findings, the summary table with intervals and paired differences, the
// detection events compared regime against regime, the figures and how to
// read them. Every number it quotes comes from summary.json. It returns
// the report's path.
func WriteReport(l *Loaded, figs []Figure) (string, error) {
	sf, names := l.Summary, regimeNames(l.Regimes)
	data := reportData{M: l.Manifest, Figures: figs, Pairs: pairNames(names), Events: sf.Events, Footing: sf.Footing.Describe(),
		Last: l.Manifest.First + l.Manifest.Runs - 1}
	for _, g := range l.Regimes {
		data.Regimes = append(data.Regimes, regimeHead{g.String(), fmt.Sprintf("#%02x%02x%02x", RegimeColor(g, l.Regimes).R, RegimeColor(g, l.Regimes).G, RegimeColor(g, l.Regimes).B)})
	}
	for _, h := range Headlines(sf, names) {
		data.Headlines = append(data.Headlines, h.Text)
	}
	for _, name := range TableMetrics {
		row := tableRow{Metric: name, Doc: Metrics[MetricIndex(name)].Doc}
		level, diff := fmtAmountOnly, fmtAmountOnly
		if shareMetrics[name] { // a share reads as a percentage, its difference in percentage points
			level, diff = FmtPercent, fmtPoints
		}
		for _, g := range names {
			row.Cells = append(row.Cells, statCell(sf.Metrics[name][g], level))
		}
		for _, pair := range data.Pairs {
			d := sf.Paired[name][pair]
			row.Paired = append(row.Paired, statCell(Stat{N: d.N, Mean: d.Mean, CI95: d.CI95, P50: d.P50}, diff))
		}
		data.Rows = append(data.Rows, row)
	}
	data.Caught, data.Outcomes = caughtRows(sf, names), outcomeRows(sf, names)
	data.EventPairs = eventPairRows(sf, data.Pairs)
	data.Service = serviceRows(sf, names)
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, data); err != nil {
		return "", err
	}
	path := filepath.Join(l.Dir, "report.html")
	return path, WriteFileAtomic(path, b.Bytes())
}

// pairNames names every pair of regimes as summary.json does, in its order:
// each regime against every earlier one ("platform-silo").
func pairNames(regimes []string) []string {
	var out []string
	for a := range regimes {
		for b := range a {
			out = append(out, regimes[a]+"-"+regimes[b])
		}
	}
	return out
}

// TableMetrics are the metrics of the terminal summary and the report's
// table, in order; summary.json has them all.
var TableMetrics = []string{"ttd_days", "warning_days", "lost_output", "lost_revenue_eur", "ttr_days", "fill_rate", "peak_backlog", "cost_eur", "platform_uptime"}

type reportData struct {
	M          *Manifest
	Regimes    []regimeHead
	Pairs      []string
	Headlines  []string
	Rows       []tableRow
	Events     EventSummary
	Caught     []string   // per regime
	Outcomes   []labelRow // per outcome: per regime, over shortage events and over all events
	EventPairs []labelRow // per pair
	Service    []labelRow // per regime, its five worst-served nodes' rows
	Footing    string     // what the regimes were held equal on
	Last       uint64     // the last replication asked for
	Figures    []Figure
}

type regimeHead struct{ Name, Color string }

type tableRow struct {
	Metric, Doc string
	Cells       []string
	Paired      []string
}

type labelRow struct {
	Label string
	Cells []string
}

// shareMetrics are the metrics that are shares of 1.
var shareMetrics = map[string]bool{"fill_rate": true, "platform_uptime": true}

func fmtAmountOnly(x float64) string { return fmtAmount(x, "") }

// serviceRows are the rows of the service table: per regime, the five
// nodes with the lowest mean fill rate to their customers, with its
// interval and the mean days starved and days cut.
func serviceRows(sf *SummaryFile, regimes []string) []labelRow {
	var out []labelRow
	for _, g := range regimes {
		for _, ns := range WorstServed(sf, g, 5) {
			fill := ns.Metrics["fill_rate"][g]
			cell := FmtPercent(float64(fill.Mean))
			if !math.IsNaN(float64(fill.CI95[0])) {
				cell += fmt.Sprintf(" [%s, %s]", FmtPercent(float64(fill.CI95[0])), FmtPercent(float64(fill.CI95[1])))
			}
			out = append(out, labelRow{Label: g, Cells: []string{ns.Node, fmt.Sprint(ns.Tier), ns.Role, cell,
				fmtAmount(float64(ns.Metrics["starved_days"][g].Mean), ""), fmtAmount(float64(ns.Metrics["cut_days"][g].Mean), "")}})
		}
	}
	return out
}

// statCell writes "mean [lo, hi]; median m (n = N)", each number by f, or
// "—" when undefined.
func statCell(s Stat, f func(float64) string) string {
	if s.N == 0 || math.IsNaN(float64(s.Mean)) {
		return "—"
	}
	c := f(float64(s.Mean))
	if !math.IsNaN(float64(s.CI95[0])) {
		c += fmt.Sprintf(" [%s, %s]", f(float64(s.CI95[0])), f(float64(s.CI95[1])))
	}
	return c + fmt.Sprintf("; median %s (n = %d)", f(float64(s.P50)), s.N)
}

func shareCell(s Share) string {
	if s.N == 0 {
		return "—"
	}
	return fmt.Sprintf("%s [%s, %s] (%d of %d)", FmtPercent(float64(s.Share)), FmtPercent(float64(s.CI95[0])), FmtPercent(float64(s.CI95[1])), s.K, s.N)
}

func caughtRows(sf *SummaryFile, regimes []string) []string {
	var out []string
	for _, g := range regimes {
		out = append(out, shareCell(sf.Events.Regimes[g].Caught))
	}
	return out
}

// outcomeRows count each outcome per regime over the shortage events and,
// after a slash, over all reached events.
func outcomeRows(sf *SummaryFile, regimes []string) []labelRow {
	var out []labelRow
	for _, o := range models.Outcomes {
		row := labelRow{Label: OutcomeLabel(o) + " (" + o.String() + ")"}
		for _, g := range regimes {
			re := sf.Events.Regimes[g]
			row.Cells = append(row.Cells, fmt.Sprintf("%d / %d", re.ShortageOutcomes[o.String()], re.Outcomes[o.String()]))
		}
		out = append(out, row)
	}
	return out
}

// eventPairRows are, per pair, the paired detection and warning
// differences and the McNemar comparison of caught shortages.
func eventPairRows(sf *SummaryFile, pairs []string) []labelRow {
	var out []labelRow
	for _, pair := range pairs {
		pe := sf.Events.Paired[pair]
		c := pe.Caught
		caught := "—"
		if c.N > 0 {
			caught = fmt.Sprintf("%s [%s, %s]; caught by %s only %d, by %s only %d; McNemar p = %s",
				fmtPoints(float64(c.Difference)), fmtPoints(float64(c.CI95[0])), fmtPoints(float64(c.CI95[1])), pe.A, c.OnlyA, pe.B, c.OnlyB, fmtAmount(float64(c.P), ""))
		}
		out = append(out, labelRow{Label: pair, Cells: []string{diffCell(pe.TTD), diffCell(pe.Warning), caught}})
	}
	return out
}

// diffCell writes "median m [lo, hi]; mean x [lo, hi] (n = N)".
func diffCell(d EventDiff) string {
	if d.N == 0 {
		return "— (n = 0)"
	}
	return fmt.Sprintf("median %s [%s, %s]; mean %s [%s, %s] (n = %d)", fmtAmount(float64(d.P50), ""),
		fmtAmount(float64(d.P50CI95[0]), ""), fmtAmount(float64(d.P50CI95[1]), ""), fmtAmount(float64(d.Mean), ""),
		fmtAmount(float64(d.CI95[0]), ""), fmtAmount(float64(d.CI95[1]), ""), d.N)
}

// fmtPoints writes a difference of shares in percentage points.
func fmtPoints(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmtAmount(100*x, "") + " pts"
}

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"svg":  func(b []byte) template.HTML { return template.HTML(stripXMLHeader(string(b))) },
	"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
}).Parse(reportHTML))

func stripXMLHeader(s string) string {
	if i := strings.Index(s, "<svg"); i >= 0 {
		return s[i:]
	}
	return s
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
on the same shocks and demand. {{.Footing}} {{if not .M.Complete}}<b>Incomplete batch: {{.M.Done}} of {{.M.Runs}} replications.</b>{{end}}</p>

<h2>Findings</h2>
<ul class="headline" id="findings">{{range .Headlines}}<li>{{.}}</li>{{end}}</ul>

<h2>How to read this</h2>
<p>A <b>replication</b> is one simulated year of the supply network, with its own random shocks (lockdowns, trade wars,
fires, cloud outages), demand and transport times. Every replication is run once per <b>information regime</b>:
<i>silo</i> (each firm sees only its own stock), <i>bilateral</i> (firms pass warnings to their customers) and
<i>platform</i> (firms share capacity and stock on a common data platform that warns everyone affected).
A regime with another name is a <b>variant</b> that the scenario file defines: one of these three with some of its
settings changed (for example, a platform whose firms get its alerts but still order by their own rule); the
scenario's <code>[regimes]</code> section says which.
Because the regimes see the same shocks, their difference in a replication is due to the information alone.</p>
<p>Detection is compared <b>event by event</b>. An <b>event</b> is a shock reaching a car plant in a replication;
every regime meets exactly the same events. <b>Time to detect</b> is how long after the shock began the plant knew it
would run short; the findings compare it on the events <i>both</i> regimes detected, as the median of the
differences. A <b>shortage</b> is an event on which the plant's line starved under at least one regime; a regime
<b>catches</b> it when the plant knew before its line stopped (or knew, and it never stopped).
The per-replication <code>ttd_days</code> and <code>warning_days</code> in the summary table average over the events
<i>that regime</i> detected, so their n and means differ between regimes and are not a comparison.
A pair of regimes is compared on <i>its</i> shortages (a line starved under either of the two), so the pairs'
counts of shortages can be smaller than the batch's count, which takes every regime.
The share of shortages a regime caught has a <b>Wilson</b> interval (a 95% interval for a proportion that stays
within 0 to 100%); the difference between two regimes' shares on the same shortages has <b>Newcombe's</b> paired
interval, in <b>percentage points</b> (pts: 98% against 93% is 5 pts), and <b>McNemar's</b> exact test, which
looks only at the shortages one regime caught and the other did not.
The events of one replication are not independent (one shock reaches several plants; one platform warns them all), so
every interval and test of the event comparisons treats replications as the independent units (cluster-robust
intervals and clustered tests): they are wider than if each event counted on its own.</p>
<p><b>Node by node</b>, the report shows how much each node amplifies the swings of demand in the orders it
places (its <b>bullwhip ratio</b>) and which nodes served their customers worst; <code>nodes.csv</code> has every
node's stock, service and days starved or cut, per replication and regime.</p>
<p><b>Lost output</b> is vehicles not built; it and the time to recover are compared replication by replication.
Intervals are 95% confidence intervals; where one of a difference holds 0, the findings say there is no clear
difference, and with fewer than 10 paired events or replications they say there are too few to compare.
Medians are the same estimator everywhere (an order statistic, within 0.05%).</p>

<h2>Summary</h2>
<table id="summary"><tr><th>metric</th>{{range .Regimes}}<th><span class="swatch" style="background:{{.Color}}"></span>{{.Name}}: mean [95% CI]; median (n)</th>{{end}}{{range .Pairs}}<th>paired {{.}}: mean [95% CI]; median (n)</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Metric}}<div class="doc">{{.Doc}}</div></td>{{range .Cells}}<td>{{.}}</td>{{end}}{{range .Paired}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>

<h2>Detection, event by event</h2>
<p id="events-intro">{{.Events.Reached}} events (a shock reaching a plant), {{.Events.Shortages}} of them shortages (a line starved under at least one regime).</p>
<table id="events"><tr><th></th>{{range .Regimes}}<th><span class="swatch" style="background:{{.Color}}"></span>{{.Name}}</th>{{end}}</tr>
<tr><td>shortages caught before a line stopped [95% Wilson CI]</td>{{range .Caught}}<td>{{.}}</td>{{end}}</tr>
{{range .Outcomes}}<tr><td>{{.Label}}<div class="doc">shortage events / all events</div></td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{if .EventPairs}}<table id="event-pairs"><tr><th>pair</th><th>time to detect, difference in days [95% CI]</th><th>warning, difference in days [95% CI]</th><th>shortages caught, difference [95% Newcombe CI]</th></tr>
{{range .EventPairs}}<tr><td>{{.Label}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>{{end}}

{{if .Service}}<h2>Service, node by node</h2>
<p>The five nodes that served their customers worst under each regime: the share of what was asked of them (orders
from their customers; market demand at a plant) that they served on the day it was asked, a supplier serving the
orders it still owed first; with the days a missing input held their production back and the days a shock cut
their capacity, means over replications. The measure is strict: an order shipped a day late counts as not served
on the day, so a supplier whose customers order in large, irregular batches (a high bullwhip ratio downstream of
it) can rank here without any shock or shortage of its own. Every node's rows are in <code>nodes.csv</code>.</p>
<table id="service"><tr><th>regime</th><th>node</th><th>tier</th><th>role</th><th>served on the day [95% CI]</th><th>days starved</th><th>days capacity cut</th></tr>
{{range .Service}}<tr><td>{{.Label}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>{{end}}

<h2>Figures</h2>
{{range .Figures}}<figure id="{{.Name}}">{{svg .SVG}}<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption></figure>
{{end}}

<h2>What was run</h2>
<table>
<tr><th>scenario</th><td>{{.M.Scenario}} ({{if eq .M.ScenarioPath .M.Scenario}}built-in{{else}}{{.M.ScenarioPath}}{{end}}), SHA-256 {{.M.ScenarioSHA256}}</td></tr>
<tr><th>replications</th><td>{{.M.First}} … {{.Last}} asked, {{.M.Done}} done{{if .M.Complete}} (complete){{end}}; shard {{.M.Shard}}</td></tr>
<tr><th>horizon</th><td>{{.M.HorizonDays}} days, of which {{.M.WarmupDays}} warm-up not measured</td></tr>
<tr><th>equal footing</th><td>{{.Footing}}</td></tr>
<tr><th>seed, engine</th><td>{{.M.Seed}}, {{.M.Engine}}</td></tr>
<tr><th>tool</th><td>supplysim {{.M.Version}} {{.M.Revision}}</td></tr>
<tr><th>run</th><td>{{when .M.Started}} to {{when .M.Finished}}</td></tr>
</table>
</body></html>
`
