package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/supplysim/supplysim/models"
)

// Folder is a results folder being written. runs.csv, shocks.csv and
// nodes.csv are appended in place as replications arrive, and every
// CheckpointEvery the finished replications are committed (Checkpoint): a
// killed batch loses at most what came after the last one. Close writes
// the summary, the daily quantiles, runs.parquet, nodes.parquet and, last,
// the manifest.
type Folder struct {
	Dir      string
	Manifest Manifest
	Summary  *Summary
	Daily    *Daily
	runs     *stream
	parquet  *parquetRuns
	shocks   *stream
	nodes    *stream
	nodesPq  *parquetNodes
	labels   []nodeLabel // the network's nodes, as nodes.csv names them
	line     []byte
	Saved    bool // Close wrote the manifest: the folder holds what it says
	// Committed is how many replications the folder holds durably: those
	// of the last checkpoint, or of the manifest it was resumed from.
	Committed uint64
	// CheckpointEvery is how often Add commits the finished replications
	// (0: after every one; negative: never, as merge does).
	CheckpointEvery time.Duration
	checkpointed    time.Time
	checkpointSize  int // bytes of the last checkpoint.json
}

// Create makes dir (and its parents) and starts a folder for a batch of nw
// under the manifest's regimes, with runs.csv, shocks.csv and nodes.csv new.
func Create(dir string, nw *models.Network, regimes []models.Regime, m Manifest) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f := newFolder(dir, nw, regimes, m)
	var err error
	if f.runs, err = createStream(filepath.Join(dir, "runs.csv"), runsHeader()); err != nil {
		return nil, err
	}
	if f.shocks, err = createStream(filepath.Join(dir, "shocks.csv"), shocksHeader); err != nil {
		f.Abort()
		return nil, err
	}
	if f.nodes, err = createStream(filepath.Join(dir, "nodes.csv"), nodesHeader()); err != nil {
		f.Abort()
		return nil, err
	}
	if err := f.openParquet(); err != nil {
		f.Abort()
		return nil, err
	}
	return f, nil
}

// openParquet starts runs.parquet and nodes.parquet in temporary files.
func (f *Folder) openParquet() error {
	var err error
	if f.parquet, err = newParquetRuns(filepath.Join(f.Dir, "runs.parquet")); err != nil {
		return err
	}
	f.nodesPq, err = newParquetNodes(filepath.Join(f.Dir, "nodes.parquet"), f.labels)
	return err
}

func newFolder(dir string, nw *models.Network, regimes []models.Regime, m Manifest) *Folder {
	f := &Folder{Dir: dir, Manifest: m, Summary: NewSummary(regimes), Daily: NewDaily(nw, regimes), CheckpointEvery: 2 * time.Second,
		checkpointed: time.Now()}
	f.Committed = m.Done
	f.labels = nodeLabels(nw)
	f.Summary.Nodes = newNodeSummary(nw, regimes)
	f.Manifest.Footing = m.Footing.orNone()
	f.Summary.Footing = f.Manifest.Footing
	f.Manifest.Files = nil
	return f
}

// Outputs are the names of what a results folder holds: its data files,
// manifest, report and plots.
var Outputs = []string{"manifest.json", "checkpoint.json", "runs.csv", "runs.parquet", "shocks.csv", "nodes.csv", "nodes.parquet",
	"summary.json", "daily.csv", "daily.sketch.json", "report.html", "plots", "sweep.json", "design.toml", "points.csv", "points",
	"sensitivity.json"}

