package results

import (
	"math"
	"slices"
	"testing"

	"github.com/supplysim/supplysim/models"
)

func TestECDF_StepsAtDistinctValues(t *testing.T) {
	got := ECDF([]float64{1, 2, 2, 5})
	want := []Step{{1, 0.25}, {2, 0.75}, {5, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("ECDF = %v, want %v", got, want)
	}
}

// Box statistics use the one quantile rule (rank ⌈q n⌉) and 1.5-IQR
// whiskers; the box drawn is the box tested (charts.go copies these
// numbers into gonum's box plot).
func TestNewBox_QuartilesWhiskersOutliers(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 100}
	b := NewBox(models.Silo, xs)
	if b.Q1 != 3 || b.Median != 5 || b.Q3 != 8 {
		t.Errorf("quartiles %v %v %v, want 3 5 8 (ranks ⌈2.5⌉, ⌈5⌉, ⌈7.5⌉)", b.Q1, b.Median, b.Q3)
	}
	if b.LowWhisker != 1 || b.HighWhisker != 9 || !slices.Equal(b.Outliers, []float64{100}) {
		t.Errorf("whiskers %v–%v, outliers %v; want 1–9 and [100] (fence 8 + 1.5 × 5 = 15.5)", b.LowWhisker, b.HighWhisker, b.Outliers)
	}
}

// The paired histogram marks the mean of the differences and its t-interval.
func TestNewDifference_MeanAndInterval(t *testing.T) {
	d := NewDifference(models.Platform, models.Silo, []float64{-3, -1, -2, -2})
	half := TQuantile975(3) * math.Sqrt(2.0/3) / 2
	if d.Mean != -2 || math.Abs(d.Hi-d.Lo-2*half) > 1e-12 || !slices.IsSorted(d.Values) {
		t.Errorf("difference %+v, want mean −2, half-width %.4f, sorted values", d, half)
	}
}

// The stress chart's labels put each node's time to survive against the
// time to recover, and its title names the weakest link.
func TestStressLabelsAndTitle(t *testing.T) {
	rows := []StressRow{{Node: "seats-cz", LostOutput: 27790, TTSDays: 4.9}, {Node: "mcu-tw", TTSDays: 302, Censored: 10}}
	if got := StressTitle(rows, 28); got != "Weakest link: seats-cz; out for 28 days it costs 27,790 vehicles" {
		t.Errorf("title %q", got)
	}
	if got := StressLabel(rows[0], 28, 10); got != "seats-cz (TTS 5 d vs TTR 28 d)" {
		t.Errorf("label %q", got)
	}
	if got := StressLabel(rows[1], 28, 10); got != "mcu-tw (TTS ≥ 302 d vs TTR 28 d)" {
		t.Errorf("label %q for a node that never caused a shortage", got)
	}
}

// The panel under a fan is each later regime's median minus the first's,
// day by day, on the days both have.
func TestGaps_DifferenceOfMediansByDay(t *testing.T) {
	fans := []Fan{
		{Regime: "silo", Day: []float64{56, 57, 58}, P50: []float64{10, 12, 9}},
		{Regime: "platform", Day: []float64{57, 58, 59}, P50: []float64{15, 9, 20}},
	}
	got := Gaps(fans)
	if len(got) != 1 || got[0].Regime != "platform" || !slices.Equal(got[0].Day, []float64{57, 58}) || !slices.Equal(got[0].Diff, []float64{3, 0}) {
		t.Errorf("gaps %+v, want platform on days 57, 58: 3, 0", got)
	}
	if Gaps(fans[:1]) != nil {
		t.Error("one regime has no gap to draw")
	}
}

// A paired histogram where most differences are 0 draws the others and
// counts the zeros; otherwise it draws everything.
func TestDiffering_ZeroInflated(t *testing.T) {
	drawn, same := differing([]float64{0, 0, -2, 0, 1})
	if same != 3 || !slices.Equal(drawn, []float64{-2, 1}) {
		t.Errorf("mostly zero: drew %v, %d the same; want [-2 1], 3", drawn, same)
	}
	for _, xs := range [][]float64{{0, 1, 2, 0}, {0, 0, 0}} {
		if drawn, same := differing(xs); same != 0 || len(drawn) != len(xs) {
			t.Errorf("%v: drew %v, %d the same; want all of them", xs, drawn, same)
		}
	}
}
