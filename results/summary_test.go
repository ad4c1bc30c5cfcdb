package results

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/supplysim/supplysim/models"
)

func row(rep uint64, g models.Regime, lost float64) Row {
	v := make([]float64, len(Metrics))
	for i := range v {
		v[i] = math.NaN()
	}
	v[MetricIndex("lost_output")] = lost
	return Row{Replication: rep, Regime: g, Values: v}
}

// summary.json has the documented layout; the paired difference is the
// mean and t-interval of the per-replication differences, which is far
// narrower than the difference of two independent means when the regimes
// share their draws.
func TestSummary_PairedDifferenceAndJSON(t *testing.T) {
	s := NewSummary([]models.Regime{models.Silo, models.Platform})
	silo := []float64{100, 300, 200, 500, 400}
	for i, x := range silo {
		s.Add([]Row{row(uint64(i), models.Silo, x), row(uint64(i), models.Platform, x-10-float64(i%2))}, nil)
	}
	m := MetricIndex("lost_output")
	st := s.Stat(0, m)
	if st.N != 5 || float64(st.Mean) != 300 || math.Abs(float64(st.SD)-158.1139) > 1e-4 || float64(st.P50) < 299.8 || float64(st.P50) > 300.2 {
		t.Errorf("silo stat %+v, want n 5, mean 300, sd 158.114, median 300 (±0.05%%)", st)
	}
	d := s.Paired(0, m) // differences −10, −11, −10, −11, −10: mean −10.4, sd 0.5477
	half := TQuantile975(4) * 0.5477226 / math.Sqrt(5)
	if s.PairName(0) != "platform-silo" || d.N != 5 || math.Abs(float64(d.Mean)+10.4) > 1e-12 ||
		math.Abs(float64(d.CI95[1]-d.CI95[0])/2-half) > 1e-6 {
		t.Errorf("paired %s %+v, want platform-silo, mean −10.4, half-width %.4f", s.PairName(0), d, half)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Metrics map[string]map[string]struct {
			N    uint64     `json:"n"`
			Mean *float64   `json:"mean"`
			CI95 []*float64 `json:"ci95"`
		} `json:"metrics"`
		Paired map[string]map[string]struct {
			Mean *float64 `json:"mean"`
		} `json:"paired"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := back.Metrics["lost_output"]["silo"]; got.N != 5 || *got.Mean != 300 || len(got.CI95) != 2 {
		t.Errorf("summary.json lost_output/silo = %+v", got)
	}
	if got := back.Metrics["ttd_days"]["platform"]; got.N != 0 || got.Mean != nil {
		t.Errorf("an undefined metric should have n 0 and mean null, got %+v", got)
	}
	if got := back.Paired["lost_output"]["platform-silo"]; got.Mean == nil || *got.Mean != -10.4 {
		t.Errorf("summary.json paired lost_output = %+v", got)
	}
}

// A metric defined in one replication on one side has no SD there: the
// check takes the other side's, rather than demanding the means agree to
// 1e-9; with one value on both sides only the same value passes.
func TestVerdict_OneValueTakesTheOtherSidesSpread(t *testing.T) {
	was := Stat{N: 300, Mean: 20, SD: 15}
	if v := verdict("ttd_days", "silo", was, Stat{N: 1, Mean: 38, SD: jsonFloat(nan)}); v.Drift {
		t.Errorf("one value 18 from a mean of SD 15: %s, want no drift", v.Why)
	}
	if v := verdict("ttd_days", "silo", was, Stat{N: 1, Mean: 200, SD: jsonFloat(nan)}); !v.Drift {
		t.Errorf("one value 12 SDs off: %s, want drift", v.Why)
	}
	one := Stat{N: 1, Mean: 5, SD: jsonFloat(nan)}
	if v := verdict("x", "silo", one, Stat{N: 1, Mean: 6, SD: jsonFloat(nan)}); !v.Drift {
		t.Errorf("one value each, 5 against 6: %s, want drift", v.Why)
	}
}
