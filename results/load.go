package results

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/models"
)

// Loaded is a results folder read back for plots and the report: the
// manifest, the summary, every per-run value, the daily quantiles, the
// paired event differences and the typical window of every shock. It keeps
// the per-run values of the Plotted metrics only (8 bytes each per regime
// and replication: 6.4 MB for 100,000 replications of two regimes) and the
// paired differences of detected events; the rest are in summary.json.
// Load checks that summary.json's events agree with shocks.csv.
type Loaded struct {
	Dir      string
	Manifest *Manifest
	Regimes  []models.Regime
	Summary  *SummaryFile
	values   [][][]float64 // [regime][index in Plotted][replication]
	events   *Events       // rebuilt from shocks.csv, with every paired difference
	Daily    []DailyRow
	Windows  []ShockWindow
}

// DailyRow is one line of daily.csv.
type DailyRow struct {
	Regime, Plant         string
	Day                   int
	P5, P50, P95, PlanP50 float64
}

// ShockWindow is a shock's typical time in a batch: medians over the
// replications it struck of its onset and end (days from time 0), and the
// share of replications it struck.
type ShockWindow struct {
	Shock      string
	Onset, End float64
	Share      float64
}

// Load reads the results folder at dir.
func Load(dir string) (*Loaded, error) {
	m, err := OpenManifest(dir)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Dir: dir, Manifest: m}
	for _, name := range m.Regimes {
		g, err := models.RegimeName(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
		}
		l.Regimes = append(l.Regimes, g)
		l.values = append(l.values, make([][]float64, len(Plotted)))
	}
	if l.Summary, err = ReadSummary(dir); err != nil {
		return nil, err
	}
	if err := l.readRuns(); err != nil {
		return nil, err
	}
	if err := l.readDaily(); err != nil {
		return nil, err
	}
	if err := l.readShocks(); err != nil {
		return nil, err
	}
	return l, l.checkEvents()
}

