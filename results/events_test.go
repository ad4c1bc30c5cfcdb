package results

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/supplysim/supplysim/models"
)

// event is one shocks.csv row; detected and starved are days, NaN for never.
func event(rep uint64, g models.Regime, plant string, reached bool, onset, detected, starved float64) ShockRow {
	r := ShockRow{Replication: rep, Regime: g, Shock: "s", Kind: "lockdown", Target: "cn", Plant: plant,
		Onset: onset, End: onset + 30, Detected: detected, Starved: starved}
	r.Outcome = models.OutcomeOf(reached, !math.IsNaN(detected), !math.IsNaN(starved), detected < starved)
	r.TTD, r.Warning = detected-onset, starved-detected
	return r
}

// twelve replications in which the platform detects the shortage both
// regimes detect 10 days earlier, and also detects two late events that
// silo never does: over each regime's own detections the platform's median
// time to detect is later, on the same events it is earlier.
func pairedButNotUnpaired() []([]ShockRow) {
	nan := math.NaN()
	var reps [][]ShockRow
	for rep := range uint64(12) {
		reps = append(reps, []ShockRow{
			event(rep, models.Silo, "a", true, 10, 40, 50),
			event(rep, models.Silo, "b", true, 10, nan, nan),
			event(rep, models.Silo, "c", true, 10, nan, nan),
			event(rep, models.Silo, "d", false, 10, nan, nan),
			event(rep, models.Platform, "a", true, 10, 30, 50),
			event(rep, models.Platform, "b", true, 10, 200, nan),
			event(rep, models.Platform, "c", true, 10, 200, nan),
			event(rep, models.Platform, "d", false, 10, nan, nan),
		})
	}
	return reps
}

