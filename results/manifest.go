package results

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Manifest says what a results folder holds and how to reproduce it
// (manifest.json).
type Manifest struct {
	Tool           string    `json:"tool"`
	Version        string    `json:"version"`
	Revision       string    `json:"revision"` // VCS revision of the build, "" if unknown
	Scenario       string    `json:"scenario"`
	ScenarioPath   string    `json:"scenario_source"` // a built-in's name or the file's absolute path
	ScenarioSHA256 string    `json:"scenario_sha256"` // of the scenario's text (and its base's, in order)
	Seed           uint64    `json:"seed"`
	HorizonDays    float64   `json:"horizon_days"`
	WarmupDays     float64   `json:"warmup_days"` // day 0 of daily.csv
	First          uint64    `json:"first_replication"`
	Runs           uint64    `json:"runs"` // replications this folder is to hold: First … First+Runs−1
	Done           uint64    `json:"done"` // replications finished, First … First+Done−1
	Regimes        []string  `json:"regimes"`
	Footing        *Footing  `json:"footing"` // what the regimes were held equal on
	Engine         string    `json:"engine"`
	Shard          string    `json:"shard"` // "i/n"
	Workers        int       `json:"workers"`
	Complete       bool      `json:"complete"`
	Started        time.Time `json:"started"`
	Finished       time.Time `json:"finished"`
	// Point, in a sweep's point folder, says which point of which design
	// the folder ran: its scenario is the scenario file with the point's
	// values set, so only the sweep can resume it.
	Point *PointOf `json:"point,omitempty"`
	// Files holds the SHA-256 of every data file, by name: what a reader
	// checks before it trusts the folder (Verify).
	Files map[string]string `json:"files,omitempty"`
}

// PointOf is the point of a design a folder ran.
type PointOf struct {
	Design       string        `json:"design"`
	DesignSHA256 string        `json:"design_sha256"`
	Index        int           `json:"index"` // 1-based, as points.csv numbers it
	Values       []FactorValue `json:"values"`
}

// FactorValue is a factor's value at a point, as the scenario file would
// write it.
type FactorValue struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// HashTexts returns the hex SHA-256 of texts in order, each prefixed by its
// length so that boundaries count.
func HashTexts(texts ...[]byte) string {
	h := sha256.New()
	for _, t := range texts {
		fmt.Fprintf(h, "%d:", len(t))
		h.Write(t)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if errors.Is(err, os.ErrNotExist) {
		if _, serr := os.Stat(filepath.Join(dir, "sweep.json")); serr == nil {
			return nil, fmt.Errorf("%s is a sweep's folder, not a run's: `supplysim sweep` draws its figures and report.html (each point's folder in %s is a run's), and `supplysim sweep --resume %s` continues it if it was stopped",
				dir, filepath.Join(dir, "points"), dir)
		}
		if parent := filepath.Dir(filepath.Dir(dir)); filepath.Base(filepath.Dir(dir)) == "points" {
			if _, serr := os.Stat(filepath.Join(parent, "sweep.json")); serr == nil {
				return nil, fmt.Errorf("%s is a point of the sweep in %s and was stopped before it closed: `supplysim sweep --resume %s` continues it", dir, parent, parent)
			}
		}
		if pid, ok := writer(dir); ok {
			return nil, fmt.Errorf("%s is being written by supplysim (process %s) and has no manifest yet; wait for it to finish", dir, pid)
		}
		if _, cerr := os.Stat(filepath.Join(dir, "checkpoint.json")); cerr == nil {
			return nil, fmt.Errorf("%s holds a batch that was killed before it closed: `supplysim run --resume %s` continues it from its last checkpoint", dir, dir)
		}
		if uncommitted(dir) {
			return nil, fmt.Errorf("%s holds a batch that was killed before it committed anything: run it again, with --force to replace it", dir)
		}
		return nil, fmt.Errorf("%s is no results folder: it has no manifest.json", dir)
	}
	if err != nil {
		return nil, err
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	return m, nil
}

// uncommitted says whether dir holds the data files of a batch that
// committed nothing: runs.csv, but neither manifest nor checkpoint.
func uncommitted(dir string) bool {
	for _, name := range []string{"manifest.json", "checkpoint.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			return false
		}
	}
	_, err := os.Stat(filepath.Join(dir, "runs.csv"))
	return err == nil
}

// OpenManifest reads dir/manifest.json and verifies every data file it
// lists (Verify): what every command that reads a results folder does.
func OpenManifest(dir string) (*Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	return m, Verify(dir, m)
}

// Verify checks that every data file of the folder at dir is the one its
// manifest m records, by SHA-256, and names the first that is not.
func Verify(dir string, m *Manifest) error {
	if len(m.Files) == 0 {
		return fmt.Errorf("%s records no SHA-256 of its files (written by supplysim before 0.12.0, or not by supplysim); run the batch again",
			filepath.Join(dir, "manifest.json"))
	}
	names := make([]string, 0, len(m.Files))
	for name := range m.Files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name != filepath.Base(name) || strings.HasPrefix(name, ".") {
			return fmt.Errorf("%s lists %q, which is no file of a results folder", filepath.Join(dir, "manifest.json"), name)
		}
		path := filepath.Join(dir, name)
		got, err := hashFile(path)
		if err != nil {
			return err
		}
		if got != m.Files[name] {
			return fmt.Errorf("%s is not the file this folder's manifest records (SHA-256 %.12s…, recorded %.12s…): it was changed, or belongs to another batch",
				path, got, m.Files[name])
		}
	}
	return nil
}

// hashFile returns the hex SHA-256 of the file at path.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// syncDir flushes a directory's entries (the renames into it) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteJSON writes v as indented JSON to path atomically.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, append(b, '\n'))
}

// WriteFileAtomic writes data to a temporary file next to path and renames
// it over path, so a reader sees the old file or the new one, never a part.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	return commit(tmp, path)
}

// commit flushes a finished temporary file to disk, closes it, makes it
// readable like any other output (CreateTemp makes it private) and renames
// it over path.
func commit(tmp *os.File, path string) error {
	err := tmp.Sync()
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
