package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/supplysim/supplysim/designs"
)

// SweepSummary is a sweep's summary.json: the design, its factors and
// every point's values, metrics and paired differences (as the point's own
// summary.json has them).
type SweepSummary struct {
	Design   string       `json:"design"`
	Kind     string       `json:"kind"`
	Factors  []string     `json:"factors"`
	Equalize string       `json:"equalize"` // what every point held its regimes equal on
	Points   []SweepPoint `json:"points"`
}

// SweepPoint is one point of a sweep.
type SweepPoint struct {
	Point   int                          `json:"point"`
	Values  []FactorValue                `json:"values"`
	Metrics map[string]map[string]Stat   `json:"metrics"`
	Paired  map[string]map[string]Paired `json:"paired"`
}

// Sensitivity is a Sobol design's sensitivity.json: per output (a metric's
// mean under a regime, "lost_output/silo", or its mean paired difference,
// "lost_output/platform-silo") the first-order and total index of every
// factor, in the design's order, with bootstrap 95% intervals.
type Sensitivity struct {
	Design    string              `json:"design"`
	BaseN     int                 `json:"base_samples"`
	Resamples int                 `json:"resamples"`
	Factors   []string            `json:"factors"`
	Outputs   []SensitivityOutput `json:"outputs"`
}

// SensitivityOutput is one output's indices, or why it has none.
type SensitivityOutput struct {
	Output  string            `json:"output"`
	Indices []designs.Indices `json:"indices,omitempty"`
	Note    string            `json:"note,omitempty"`
}

// WriteSweepRuns writes a sweep's dir/runs.csv and dir/runs.parquet: the
// rows of every point folder's runs.csv (points[k] is point k+1's), in
// point order, with the point's number in a first column; the CSV's text
// is the points' as they wrote it, the Parquet file typed as a run's. It
// returns their SHA-256s.
func WriteSweepRuns(dir string, points []string) (csvSum, parquetSum string, err error) {
	pq, err := newPointedRuns(filepath.Join(dir, "runs.parquet"), true)
	if err != nil {
		return "", "", err
	}
	defer pq.abort()
	tmp, err := os.CreateTemp(dir, ".runs.csv.*")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(tmp, h), 1<<16)
	fmt.Fprintf(w, "point,%s\n", runsHeader())
	var row Row
	for k, pdir := range points {
		pq.point = int64(k + 1)
		path := filepath.Join(pdir, "runs.csv")
		if err := eachLine(path, func(line string, _ int) error {
			if err := parseRow(line, &row); err != nil {
				return err
			}
			fmt.Fprintf(w, "%d,%s\n", k+1, line)
			return pq.write(row)
		}); err != nil {
			return "", "", err
		}
	}
	if err := w.Flush(); err != nil {
		return "", "", err
	}
	if err := commit(tmp, filepath.Join(dir, "runs.csv")); err != nil {
		return "", "", err
	}
	if err := pq.commit(); err != nil {
		return "", "", err
	}
	ps, err := hashFile(filepath.Join(dir, "runs.parquet"))
	return hex.EncodeToString(h.Sum(nil)), ps, err
}
