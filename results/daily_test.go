package results

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/supplysim/supplysim/models"
	"github.com/supplysim/supplysim/scenarios"
)

// build parses and builds a scenario's text.
func build(t *testing.T, text []byte) *models.Network {
	t.Helper()
	sc, err := scenarios.Parse("g.toml", text)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := sc.Build()
	if err != nil {
		t.Fatal(err)
	}
	return nw
}

// A network of more than FanPlants plants (or its scenario's fan_plants)
// keeps daily series for that many of its largest plants by demand, in the
// network's order, and one of the sums over the others: a replication's
// value for it each day is the sum of the summed plants' values. A network
// of fewer keeps every plant.
func TestDaily_LargestPlantsAndTheRestSummed(t *testing.T) {
	for _, c := range []struct{ nodes, plants, fan int }{{340, 14, 0}, {200, 8, 0}, {200, 8, 3}} {
		text, err := scenarios.Generate(scenarios.Synthetic{Nodes: c.nodes, Tiers: 3, Seed: 2, Days: 60})
		if err != nil {
			t.Fatal(err)
		}
		fan := FanPlants
		if c.fan > 0 {
			fan = c.fan
			text = bytes.Replace(text, []byte("[scenario]\n"), fmt.Appendf(nil, "[scenario]\nfan_plants = %d\n", c.fan), 1)
		}
		nw := build(t, text)
		plants := nw.Plants()
		if len(plants) != c.plants {
			t.Fatalf("%d nodes: %d plants, want %d", c.nodes, len(plants), c.plants)
		}
		d := NewDaily(nw, []models.Regime{models.Silo})
		days := nw.Days() - int(nw.Warmup.Days())
		output, plan := make([][]float64, len(plants)), make([][]float64, len(plants))
		for k := range plants {
			for day := range days {
				output[k] = append(output[k], float64(100*k+day))
				plan[k] = append(plan[k], float64(1000+k))
			}
		}
		d.add(0, output, plan)
		var b bytes.Buffer
		if err := d.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var series []string
		for _, r := range rows[1:] {
			if !slices.Contains(series, r[1]) {
				series = append(series, r[1])
			}
		}
		// the largest fan by mean demand, in the network's order
		var want []string
		byDemand := slices.Clone(plants)
		slices.SortStableFunc(byDemand, func(a, b int) int {
			return int(math.Copysign(1, nw.MeanDemandPerDay(b)-nw.MeanDemandPerDay(a)))
		})
		kept := byDemand[:min(fan, len(plants))]
		sumOut, sumPlan := 0.0, 0.0
		for k, p := range plants {
			if slices.Contains(kept, p) {
				want = append(want, nw.Nodes[p].ID)
			} else {
				sumOut += output[k][0]
				sumPlan += plan[k][0]
			}
		}
		if others := len(plants) - len(kept); others > 0 {
			want = append(want, OtherPlants(others))
		}
		if !slices.Equal(series, want) {
			t.Errorf("%d plants: series %v, want %v", len(plants), series, want)
		}
		if len(rows) != 1+len(want)*days {
			t.Errorf("%d plants: %d rows, want 1 + %d series × %d days", len(plants), len(rows), len(want), days)
		}
		if len(kept) == len(plants) {
			continue
		}
		checked := false
		for _, r := range rows[1:] {
			if r[1] != want[len(want)-1] || r[2] != fmt.Sprint(nw.Warmup.Days()) {
				continue
			}
			checked = true
			got, _ := strconv.ParseFloat(r[4], 64)
			gotPlan, _ := strconv.ParseFloat(r[6], 64)
			if math.Abs(got-sumOut) > 1e-3*sumOut || math.Abs(gotPlan-sumPlan) > 1e-3*sumPlan {
				t.Errorf("the others' first day: output %v, plan %v; want the sums %v and %v", got, gotPlan, sumOut, sumPlan)
			}
		}
		if !checked {
			t.Error("no row of the others' first day")
		}
	}
}

// A Daily holds replications back and adds them sketch by sketch; what it
// saves and writes is what adding each replication at once gives, whether
// the held ones were flushed or are still held (a checkpoint or the
// report reads them), over two regimes and a network whose smaller plants
// are summed, with zeros, NaNs and infinities among the values.
func TestDaily_HeldReplicationsAreCounted(t *testing.T) {
	text, err := scenarios.Generate(scenarios.Synthetic{Nodes: 340, Tiers: 3, Seed: 5, Days: 40})
	if err != nil {
		t.Fatal(err)
	}
	nw := build(t, text)
	regimes := []models.Regime{models.Silo, models.Platform}
	held, direct := NewDaily(nw, regimes), NewDaily(nw, regimes)
	if held.held < 2 {
		t.Fatalf("a Daily of %d measured days holds %d replications; the test needs it to hold some", held.days, held.held)
	}
	direct.held = 1
	plants, days := len(nw.Plants()), held.days
	special := []float64{0, math.NaN(), math.Inf(1), -3.5}
	for _, reps := range []int{held.held - 1, 1, 2 * held.held} { // some held, then a flush, then two more
		for rep := range reps {
			for g := range regimes {
				output, plan := make([][]float64, plants), make([][]float64, plants)
				for k := range plants {
					for day := range days {
						x := float64((rep*31+k*7+day*3+g)%97) * 1.25
						if (rep+day+k)%11 == 0 {
							x = special[(rep+day)%len(special)]
						}
						output[k] = append(output[k], x)
						plan[k] = append(plan[k], float64(1000+k+rep%5))
					}
				}
				held.add(g, output, plan)
				direct.add(g, output, plan)
			}
		}
		var a, b bytes.Buffer
		if err := held.WriteCSV(&a); err != nil {
			t.Fatal(err)
		}
		if err := direct.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Fatalf("after %d more replications, daily.csv of the held replications differs from adding them at once", reps)
		}
		sa, sb := fmt.Sprint(held.state()), fmt.Sprint(direct.state())
		if sa != sb {
			t.Fatalf("after %d more replications, the saved sketches of the held replications differ from adding them at once", reps)
		}
	}
}
