package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/supplysim/supplysim/models"
)

// checkpoint is what a batch has committed so far (checkpoint.json): the
// manifest it would write now, how much of runs.csv, shocks.csv and
// nodes.csv that covers (size and SHA-256 of their first bytes), and the daily sketches.
// It is written atomically; a batch killed later resumes from it.
type checkpoint struct {
	Manifest Manifest              `json:"manifest"`
	Files    map[string]filePrefix `json:"files"`
	Daily    dailyState            `json:"daily"`
	// SHA256 is the hash of the checkpoint's JSON without it: a changed
	// byte anywhere (the daily sketches included, which no data file
	// repeats) is refused.
	SHA256 string `json:"sha256"`
}

// seal sets the checkpoint's hash and returns its JSON: the bytes
// json.Marshal gives, written in one pass. The daily sketches are most of a
// checkpoint (megabytes) and a batch seals one every few seconds while its
// workers wait for the collector, so their keys and counts are appended as
// numbers (dailyState.appendJSON) and the hash is spliced into the bytes it
// was taken of, where json.Marshal ran twice by reflection. size is what
// the bytes are expected to take (the last checkpoint's), so that they are
// not copied as they grow.
func (ck *checkpoint) seal(size int) ([]byte, error) {
	manifest, err := json.Marshal(ck.Manifest)
	if err != nil {
		return nil, err
	}
	files, err := json.Marshal(ck.Files)
	if err != nil {
		return nil, err
	}
	b := append(make([]byte, 0, size+size/8+len(manifest)+len(files)+128), `{"manifest":`...)
	b = append(b, manifest...)
	b = append(append(b, `,"files":`...), files...)
	if b, err = ck.Daily.appendJSON(append(b, `,"daily":`...)); err != nil {
		return nil, err
	}
	b = append(b, `,"sha256":"`...)
	open := len(b)
	ck.SHA256 = sha256Hex(append(b, `"}`...)) // the checkpoint with an empty hash
	return append(append(b[:open], ck.SHA256...), `"}`...), nil
}

// sealed says whether the checkpoint's hash is that of its contents.
func (ck *checkpoint) sealed() bool {
	want := ck.SHA256
	b, err := json.Marshal(checkpoint{Manifest: ck.Manifest, Files: ck.Files, Daily: ck.Daily})
	return err == nil && want != "" && sha256Hex(b) == want
}

type filePrefix struct {
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Checkpoint commits the finished replications: runs.csv, shocks.csv and
// nodes.csv flushed to disk, then checkpoint.json written over the last one.
func (f *Folder) Checkpoint() error {
	ck := checkpoint{Manifest: f.Manifest, Files: map[string]filePrefix{}, Daily: f.Daily.state()}
	ck.Manifest.Complete, ck.Manifest.Files = false, nil
	for _, s := range f.streams() {
		sum, size, err := s.sync()
		if err != nil {
			return err
		}
		ck.Files[filepath.Base(s.path)] = filePrefix{size, sum}
	}
	b, err := ck.seal(f.checkpointSize)
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(f.Dir, "checkpoint.json"), b); err != nil {
		return err
	}
	f.checkpointed, f.checkpointSize, f.Committed = time.Now(), len(b), ck.Manifest.Done
	return syncDir(f.Dir)
}

// Interrupted is what an interrupted batch in a folder has committed: the
// manifest to resume from and whether it comes from a checkpoint (the batch
// was killed) or from manifest.json (it was stopped and closed).
type Interrupted struct {
	Manifest *Manifest
	ck       *checkpoint
}

// ReadInterrupted reads what an incomplete batch in dir has committed: its
// checkpoint if that is ahead of its manifest (or there is no manifest),
// else its manifest, verified.
func ReadInterrupted(dir string) (*Interrupted, error) {
	m, merr := ReadManifest(dir)
	raw, err := os.ReadFile(filepath.Join(dir, "checkpoint.json"))
	switch {
	case errors.Is(err, os.ErrNotExist) && merr != nil:
		return nil, fmt.Errorf("nothing to resume: %w", merr)
	case errors.Is(err, os.ErrNotExist):
		return &Interrupted{Manifest: m}, Verify(dir, m)
	case err != nil:
		return nil, err
	}
	ck := &checkpoint{}
	if err := json.Unmarshal(raw, ck); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "checkpoint.json"), err)
	}
	if !ck.sealed() {
		return nil, fmt.Errorf("%s has been changed since it was written (its SHA-256 does not match)", filepath.Join(dir, "checkpoint.json"))
	}
	if merr == nil && m.Done >= ck.Manifest.Done && Verify(dir, m) == nil { // closed after its last checkpoint
		return &Interrupted{Manifest: m}, nil
	}
	for _, name := range []string{"runs.csv", "shocks.csv", "nodes.csv"} {
		if p, ok := ck.Files[name]; !ok || p.Bytes < 0 {
			return nil, fmt.Errorf("%s records no %s", filepath.Join(dir, "checkpoint.json"), name)
		}
	}
	return &Interrupted{Manifest: &ck.Manifest, ck: ck}, nil
}

// Continue reopens the interrupted batch in dir to run what it lacks: its
// committed replications are folded into the summary, runs.parquet and
// nodes.parquet (runs.csv, shocks.csv and nodes.csv are continued in place,
// cut back to what was committed), and its daily sketches taken back.
func Continue(dir string, nw *models.Network, regimes []models.Regime, in *Interrupted) (*Folder, error) {
	m := in.Manifest
	f := newFolder(dir, nw, regimes, *m)
	f.Manifest.Started = m.Started
	files, state := m.Files, (*dailyState)(nil)
	prefix := func(name string) (int64, string, error) {
		if in.ck != nil {
			p := in.ck.Files[name]
			return p.Bytes, p.SHA256, nil
		}
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return 0, "", err
		}
		return info.Size(), files[name], nil
	}
	var err error
	for _, s := range []struct {
		name string
		to   **stream
	}{{"runs.csv", &f.runs}, {"shocks.csv", &f.shocks}, {"nodes.csv", &f.nodes}} {
		size, sum, perr := prefix(s.name)
		if perr != nil {
			f.Abort()
			return nil, perr
		}
		if *s.to, err = appendStream(filepath.Join(dir, s.name), size, sum); err != nil {
			f.Abort()
			return nil, err
		}
	}
	if err := f.openParquet(); err != nil {
		f.Abort()
		return nil, err
	}
	if in.ck != nil {
		state = &in.ck.Daily
	}
	if err := f.fold(dir, m, state); err != nil {
		f.Abort()
		return nil, err
	}
	return f, nil
}
