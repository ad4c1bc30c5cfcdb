package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"slices"
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
	Saved    bool // Close wrote the manifest: the folder holds what it says
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

// Outputs are the names of what a results folder holds: its data files,
// manifest, report and plots.
var Outputs = []string{"manifest.json", "runs.csv", "runs.parquet", "shocks.csv", "summary.json", "daily.csv",
	"daily.sketch.json", "report.html", "plots"}

// Prepare readies dir (held by LockDir) for a new batch: it must hold no
// results, or, with force, its results (and only they) are removed. Files
// that are not supplysim's are never removed: a folder with any refuses.
func Prepare(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var ours, other []string
	for _, e := range entries {
		switch name := e.Name(); {
		case name == ".lock" || temporary(name):
		case slices.Contains(Outputs, name):
			ours = append(ours, name)
		default:
			other = append(other, name)
		}
	}
	switch {
	case len(other) > 0:
		return fmt.Errorf("%s holds files that are not supplysim results (%s); write to a new or empty folder", dir, strings.Join(other, ", "))
	case len(ours) > 0 && !force:
		return fmt.Errorf("%s already holds results (%s): resume an interrupted batch with `supplysim run --resume %s`, or replace them with --force",
			dir, strings.Join(ours, ", "), dir)
	}
	for _, name := range ours {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return CleanTemporary(dir)
}

// temporary reports whether name is one of the temporary files a results
// folder's writers make (".runs.csv.123456"), which only a killed process
// leaves behind.
func temporary(name string) bool {
	for _, out := range Outputs {
		if strings.HasPrefix(name, "."+out+".") {
			return true
		}
	}
	return false
}

// CleanTemporary removes the temporary files a killed writer left in dir
// and its plots folder; the caller holds dir's lock, so no writer is using
// them.
func CleanTemporary(dir string) error {
	for _, d := range []string{dir, filepath.Join(dir, "plots")} {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if name := e.Name(); strings.HasPrefix(name, ".") && name != ".lock" && (temporary(name) || d != dir) {
				if err := os.Remove(filepath.Join(d, name)); err != nil {
					return err
				}
			}
		}
	}
	return nil
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

// Close finishes the folder: summary.json, daily.csv and
// daily.sketch.json written, then runs.csv, runs.parquet and shocks.csv
// moved into place, each flushed to disk first, then manifest.json last,
// with Complete set as given and the SHA-256 of every data file. A folder
// whose manifest says complete is whole, and a reader can check every
// file against it. On an error nothing of this Close is left behind but
// the files already renamed, and Saved stays false.
func (f *Folder) Close(complete bool) error {
	err := f.close(complete)
	if err != nil {
		f.Abort()
	}
	return err
}

func (f *Folder) close(complete bool) error {
	f.Manifest.Complete = complete
	f.Manifest.Finished = time.Now().UTC()
	f.Manifest.Files = map[string]string{}
	put := func(name string, data []byte) error {
		f.Manifest.Files[name] = sha256Hex(data)
		return WriteFileAtomic(filepath.Join(f.Dir, name), data)
	}
	summary, err := json.MarshalIndent(f.Summary, "", "  ")
	if err != nil {
		return err
	}
	if err := put("summary.json", append(summary, '\n')); err != nil {
		return err
	}
	var daily strings.Builder
	if err := f.Daily.WriteCSV(&daily); err != nil {
		return err
	}
	if err := put("daily.csv", []byte(daily.String())); err != nil {
		return err
	}
	state, err := json.Marshal(f.Daily.state())
	if err != nil {
		return err
	}
	if err := put("daily.sketch.json", state); err != nil {
		return err
	}
	for _, s := range []*stream{f.runs, f.shocks} {
		if err := s.commit(); err != nil {
			return err
		}
		f.Manifest.Files[filepath.Base(s.path)] = s.sum
	}
	if err := f.parquet.commit(); err != nil {
		return err
	}
	sum, err := hashFile(f.parquet.path)
	if err != nil {
		return err
	}
	f.Manifest.Files["runs.parquet"] = sum
	if err := syncDir(f.Dir); err != nil {
		return err
	}
	if err := WriteJSON(filepath.Join(f.Dir, "manifest.json"), f.Manifest); err != nil {
		return err
	}
	if err := syncDir(f.Dir); err != nil {
		return err
	}
	f.Saved = true
	return nil
}

// Abort gives up a folder that will not be closed: the temporary files of
// its streams not yet committed are removed.
func (f *Folder) Abort() {
	for _, s := range []*stream{f.runs, f.shocks} {
		if s != nil {
			s.abort()
		}
	}
	if f.parquet != nil {
		f.parquet.abort()
	}
}

func sha256Hex(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// stream is a CSV file written through a temporary file, hashed as it is
// written, and renamed into place on commit.
type stream struct {
	path string
	tmp  *os.File
	w    *bufio.Writer
	h    hash.Hash
	sum  string // hex SHA-256, once committed
}

func newStream(path, header string) (*stream, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	s := &stream{path: path, tmp: tmp, w: bufio.NewWriterSize(tmp, 1<<16), h: sha256.New()}
	return s, s.write([]byte(header + "\n"))
}

func (s *stream) write(b []byte) error {
	s.h.Write(b)
	_, err := s.w.Write(b)
	return err
}

func (s *stream) commit() error {
	if err := s.w.Flush(); err != nil {
		s.abort()
		return err
	}
	err := commit(s.tmp, s.path) // removes the temporary file if it fails
	s.tmp = nil
	if err == nil {
		s.sum = hex.EncodeToString(s.h.Sum(nil))
	}
	return err
}

// abort closes and removes the temporary file, if it is still there.
func (s *stream) abort() {
	if s.tmp != nil {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
		s.tmp = nil
	}
}