// ReadSummary reads dir/summary.json.
func ReadSummary(dir string) (*SummaryFile, error) {
	path := filepath.Join(dir, "summary.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sf := &SummaryFile{}
	if err := json.Unmarshal(b, sf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sf, nil
}

// checkEvents compares the events rebuilt from shocks.csv with summary.json's.
func (l *Loaded) checkEvents() error { return sameEvents(l.Dir, l.events) }

// EventDifferences returns the paired differences (regime a − regime b,
// indices a > b) of detection time and of warning time, in days, over the
// events both detected (warning: and both starved), as in summary.json.
func (l *Loaded) EventDifferences(a, b int) (ttd, warning []float64) {
	return l.events.PairValues(a, b)
}

// Plotted are the metrics whose per-run values the figures need.
var Plotted = []string{"ttd_days", "warning_days", "lost_output", "ttr_days"}

// Values returns the per-run values of a Plotted metric under regime index g, in
// replication order, NaN where undefined.
func (l *Loaded) Values(g int, metric string) []float64 {
	k := slices.Index(Plotted, metric)
	if k < 0 {
		panic("results: " + metric + " is not a plotted metric")
	}
	return l.values[g][k]
}

// Defined returns the defined values of a metric under regime index g, sorted.
func (l *Loaded) Defined(g int, metric string) []float64 {
	var xs []float64
	for _, x := range l.Values(g, metric) {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	slices.Sort(xs)
	return xs
}

// Paired returns the per-replication differences regime a − regime b of a
// metric where both are defined.
func (l *Loaded) Paired(a, b int, metric string) []float64 {
	va, vb := l.Values(a, metric), l.Values(b, metric)
	var d []float64
	for i := range va {
		if x := va[i] - vb[i]; !math.IsNaN(x) {
			d = append(d, x)
		}
	}
	return d
}

// readRuns reads runs.csv, which must hold one row per regime (in the
// manifest's order) of every replication the manifest says is done, in
// replication order.
func (l *Loaded) readRuns() error {
	path, rows, n := filepath.Join(l.Dir, "runs.csv"), uint64(0), uint64(len(l.Regimes))
	err := eachLine(path, func(line string, _ int) error {
		var row Row
		if err := parseRow(line, &row); err != nil {
			return err
		}
		rep, g := l.Manifest.First+rows/n, int(rows%n)
		if row.Replication != rep || row.Regime != l.Regimes[g] {
			return fmt.Errorf("replication %d under %s, want replication %d under %s (one row per regime, in order)",
				row.Replication, row.Regime, rep, l.Regimes[g])
		}
		for k, name := range Plotted {
			l.values[g][k] = append(l.values[g][k], row.Values[MetricIndex(name)])
		}
		rows++
		return nil
	})
	if err == nil && rows != l.Manifest.Done*n {
		err = fmt.Errorf("%s holds %d rows; the manifest's %d replications × %d regimes make %d", path, rows, l.Manifest.Done, n, l.Manifest.Done*n)
	}
	return err
}

func (l *Loaded) readDaily() error {
	return eachLine(filepath.Join(l.Dir, "daily.csv"), func(line string, _ int) error {
		f := strings.Split(line, ",")
		if len(f) != 7 {
			return fmt.Errorf("%d fields, want 7", len(f))
		}
		r := DailyRow{Regime: f[0], Plant: f[1]}
		var err error
		if r.Day, err = strconv.Atoi(f[2]); err != nil {
			return err
		}
		for i, p := range []*float64{&r.P5, &r.P50, &r.P95, &r.PlanP50} {
			if *p, err = parseNum(f[3+i]); err != nil {
				return err
			}
		}
		l.Daily = append(l.Daily, r)
		return nil
	})
}

// readShocks reads shocks.csv a replication at a time: it rebuilds the
// events (with every paired difference) and finds each shock's typical
// window from the first regime's rows, one per occurrence.
func (l *Loaded) readShocks() error {
	l.events = NewEvents(l.Regimes)
	l.events.keepValues()
	type span struct{ onsets, ends []float64 }
	spans := map[string]*span{}
	var order []string
	var rows []ShockRow
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		if err := l.events.Add(rows); err != nil {
			return fmt.Errorf("replication %d: %w", rows[0].Replication, err)
		}
		seen := map[string]bool{}
		for _, r := range rows[:len(rows)/len(l.Regimes)] {
			key := fmt.Sprint(r.Shock, "/", r.Kind, "/", r.Target, "/", r.Onset)
			if seen[key] {
				continue
			}
			seen[key] = true
			sp := spans[r.Shock]
			if sp == nil {
				sp = &span{}
				spans[r.Shock] = sp
				order = append(order, r.Shock)
			}
			sp.onsets, sp.ends = append(sp.onsets, r.Onset), append(sp.ends, r.End)
		}
		rows = rows[:0]
		return nil
	}
	err := eachLine(filepath.Join(l.Dir, "shocks.csv"), func(line string, _ int) error {
		row, err := parseShockRow(line)
		if err != nil {
			return err
		}
		if len(rows) > 0 && row.Replication != rows[0].Replication {
			if err := flush(); err != nil {
				return err
			}
		}
		rows = append(rows, row)
		return nil
	})
	if err == nil {
		if err = flush(); err != nil {
			err = fmt.Errorf("%s: %w", filepath.Join(l.Dir, "shocks.csv"), err)
		}
	}
	for _, id := range order {
		sp := spans[id]
		slices.Sort(sp.onsets)
		slices.Sort(sp.ends)
		l.Windows = append(l.Windows, ShockWindow{Shock: id, Onset: median(sp.onsets), End: median(sp.ends),
			Share: float64(len(sp.onsets)) / float64(max(1, l.Manifest.Done))})
	}
	return err
}

// eachLine calls fn for every line of a CSV file after its header.
func eachLine(path string, fn func(line string, n int) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue
		}
		if err := fn(sc.Text(), n); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}

// splitCSV splits a line of our CSV files, honouring double quotes.
func splitCSV(line string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"' && quoted && i+1 < len(line) && line[i+1] == '"':
			b.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String())
}

func parseNum(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// median of sorted xs (Quantile's rule); NaN when empty.
func median(xs []float64) float64 {
	return Quantile(xs, 0.5)
}

// Quantile returns the q-quantile of sorted xs by supplysim's one rule:
// the order statistic of rank ⌈q n⌉ (at least 1), the inverse of the
// empirical distribution function (Hyndman & Fan type 1). Sketch gives the
// same statistic to within its accuracy; NaN when empty.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[QuantileRank(q, uint64(len(xs)))-1]
}
