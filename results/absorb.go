package results

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/models"
)

// Absorb takes every finished replication of the folder at dir into f, as
// if f had run them: their runs.csv, shocks.csv and nodes.csv rows are
// copied, the
// runs are folded into the summary in replication order, and the daily
// sketches are merged. It is how shards merge (absorbing each shard in
// order); because the rows read back exactly and sketches merge exactly,
// the result is byte-identical to one uninterrupted batch. It checks that
// the folder ran the same regimes, that its files are the ones its
// manifest records, and that its summary.json is what its rows give.
func (f *Folder) Absorb(dir string) (*Manifest, error) {
	m, err := OpenManifest(dir)
	if err != nil {
		return nil, err
	}
	if strings.Join(m.Regimes, ",") != strings.Join(f.Manifest.Regimes, ",") {
		return nil, fmt.Errorf("%s ran regimes %v, this batch %v", dir, m.Regimes, f.Manifest.Regimes)
	}
	if err := f.absorbRuns(dir, m.First, m.Done, true, true); err != nil {
		return nil, err
	}
	if err := f.mergeDaily(dir, nil); err != nil {
		return nil, err
	}
	f.Manifest.Done += m.Done
	return m, nil
}

// fold takes in the replications an interrupted batch in dir committed,
// whose rows are already in f's runs.csv and shocks.csv: into the summary,
// runs.parquet and, from state (a checkpoint's) or daily.sketch.json (a
// closed folder, whose summary.json must then agree), the daily sketches.
func (f *Folder) fold(dir string, m *Manifest, state *dailyState) error {
	f.Manifest.Done = 0
	if err := f.absorbRuns(dir, m.First, m.Done, false, state == nil); err != nil {
		return err
	}
	if err := f.mergeDaily(dir, state); err != nil {
		return err
	}
	f.Manifest.Done = m.Done
	return nil
}

