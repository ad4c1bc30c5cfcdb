package results

import (
	"encoding/json"
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