// Prepare readies dir (held by LockDir) for a new batch: it must hold no
// results, or, with force, its results (and only they) are removed. Files
// that are not supplysim's are never removed: a folder with any refuses.
func Prepare(dir string, force bool) error {
	ours, other, err := classify(dir, true)
	if err != nil {
		return err
	}
	switch {
	case len(other) > 0:
		return fmt.Errorf("%s holds files that are not supplysim results (%s); write to a new or empty folder", dir, strings.Join(other, ", "))
	case len(ours) > 0 && !force && slices.Contains(ours, "sweep.json"):
		return fmt.Errorf("%s already holds a sweep (%s): resume an interrupted one with `supplysim sweep --resume %s`, or replace it with --force",
			dir, strings.Join(ours, ", "), dir)
	case len(ours) > 0 && !force && uncommitted(dir):
		return fmt.Errorf("%s holds the files of a batch that was killed before it committed anything (%s): replace them with --force",
			dir, strings.Join(ours, ", "))
	case len(ours) > 0 && !force:
		if m, err := ReadManifest(dir); err == nil && m.Complete {
			return fmt.Errorf("%s already holds the finished results of %s (%d replications): write to another folder, or replace them with --force",
				dir, m.Scenario, m.Done)
		}
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

// classify sorts the entries of a results folder into supplysim's and
// anyone else's; with points, a sweep's points/ folder is supplysim's only
// if every entry in it is a point folder (six digits) holding only
// supplysim's files.
func classify(dir string, points bool) (ours, other []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		switch name := e.Name(); {
		case name == ".lock" || temporary(name):
		case name == "points" && e.IsDir() && points: // a sweep's point folders
			ours = append(ours, name)
			folders, err := os.ReadDir(filepath.Join(dir, name))
			if err != nil {
				return nil, nil, err
			}
			for _, f := range folders {
				if n := f.Name(); !f.IsDir() || len(n) != 6 || strings.Trim(n, "0123456789") != "" {
					other = append(other, filepath.Join(name, n))
					continue
				}
				_, theirs, err := classify(filepath.Join(dir, name, f.Name()), false)
				if err != nil {
					return nil, nil, err
				}
				for _, t := range theirs {
					other = append(other, filepath.Join(name, f.Name(), t))
				}
			}
		case name == "plots" && e.IsDir():
			ours = append(ours, name)
			plots, err := os.ReadDir(filepath.Join(dir, name))
			if err != nil {
				return nil, nil, err
			}
			for _, p := range plots { // only the figures supplysim draws
				if n := p.Name(); !p.Type().IsRegular() || !strings.HasPrefix(n, ".") && !strings.HasSuffix(n, ".svg") && !strings.HasSuffix(n, ".png") {
					other = append(other, filepath.Join(name, n))
				}
			}
		case slices.Contains(Outputs, name) && e.Type().IsRegular():
			ours = append(ours, name)
		default:
			other = append(other, name)
		}
	}
	return ours, other, nil
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
		f.line = appendShockRow(f.line[:0], s)
		if err := f.shocks.write(f.line); err != nil {
			return err
		}
	}
	if err := f.addNodes(r.Rep, r.Nodes); err != nil {
		return err
	}
	f.Manifest.Done++
	if f.CheckpointEvery >= 0 && time.Since(f.checkpointed) >= f.CheckpointEvery {
		return f.Checkpoint()
	}
	return nil
}

// addNodes writes one replication's node metrics ([regime][node][metric],
// flat) to nodes.csv and nodes.parquet and folds them into the summary.
func (f *Folder) addNodes(rep uint64, values []float64) error {
	per := len(f.labels) * len(NodeMetrics)
	if len(values) != len(f.Summary.Regimes)*per {
		return fmt.Errorf("replication %d: %d node values, want %d (regimes × nodes × metrics)", rep, len(values), len(f.Summary.Regimes)*per)
	}
	for g, regime := range f.Summary.Regimes {
		vs := values[g*per : (g+1)*per]
		for n := range f.labels {
			f.line = appendNodeRow(f.line[:0], rep, regime, &f.labels[n], vs[n*len(NodeMetrics):(n+1)*len(NodeMetrics)])
			if err := f.nodes.write(f.line); err != nil {
				return err
			}
		}
		if err := f.nodesPq.write(rep, regime, vs); err != nil {
			return err
		}
	}
	f.Summary.AddNodes(values)
	return nil
}

func appendShockRow(b []byte, s ShockRow) []byte {
	return fmt.Appendf(b, "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", s.Replication, s.Regime, csvText(s.Shock),
		s.Kind, csvText(s.Target), csvText(s.Plant), s.Outcome, num(s.Onset), num(s.End), num(s.Detected), num(s.Starved),
		num(s.TTD), num(s.Warning), num(s.TTR))
}