// mergeDaily merges daily sketches into f's: state, or dir's daily.sketch.json.
func (f *Folder) mergeDaily(dir string, state *dailyState) error {
	path := filepath.Join(dir, "daily.sketch.json")
	if state == nil {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		state = &dailyState{}
		if err := json.Unmarshal(b, state); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	} else {
		path = filepath.Join(dir, "checkpoint.json")
	}
	if err := f.Daily.merge(state); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// absorbRuns folds dir's runs.csv, shocks.csv and nodes.csv rows into f's
// summary and Parquet files, one replication (a row per regime, its shock
// rows and its node rows) at a time, copying them into f's CSV files if
// copy is set;
// it expects replications first … first+done−1, in order, and, if check is
// set (a closed folder), a summary.json that they reproduce.
func (f *Folder) absorbRuns(dir string, first, done uint64, copy, check bool) error {
	runsPath, shocksPath := filepath.Join(dir, "runs.csv"), filepath.Join(dir, "shocks.csv")
	in, err := os.Open(runsPath)
	if err != nil {
		return err
	}
	defer in.Close()
	sr, err := openShocks(shocksPath)
	if err != nil {
		return err
	}
	defer sr.close()
	nr, err := openNodes(filepath.Join(dir, "nodes.csv"))
	if err != nil {
		return err
	}
	defer nr.close()
	var nodes []float64
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	if !sc.Scan() || sc.Text() != runsHeader() {
		return fmt.Errorf("%s: not a runs.csv of this version (header differs)", runsPath)
	}
	rows := make([]Row, len(f.Summary.Regimes))
	own := NewSummary(f.Summary.Regimes) // this folder's alone, to check against its summary.json
	own.Nodes = f.Summary.Nodes.empty()
	shocksCol := MetricIndex("shocks")
	var got uint64
	for line := 2; sc.Scan(); line++ {
		g := (line - 2) % len(f.Summary.Regimes)
		if err := parseRow(sc.Text(), &rows[g]); err != nil || rows[g].Regime != f.Summary.Regimes[g] || rows[g].Replication != rows[0].Replication {
			return fmt.Errorf("%s:%d: not the row of regime %v of a replication (%v)", runsPath, line, f.Summary.Regimes[g], err)
		}
		if copy {
			if err := f.runs.write(append(sc.Bytes(), '\n')); err != nil {
				return err
			}
		}
		if err := f.parquet.write(rows[g]); err != nil {
			return err
		}
		if g < len(f.Summary.Regimes)-1 {
			continue
		}
		if want := first + got; rows[0].Replication != want {
			return fmt.Errorf("%s:%d: replication %d, want %d (replications in order, none missing or repeated)", runsPath, line, rows[0].Replication, want)
		}
		to, toNodes := f.shocks, f.nodes
		if !copy {
			to, toNodes = nil, nil
		}
		shocks, err := sr.replication(rows[0].Replication, to)
		if err != nil {
			return err
		}
		if nodes, err = nr.replication(rows[0].Replication, f.Summary.Regimes, f.labels, toNodes, nodes[:0]); err != nil {
			return err
		}
		per := len(f.labels) * len(NodeMetrics)
		for g, regime := range f.Summary.Regimes {
			if err := f.nodesPq.write(rows[0].Replication, regime, nodes[g*per:(g+1)*per]); err != nil {
				return err
			}
		}
		if want := len(rows) * int(rows[0].Values[shocksCol]) * len(f.Daily.series); len(shocks) != want {
			return fmt.Errorf("%s: replication %d has %d shock rows; runs.csv says %v shocks, so %d (a row per regime, shock and plant)",
				shocksPath, rows[0].Replication, len(shocks), rows[0].Values[shocksCol], want)
		}
		if err := f.Summary.Add(rows, shocks); err != nil {
			return fmt.Errorf("%s: replication %d: %w", shocksPath, rows[0].Replication, err)
		}
		if err := own.Add(rows, shocks); err != nil {
			return err
		}
		f.Summary.AddNodes(nodes)
		own.AddNodes(nodes)
		got++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", runsPath, err)
	}
	if got != done {
		return fmt.Errorf("%s: %d replications, the manifest says %d", runsPath, got, done)
	}
	if err := sr.end(); err != nil {
		return err
	}
	if err := nr.end(); err != nil {
		return err
	}
	if !check {
		return nil // resumed from a checkpoint: its summary.json, if any, is of an earlier commit
	}
	return sameSummary(dir, own)
}

// sameSummary checks that a folder's summary.json is what its runs.csv,
// shocks.csv and nodes.csv give: metrics, paired differences, events and
// nodes.
func sameSummary(dir string, own *Summary) error {
	sf, err := ReadSummary(dir)
	if err != nil {
		return err
	}
	got := own.File()
	for _, part := range []struct {
		name, from string
		got, want  any
	}{{"metrics", "runs.csv", got.Metrics, sf.Metrics}, {"paired differences", "runs.csv", got.Paired, sf.Paired},
		{"events", "shocks.csv", got.Events, sf.Events}, {"nodes", "nodes.csv", got.Nodes, sf.Nodes}} {
		a, err := json.Marshal(part.got)
		if err != nil {
			return err
		}
		b, err := json.Marshal(part.want)
		if err != nil {
			return err
		}
		if string(a) != string(b) {
			return fmt.Errorf("%s: its %s disagree with %s (a file was changed or mixed from another batch)",
				filepath.Join(dir, "summary.json"), part.name, part.from)
		}
	}
	return nil
}

// sameEvents checks that the events rebuilt from a folder's shocks.csv are
// the ones its summary.json holds.
func sameEvents(dir string, ev *Events) error {
	sf, err := ReadSummary(dir)
	if err != nil {
		return err
	}
	got, err := json.Marshal(ev.Summary())
	if err != nil {
		return err
	}
	want, err := json.Marshal(sf.Events)
	if err != nil {
		return err
	}
	if string(got) != string(want) {
		return fmt.Errorf("%s: its events disagree with shocks.csv (a file was changed or mixed from another batch)", filepath.Join(dir, "summary.json"))
	}
	return nil
}

// parseRow reads a runs.csv line back into row, reusing its memory.
func parseRow(line string, row *Row) error {
	fields := strings.Split(line, ",")
	if len(fields) != 2+len(Metrics) {
		return fmt.Errorf("%d fields, want %d", len(fields), 2+len(Metrics))
	}
	rep, err := strconv.ParseUint(fields[0], 10, 64)
	if err != nil {
		return err
	}
	g, err := models.RegimeName(fields[1])
	if err != nil {
		return err
	}
	row.Replication, row.Regime, row.Values = rep, g, row.Values[:0]
	for _, s := range fields[2:] {
		x := nan
		if s != "" {
			if x, err = strconv.ParseFloat(s, 64); err != nil {
				return err
			}
		}
		row.Values = append(row.Values, x)
	}
	return nil
}

// shockReader reads shocks.csv a replication at a time.
type shockReader struct {
	path string
	file *os.File
	sc   *bufio.Scanner
	line int
	next *ShockRow // read ahead: the first row of the next replication
	raw  []byte
}

func openShocks(path string) (*shockReader, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r := &shockReader{path: path, file: in, sc: bufio.NewScanner(in), line: 1}
	r.sc.Buffer(make([]byte, 1<<16), 1<<20)
	if !r.sc.Scan() || r.sc.Text() != shocksHeader {
		in.Close()
		return nil, fmt.Errorf("%s: not a shocks.csv of this version (header differs)", path)
	}
	return r, r.advance()
}

func (r *shockReader) close() { r.file.Close() }

// advance reads the next row into r.next (nil at the end).
func (r *shockReader) advance() error {
	r.next = nil
	if !r.sc.Scan() {
		if err := r.sc.Err(); err != nil {
			return fmt.Errorf("%s:%d: %w", r.path, r.line+1, err)
		}
		return nil
	}
	r.line++
	row, err := parseShockRow(r.sc.Text())
	if err != nil {
		return fmt.Errorf("%s:%d: %w", r.path, r.line, err)
	}
	r.next, r.raw = &row, append(append(r.raw[:0], r.sc.Bytes()...), '\n')
	return nil
}

// replication returns the rows of replication rep, which must come next,
// and copies them to s (if not nil).
func (r *shockReader) replication(rep uint64, s *stream) ([]ShockRow, error) {
	var rows []ShockRow
	for r.next != nil && r.next.Replication == rep {
		rows = append(rows, *r.next)
		if s != nil {
			if err := s.write(r.raw); err != nil {
				return nil, err
			}
		}
		if err := r.advance(); err != nil {
			return nil, err
		}
	}
	if r.next != nil && r.next.Replication < rep {
		return nil, fmt.Errorf("%s:%d: replication %d is out of order (expected %d or later)", r.path, r.line, r.next.Replication, rep)
	}
	return rows, nil
}

// end checks that no rows are left after the last replication of runs.csv.
func (r *shockReader) end() error {
	if r.next != nil {
		return fmt.Errorf("%s:%d: replication %d is not in runs.csv", r.path, r.line, r.next.Replication)
	}
	return nil
}

// parseShockRow reads a shocks.csv line back and checks that its outcome
// agrees with its times.
func parseShockRow(line string) (ShockRow, error) {
	f := splitCSV(line)
	if len(f) != strings.Count(shocksHeader, ",")+1 {
		return ShockRow{}, fmt.Errorf("%d fields, want %d", len(f), strings.Count(shocksHeader, ",")+1)
	}
	row := ShockRow{Shock: f[2], Kind: f[3], Target: f[4], Plant: f[5]}
	var err error
	if row.Replication, err = strconv.ParseUint(f[0], 10, 64); err != nil {
		return row, err
	}
	if row.Regime, err = models.RegimeName(f[1]); err != nil {
		return row, err
	}
	if row.Outcome, err = models.ParseOutcome(f[6]); err != nil {
		return row, err
	}
	cols := strings.Split(shocksHeader, ",")
	for i, p := range []*float64{&row.Onset, &row.End, &row.Detected, &row.Starved, &row.TTD, &row.Warning, &row.TTR} {
		if *p, err = parseNum(f[7+i]); err != nil {
			return row, fmt.Errorf("%s: %w", cols[7+i], err)
		}
	}
	want := models.OutcomeOf(row.Outcome != models.NotReached, !math.IsNaN(row.Detected), !math.IsNaN(row.Starved), row.Detected < row.Starved)
	if row.Outcome != want {
		return row, fmt.Errorf("outcome %s disagrees with the detection and starvation times (%s)", row.Outcome, want)
	}
	if !sameNum(row.TTD, row.Detected-row.Onset) || !sameNum(row.Warning, row.Starved-row.Detected) {
		return row, fmt.Errorf("ttd_days %s or warning_days %s disagrees with the onset, detection and starvation times", num(row.TTD), num(row.Warning))
	}
	return row, nil
}

// sameNum reports whether a and b are equal, NaN included.
func sameNum(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
