package results

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/models"
)

// Absorb takes every finished replication of the folder at dir into f, as
// if f had run them: their runs.csv and shocks.csv rows are copied, the
// runs are folded into the summary in replication order, and the daily
// sketches are merged. It is how a batch resumes (absorbing its own earlier
// files) and how shards merge (absorbing each shard in order); because the
// rows read back exactly and sketches merge exactly, the result is
// byte-identical to one uninterrupted batch. It checks that the folder ran
// the same regimes.
func (f *Folder) Absorb(dir string) (*Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if strings.Join(m.Regimes, ",") != strings.Join(f.Manifest.Regimes, ",") {
		return nil, fmt.Errorf("%s ran regimes %v, this batch %v", dir, m.Regimes, f.Manifest.Regimes)
	}
	if err := f.absorbRuns(filepath.Join(dir, "runs.csv"), m.Done); err != nil {
		return nil, err
	}
	if err := copyBody(filepath.Join(dir, "shocks.csv"), f.shocks); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, "daily.sketch.json"))
	if err != nil {
		return nil, err
	}
	var st dailyState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "daily.sketch.json"), err)
	}
	if err := f.Daily.merge(&st); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	f.Manifest.Done += m.Done
	return m, nil
}

// absorbRuns copies runs.csv's rows into f and folds them into the summary,
// one replication (a row per regime) at a time; it expects done replications.
func (f *Folder) absorbRuns(path string, done uint64) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	if !sc.Scan() || sc.Text() != runsHeader() {
		return fmt.Errorf("%s: not a runs.csv of this version (header differs)", path)
	}
	rows := make([]Row, len(f.Summary.Regimes))
	var got uint64
	for line := 2; sc.Scan(); line++ {
		g := (line - 2) % len(f.Summary.Regimes)
		if err := parseRow(sc.Text(), &rows[g]); err != nil || rows[g].Regime != f.Summary.Regimes[g] || rows[g].Replication != rows[0].Replication {
			return fmt.Errorf("%s:%d: not the row of regime %v of a replication (%v)", path, line, f.Summary.Regimes[g], err)
		}
		if err := f.runs.write(append(sc.Bytes(), '\n')); err != nil {
			return err
		}
		if err := f.parquet.write(rows[g]); err != nil {
			return err
		}
		if g == len(f.Summary.Regimes)-1 {
			f.Summary.Add(rows)
			got++
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if got != done {
		return fmt.Errorf("%s: %d replications, the manifest says %d", path, got, done)
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
	g, err := models.ParseRegime(fields[1])
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

// copyBody appends every line of a CSV file but its header to s.
func copyBody(path string, s *stream) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	r := bufio.NewReaderSize(in, 1<<16)
	if _, err := r.ReadString('\n'); err != nil {
		return fmt.Errorf("%s: no header: %w", path, err)
	}
	_, err = r.WriteTo(s.w)
	return err
}