func TestEvents_HeadlineIsPairedNotUnpaired(t *testing.T) {
	s := NewSummary([]models.Regime{models.Silo, models.Platform})
	var ttd [2][]float64
	for _, rows := range pairedButNotUnpaired() {
		for _, r := range rows {
			if !math.IsNaN(r.TTD) {
				ttd[b2i(r.Regime == models.Platform)] = append(ttd[b2i(r.Regime == models.Platform)], r.TTD)
			}
		}
		if err := s.Events.Add(rows); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(ttd[0])
	slices.Sort(ttd[1])
	if silo, platform := Quantile(ttd[0], 0.5), Quantile(ttd[1], 0.5); platform <= silo {
		t.Fatalf("the records should make the unpaired medians point the other way: silo %v, platform %v", silo, platform)
	}
	sf := s.File()
	d := sf.Events.Paired["platform-silo"].TTD
	if d.N != 12 || float64(d.P50) != -10 || float64(d.Mean) != -10 || d.Negative != 12 {
		t.Errorf("paired ttd %+v, want 12 events at −10 days", d)
	}
	got := DetectHeadline(sf, "platform", "silo").Text
	if !strings.HasPrefix(got, "Platform detects 10 days earlier than silo on the same shocks (median of 12 paired events") {
		t.Errorf("headline %q, want the paired median: 10 days earlier", got)
	}
	w := sf.Events.Paired["platform-silo"].Warning // silo warned 10 days ahead, the platform 20
	if w.N != 12 || float64(w.P50) != 10 {
		t.Errorf("paired warning %+v, want 12 events at +10 days", w)
	}
}

// Outcome counts reconcile: per regime they sum to the reached events,
// the same number for every regime; unreached plants are not events.
func TestEvents_OutcomesReconcile(t *testing.T) {
	e := NewEvents([]models.Regime{models.Silo, models.Platform})
	for _, rows := range pairedButNotUnpaired() {
		if err := e.Add(rows); err != nil {
			t.Fatal(err)
		}
	}
	sum := e.Summary()
	if sum.Reached != 36 || sum.Shortages != 12 {
		t.Errorf("reached %d, shortages %d; want 36 and 12", sum.Reached, sum.Shortages)
	}
	for g, re := range sum.Regimes {
		var all, short uint64
		for _, o := range models.Outcomes {
			all, short = all+re.Outcomes[o.String()], short+re.ShortageOutcomes[o.String()]
		}
		if all != sum.Reached || short != sum.Shortages || re.Caught.N != sum.Shortages {
			t.Errorf("%s: outcomes sum to %d (shortages %d), want %d (%d)", g, all, short, sum.Reached, sum.Shortages)
		}
	}
	if got := sum.Regimes["platform"].Outcomes["detected_not_starved"]; got != 24 {
		t.Errorf("platform detected_not_starved %d, want 24", got)
	}
	if got := sum.Regimes["silo"].Caught; got.K != 12 || float64(got.Share) != 1 {
		t.Errorf("silo caught %+v, want 12 of 12", got)
	}
}

// Blocks that do not describe the same events are refused, and nothing
// is added.
func TestEvents_RefusesMismatchedBlocks(t *testing.T) {
	e := NewEvents([]models.Regime{models.Silo, models.Platform})
	rows := pairedButNotUnpaired()[0]
	bad := slices.Clone(rows)
	bad[5].Plant = "z"
	if err := e.Add(bad); err == nil || !strings.Contains(err.Error(), "another shock or plant") {
		t.Errorf("another plant: %v", err)
	}
	bad = slices.Clone(rows)
	bad[7] = event(0, models.Platform, "d", true, 10, math.NaN(), math.NaN())
	if err := e.Add(bad); err == nil || !strings.Contains(err.Error(), "under one regime only") {
		t.Errorf("reached under one regime only: %v", err)
	}
	if err := e.Add(rows[:7]); err == nil {
		t.Error("7 rows for 2 regimes accepted")
	}
	if e.Summary().Reached != 0 {
		t.Error("a refused replication was counted")
	}
}

// Every number of every headline is a quote, and every quote is its
// summary.json value as the headline formats it.
func TestHeadlines_QuoteSummaryJSON(t *testing.T) {
	s := NewSummary([]models.Regime{models.Silo, models.Platform})
	for i, rows := range pairedButNotUnpaired() {
		lost := float64(100 + 7*i)
		r := []Row{row(uint64(i), models.Silo, lost), row(uint64(i), models.Platform, lost-3-float64(i%3))}
		if err := s.Add(r, rows); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	hs := Headlines(s.File(), []string{"silo", "platform"})
	if len(hs) != 4 {
		t.Fatalf("%d headlines, want 4", len(hs))
	}
	for _, h := range hs {
		if err := TraceQuotes(tree, h); err != nil {
			t.Error(err)
		}
	}
	lost := hs[2].Text
	if !strings.HasPrefix(lost, "Platform loses 4 fewer vehicles per replication than silo (mean of 12 paired replications") {
		t.Errorf("lost output headline %q", lost)
	}
	d := s.File().Paired["lost_output"]["platform-silo"] // about −4.5 to −3.5: said as magnitudes, nearest 0 first
	if want := fmt.Sprintf("95%% CI %s to %s fewer)", fmtAmount(-float64(d.CI95[1]), ""), fmtAmount(-float64(d.CI95[0]), "")); !strings.HasSuffix(lost, want) || d.CI95[1] >= 0 {
		t.Errorf("lost output headline %q, want it to end %q", lost, want)
	}
}

// A sketch's quantiles never leave the range of its values: a share that
// is 1 in every run has every quantile exactly 1.
func TestSketch_QuantilesStayInRange(t *testing.T) {
	s := NewSketch(FineBuckets)
	for range 100 {
		s.Add(1)
	}
	if q := s.Quantiles(0.05, 0.5, 0.95); q[0] != 1 || q[1] != 1 || q[2] != 1 {
		t.Errorf("quantiles of 100 ones: %v, want exactly 1", q)
	}
	s = NewSketch(FineBuckets)
	for _, x := range []float64{0.2, 0.3, 0.5} { // 0.5 starts its bucket: the midpoint is above it
		s.Add(x)
	}
	if q := s.Quantile(1); q != 0.5 {
		t.Errorf("maximum %v, want 0.5", q)
	}
	saved, err := s.data().sketch(FineBuckets)
	if err != nil {
		t.Fatal(err)
	}
	if q := saved.Quantile(1); q != 0.5 {
		t.Errorf("maximum after saving %v, want 0.5", q)
	}
}

// A saved sketch that is not well-formed is an error, never a panic or a
// wrong count.
func TestSketch_SavedStateIsChecked(t *testing.T) {
	s := NewSketch(CoarseBuckets)
	for _, x := range []float64{1, 2, 3, 0} {
		s.Add(x)
	}
	good := s.data()
	for name, bad := range map[string]func(d *sketchData){
		"resolution":        func(d *sketchData) { d.Sub = 7 },
		"unpaired counts":   func(d *sketchData) { d.Counts = d.Counts[:1] },
		"unordered keys":    func(d *sketchData) { d.Keys[0], d.Keys[1] = d.Keys[1], d.Keys[0] },
		"empty bucket":      func(d *sketchData) { d.Counts[0] = 0 },
		"overflowing count": func(d *sketchData) { d.Counts[0] = math.MaxUint64 },
		"bounds reversed":   func(d *sketchData) { d.Lo, d.Hi = d.Hi, d.Lo },
	} {
		d := good
		d.Keys, d.Counts = slices.Clone(good.Keys), slices.Clone(good.Counts)
		bad(&d)
		if _, err := d.sketch(CoarseBuckets); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := good.sketch(CoarseBuckets); err != nil {
		t.Errorf("the good sketch: %v", err)
	}
}

// daily.csv numbers days from time 0, as shocks.csv and the fan charts do:
// its first row is the first day after the warm-up.
func TestDaily_DaysCountFromTimeZero(t *testing.T) {
	nw := testNetwork() // one day of warm-up, one measured day
	var b strings.Builder
	if err := NewDaily(nw, []models.Regime{models.Silo}).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "silo,p,1,") {
		t.Errorf("daily.csv:\n%s\nwant one row, of day 1", b.String())
	}
}