// Bytes is what the replication, of a batch of nw, adds to runs.csv, to
// shocks.csv and to nodes.csv.
func (r *Replication) Bytes(nw *models.Network) (runs, shocks, nodes int) {
	var b []byte
	for _, row := range r.Rows {
		b = appendRow(b[:0], row)
		runs += len(b)
	}
	for _, s := range r.Shocks {
		b = appendShockRow(b[:0], s)
		shocks += len(b)
	}
	labels := nodeLabels(nw)
	for i := 0; i+len(NodeMetrics) <= len(r.Nodes); i += len(NodeMetrics) {
		k := i / len(NodeMetrics) // regime × nodes + node
		b = appendNodeRow(b[:0], r.Rep, r.Rows[k/len(labels)].Regime, &labels[k%len(labels)], r.Nodes[i:i+len(NodeMetrics)])
		nodes += len(b)
	}
	return runs, shocks, nodes
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
// daily.sketch.json written through temporary files, runs.csv and
// shocks.csv flushed, runs.parquet moved into place, each on disk before
// the next step, then manifest.json last, with Complete set as given and
// the SHA-256 of every data file, and the checkpoint, now superseded,
// removed. A folder whose manifest says complete is whole, and a reader can
// check every file against it. If Close fails, Saved stays false and the
// last checkpoint is what a resume starts from.
func (f *Folder) Close(complete bool) error {
	err := f.close(complete)
	if err != nil {
		f.Abort()
	}
	return err
}

// CloseStep, if set, is called between the steps of Close: a test hook,
// to kill a process between two renames.
var CloseStep func()

func (f *Folder) close(complete bool) error {
	f.Manifest.Complete = complete
	f.Manifest.Finished = time.Now().UTC()
	files := map[string]string{}
	step := func() {
		if CloseStep != nil {
			CloseStep()
		}
	}
	put := func(name string, data []byte) error {
		files[name] = sha256Hex(data)
		defer step()
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
	for _, s := range f.streams() {
		sum, _, err := s.sync()
		if err != nil {
			return err
		}
		files[filepath.Base(s.path)] = sum
		step()
	}
	for _, p := range []*parquetFile{f.parquet.parquetFile, f.nodesPq.parquetFile} {
		if err := p.commit(); err != nil {
			return err
		}
		step()
		sum, err := hashFile(p.path)
		if err != nil {
			return err
		}
		files[filepath.Base(p.path)] = sum
	}
	if err := syncDir(f.Dir); err != nil {
		return err
	}
	f.Manifest.Files = files
	if err := WriteJSON(filepath.Join(f.Dir, "manifest.json"), f.Manifest); err != nil {
		return err
	}
	step()
	if err := os.Remove(filepath.Join(f.Dir, "checkpoint.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := syncDir(f.Dir); err != nil {
		return err
	}
	for _, s := range f.streams() {
		s.close()
	}
	f.Saved = true
	return nil
}

// streams are the CSV files appended in place: runs.csv, shocks.csv and
// nodes.csv (those opened so far).
func (f *Folder) streams() []*stream {
	var out []*stream
	for _, s := range []*stream{f.runs, f.shocks, f.nodes} {
		if s != nil {
			out = append(out, s)
		}
	}
	return out
}

// Abort gives up a folder that will not be closed: runs.csv, shocks.csv
// and nodes.csv are closed as they are (the last checkpoint says how much
// of them counts) and the temporary Parquet files are removed.
func (f *Folder) Abort() {
	for _, s := range f.streams() {
		s.close()
	}
	if f.parquet != nil {
		f.parquet.abort()
	}
	if f.nodesPq != nil {
		f.nodesPq.abort()
	}
}

// Discard removes what a new batch that committed nothing wrote (after
// Close failed: a full disk), so that the folder is as empty as it was
// and a new run needs no --force. A folder that holds committed
// replications is left for --resume.
func (f *Folder) Discard() error {
	if f.Committed > 0 || f.Saved {
		return nil
	}
	f.Abort()
	for _, name := range Outputs {
		if err := os.RemoveAll(filepath.Join(f.Dir, name)); err != nil {
			return err
		}
	}
	return CleanTemporary(f.Dir)
}

func sha256Hex(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// stream is a CSV file appended in place and hashed as it is written;
// sync flushes it to disk and returns the SHA-256 and size of what it holds.
type stream struct {
	path string
	file *os.File
	w    *bufio.Writer
	h    hash.Hash
	size int64
}

// createStream starts a new file at path with its header line.
func createStream(path, header string) (*stream, error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	s := &stream{path: path, file: file, w: bufio.NewWriterSize(file, 1<<16), h: sha256.New()}
	return s, s.write([]byte(header + "\n"))
}

// appendStream continues the file at path after its first size bytes,
// which must have the SHA-256 sum (anything after them, written after the
// last commit, is cut off).
func appendStream(path string, size int64, sum string) (*stream, error) {
	file, err := os.OpenFile(path, os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	s := &stream{path: path, file: file, h: sha256.New(), size: size}
	if n, err := io.Copy(s.h, io.LimitReader(file, size)); err != nil {
		file.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	} else if n != size {
		file.Close()
		return nil, fmt.Errorf("%s holds %d bytes, the record says at least %d: it was cut short", path, n, size)
	}
	if got := hex.EncodeToString(s.h.Sum(nil)); got != sum {
		file.Close()
		return nil, fmt.Errorf("%s is not the file its record says (SHA-256 of its first %d bytes %.12s…, recorded %.12s…): it was changed, or belongs to another batch",
			path, size, got, sum)
	}
	if err := file.Truncate(size); err != nil {
		file.Close()
		return nil, err
	}
	if _, err := file.Seek(size, io.SeekStart); err != nil {
		file.Close()
		return nil, err
	}
	s.w = bufio.NewWriterSize(file, 1<<16)
	return s, nil
}

func (s *stream) write(b []byte) error {
	s.h.Write(b)
	s.size += int64(len(b))
	_, err := s.w.Write(b)
	return err
}

// sync writes what is buffered and flushes the file to disk.
func (s *stream) sync() (sum string, size int64, err error) {
	if err := s.w.Flush(); err != nil {
		return "", 0, err
	}
	if err := s.file.Sync(); err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(s.h.Sum(nil)), s.size, nil
}

// close closes the file without flushing what is still buffered.
func (s *stream) close() {
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}
