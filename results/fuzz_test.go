package results

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
)

// The results readers take any bytes without panicking: a runs.csv row, a
// shocks.csv row, a saved daily sketch state, a manifest, a baseline. What
// they accept is well-formed.
func FuzzRunsRow(f *testing.F) {
	f.Add("3,silo,1.5,,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19")
	f.Add("18446744073709551615,platform-alerts,NaN,Inf,-0,1e308")
	f.Fuzz(func(t *testing.T, line string) {
		var row Row
		if parseRow(line, &row) == nil && len(row.Values) != len(Metrics) {
			t.Fatalf("accepted %q with %d values", line, len(row.Values))
		}
	})
}

func FuzzShocksRow(f *testing.F) {
	f.Add(`0,silo,fire,node_outage,"a,b",zwickau,detected_before_starved,1,2,1.5,1.8,0.5,0.3,4`)
	f.Add(`7,platform,x,lockdown,CN,p,not_reached,,,,,,,`)
	f.Fuzz(func(t *testing.T, line string) {
		parseShockRow(line)
	})
}

func FuzzDailyState(f *testing.F) {
	d := NewDaily(testNetwork(), []models.Regime{models.Silo})
	d.add(0, [][]float64{{3}}, [][]float64{{4}})
	good, _ := json.Marshal(d.state())
	f.Add(good)
	f.Add([]byte(`{"regimes":["silo"],"plants":["p"],"output":[[[{"b":16,"k":[5,3],"c":[1]}]]],"plan":[[[]]]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var st dailyState
		if json.Unmarshal(raw, &st) != nil {
			return
		}
		NewDaily(testNetwork(), []models.Regime{models.Silo}).merge(&st)
	})
}

func FuzzBaseline(f *testing.F) {
	f.Add([]byte(`{"manifest":{"regimes":["silo"]},"runs_sha256":"00","metrics":{}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		b := &Baseline{}
		if json.Unmarshal(raw, b) != nil || b.valid() != nil {
			return
		}
		for _, mt := range Metrics { // a valid baseline has every metric of every regime
			for _, g := range b.Manifest.Regimes {
				if _, ok := b.Metrics[mt.Name][g]; !ok {
					t.Fatalf("valid baseline without %s of %s", mt.Name, g)
				}
			}
		}
	})
}

// testNetwork is one plant with one day of horizon after warm-up.
func testNetwork() *models.Network {
	nw := &models.Network{Name: "t", Horizon: 2 * 1440, Warmup: 1440, Parts: []models.Part{{ID: "car"}},
		Nodes: []models.Node{{ID: "p", Role: models.Plant, CapacityPerDay: 1, InitialFG: 0,
			Demand: &models.Demand{Daily: models.Dist{Kind: models.Constant, A: 1}}}}}
	if err := nw.Finish(); err != nil {
		panic(err)
	}
	return nw
}

// A manifest.json or checkpoint.json of any bytes is read, verified and
// refused or accepted without a panic; one that names a file outside the
// folder is refused.
func FuzzManifest(f *testing.F) {
	f.Add([]byte(`{"tool":"supplysim","version":"0.13.0","runs":4,"done":2,"files":{"runs.csv":"00"}}`))
	f.Add([]byte(`{"manifest":{"runs":4,"done":2},"files":{"runs.csv":{"bytes":19,"sha256":"00"},"shocks.csv":{"bytes":-1}},"sha256":""}`))
	f.Add([]byte(`{"files":{"../../etc/passwd":"00",".lock":"00"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "runs.csv"), []byte("replication,regime\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "manifest.json"), raw, 0o644)
		if m, err := OpenManifest(dir); err == nil {
			for name := range m.Files {
				if name != filepath.Base(name) || strings.HasPrefix(name, ".") {
					t.Fatalf("accepted a manifest that names %q", name)
				}
			}
		}
		ReadInterrupted(dir)
		os.Remove(filepath.Join(dir, "manifest.json"))
		os.WriteFile(filepath.Join(dir, "checkpoint.json"), raw, 0o644)
		ReadInterrupted(dir)
	})
}
