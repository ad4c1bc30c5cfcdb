package results

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/supplysim/supplysim/models"
)

// Folder is a results folder being written: runs.csv and shocks.csv stream
// to temporary files as replications arrive, and Close writes the summary,
// the daily quantiles and the manifest and moves every file into place.
type Folder struct {
	Dir      string
	Manifest Manifest
	Summary  *Summary
	Daily    *Daily
	runs     *stream
	parquet  *parquetRuns
	shocks   *stream
	line     []byte
}

// Create makes dir (and its parents) and starts a folder for a batch of nw
// under the manifest's regimes.
func Create(dir string, nw *models.Network, regimes []models.Regime, m Manifest) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f := &Folder{Dir: dir, Manifest: m, Summary: NewSummary(regimes), Daily: NewDaily(nw, regimes)}
	f.Manifest.Footing = m.Footing.orNone()
	f.Summary.Footing = f.Manifest.Footing
	var err error
	if f.runs, err = newStream(filepath.Join(dir, "runs.csv"), runsHeader()); err != nil {
		return nil, err
	}
	if f.shocks, err = newStream(filepath.Join(dir, "shocks.csv"), shocksHeader); err != nil {
		f.runs.abort()
		return nil, err
	}
	if f.parquet, err = newParquetRuns(filepath.Join(dir, "runs.parquet")); err != nil {
		f.runs.abort()
		f.shocks.abort()
		return nil, err
	}
	return f, nil
}

func runsHeader() string {
	cols := []string{"replication", "regime"}
	for _, m := range Metrics {
		cols = append(cols, m.Name)
	}
	return strings.Join(cols, ",")
}

const shocksHeader = "replication,regime,shock,kind,target,plant,outcome,onset_days,end_days,detected_days,starved_days,ttd_days,warning_days,ttr_days"

// Add writes one replication's rows and folds it into the summaries.
// Replications must come in order.
func (f *Folder) Add(r *Replication) error {
	if err := f.Summary.Add(r.Rows, r.Shocks); err != nil {
		return fmt.Errorf("replication %d: %w", r.Rep, err)
	}
	plants := len(r.Output) / max(1, len(r.Rows))
	for g, row := range r.Rows {
		f.Daily.add(g, r.Output[g*plants:(g+1)*plants], r.Plan[g*plants:(g+1)*plants])
		f.line = appendRow(f.line[:0], row)
		if err := f.runs.write(f.line); err != nil {
			return err
		}
		if err := f.parquet.write(row); err != nil {
			return err
		}
	}
	for _, s := range r.Shocks {
		f.line = fmt.Appendf(f.line[:0], "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", s.Replication, s.Regime, csvText(s.Shock),
			s.Kind, csvText(s.Target), csvText(s.Plant), s.Outcome, num(s.Onset), num(s.End), num(s.Detected), num(s.Starved),
			num(s.TTD), num(s.Warning), num(s.TTR))
		if err := f.shocks.write(f.line); err != nil {
			return err
		}
	}
	f.Manifest.Done++
	return nil
}

func appendRow(b []byte, row Row) []byte {
	b = strconv.AppendUint(b, row.Replication, 10)
	b = append(b, ',')
	b = append(b, row.Regime.String()...)
	for _, x := range row.Values {
		b = append(b, ',')
		if x == x {
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		}
	}
	return append(b, '\n')
}

// csvText quotes a field if it holds a comma or a quote.
func csvText(s string) string {
	if !strings.ContainsAny(s, ",\"\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Close finishes the folder: summary.json, daily.csv, then runs.csv and
// shocks.csv moved into place, then manifest.json last, with Complete set
// as given. A folder whose manifest says complete is whole.
func (f *Folder) Close(complete bool) error {
	f.Manifest.Complete = complete
	f.Manifest.Finished = time.Now().UTC()
	if err := WriteJSON(filepath.Join(f.Dir, "summary.json"), f.Summary); err != nil {
		return err
	}
	var daily strings.Builder
	if err := f.Daily.WriteCSV(&daily); err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(f.Dir, "daily.csv"), []byte(daily.String())); err != nil {
		return err
	}
	state, err := json.Marshal(f.Daily.state())
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(f.Dir, "daily.sketch.json"), state); err != nil {
		return err
	}
	if err := f.runs.commit(); err != nil {
		return err
	}
	if err := f.parquet.commit(); err != nil {
		return err
	}
	if err := f.shocks.commit(); err != nil {
		return err
	}
	return WriteJSON(filepath.Join(f.Dir, "manifest.json"), f.Manifest)
}

// stream is a CSV file written through a temporary file and renamed into
// place on commit.
type stream struct {
	path string
	tmp  *os.File
	w    *bufio.Writer
}

func newStream(path, header string) (*stream, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	s := &stream{path: path, tmp: tmp, w: bufio.NewWriterSize(tmp, 1<<16)}
	_, err = s.w.WriteString(header + "\n")
	return s, err
}

func (s *stream) write(b []byte) error {
	_, err := s.w.Write(b)
	return err
}

func (s *stream) commit() error {
	if err := s.w.Flush(); err != nil {
		s.abort()
		return err
	}
	return commit(s.tmp, s.path)
}

func (s *stream) abort() {
	s.tmp.Close()
	os.Remove(s.tmp.Name())
}
