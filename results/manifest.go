package results

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
	if err != nil {
		return nil, err
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	return m, nil
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

// commit closes a finished temporary file, makes it readable like any
// other output (CreateTemp makes it private) and renames it over path.
func commit(tmp *os.File, path string) error {
	err := tmp.Chmod(0o644)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
