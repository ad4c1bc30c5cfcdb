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
// manifest, the summary, every per-run value, the daily quantiles and the
// typical window of every shock. It keeps the per-run values of the
// Plotted metrics only (8 bytes each per regime and replication: 6.4 MB for
// 100,000 replications of two regimes); the rest are in summary.json.
type Loaded struct {
	Dir      string
	Manifest *Manifest
	Regimes  []models.Regime
	Summary  json.RawMessage
	values   [][][]float64 // [regime][index in Plotted][replication]
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
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Dir: dir, Manifest: m}
	for _, name := range m.Regimes {
		g, err := models.ParseRegime(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
		}
		l.Regimes = append(l.Regimes, g)
		l.values = append(l.values, make([][]float64, len(Plotted)))
	}
	if l.Summary, err = os.ReadFile(filepath.Join(dir, "summary.json")); err != nil {
		return nil, err
	}
	if err := l.readRuns(); err != nil {
		return nil, err
	}
	if err := l.readDaily(); err != nil {
		return nil, err
	}
	return l, l.readShocks()
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

func (l *Loaded) readRuns() error {
	return eachLine(filepath.Join(l.Dir, "runs.csv"), func(line string, _ int) error {
		var row Row
		if err := parseRow(line, &row); err != nil {
			return err
		}
		g := slices.Index(l.Regimes, row.Regime)
		if g < 0 {
			return fmt.Errorf("regime %v is not in the manifest", row.Regime)
		}
		for k, name := range Plotted {
			l.values[g][k] = append(l.values[g][k], row.Values[MetricIndex(name)])
		}
		return nil
	})
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

// readShocks finds each shock's typical window from shocks.csv (one row
// per replication, regime and plant: the first regime's first plant row
// stands for the replication).
func (l *Loaded) readShocks() error {
	type span struct{ onsets, ends []float64 }
	spans := map[string]*span{}
	var order []string
	seen := map[string]bool{}
	err := eachLine(filepath.Join(l.Dir, "shocks.csv"), func(line string, _ int) error {
		f := splitCSV(line)
		if len(f) != 13 || f[1] != l.Regimes[0].String() {
			return nil
		}
		key := f[0] + "/" + f[2] + "/" + f[6] // replication, shock, onset: one per occurrence
		if seen[key] {
			return nil
		}
		seen[key] = true
		onset, err1 := parseNum(f[6])
		end, err2 := parseNum(f[7])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("onset %q, end %q", f[6], f[7])
		}
		s := spans[f[2]]
		if s == nil {
			s = &span{}
			spans[f[2]] = s
			order = append(order, f[2])
		}
		s.onsets, s.ends = append(s.onsets, onset), append(s.ends, end)
		return nil
	})
	for _, id := range order {
		s := spans[id]
		slices.Sort(s.onsets)
		slices.Sort(s.ends)
		l.Windows = append(l.Windows, ShockWindow{Shock: id, Onset: median(s.onsets), End: median(s.ends),
			Share: float64(len(s.onsets)) / float64(max(1, l.Manifest.Done))})
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

// median of sorted xs; NaN when empty. With an even count, the mean of the
// two middle values.
func median(xs []float64) float64 {
	return Quantile(xs, 0.5)
}

// Quantile returns the q-quantile of sorted xs by linear interpolation
// between order statistics (Hyndman & Fan type 7, the default of R and
// NumPy); NaN when empty.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	h := float64(q * float64(len(xs)-1))
	lo := int(math.Floor(h))
	if lo+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[lo] + float64((h-float64(lo))*(xs[lo+1]-xs[lo]))
}
