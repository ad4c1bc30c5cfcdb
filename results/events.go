package results

import (
	"fmt"
	"math"

	"github.com/supplysim/supplysim/models"
)

// Events accumulates the paired comparisons of detection, summary.json's
// "events" section. An event is a (replication, shock occurrence, plant)
// that the occurrence's footprint reaches. Every regime of a replication
// meets the same occurrences (common random numbers), so every regime has
// the same events, and a comparison between regimes is made event by event:
//
//   - the outcome of every event per regime (models.Outcomes), counted over
//     all events and over the shortage events, those on which the plant's
//     line starved under at least one regime of the batch;
//   - per regime, the share of shortage events caught (detected before the
//     line starved, or detected and never starved), with its Wilson
//     interval; per pair of regimes the same events counted as caught by
//     both, by one only or by neither (McNemar), the paired difference of
//     the shares with Newcombe's interval and McNemar's exact test;
//   - per pair, the paired differences of detection time and of warning
//     time over the events both regimes detected (warning: both detected
//     and both starved), with mean, t-interval, quantiles and a
//     distribution-free interval of the median.
//
// Memory is independent of the number of replications.
type Events struct {
	regimes   []models.Regime
	reached   uint64
	shortages uint64
	outcomes  [][]uint64 // [regime][outcome] over reached events
	short     [][]uint64 // [regime][outcome] over shortage events
	pairs     []eventPair
}

// eventPair is the paired comparison of regime a with regime b (indices).
type eventPair struct {
	a, b         int
	ttd, warning differences
	caught       [2][2]uint64 // [caught by a][caught by b], over shortage events
}

// differences accumulates paired differences: moments and a sketch, and
// the values themselves when kept.
type differences struct {
	m      Moments
	s      *Sketch
	signs  [3]uint64 // negative, zero, positive
	keep   bool
	values []float64
}

func (d *differences) add(x float64) {
	d.m.Add(x)
	d.s.Add(x)
	switch {
	case x < 0:
		d.signs[0]++
	case x == 0:
		d.signs[1]++
	default:
		d.signs[2]++
	}
	if d.keep {
		d.values = append(d.values, x)
	}
}

// NewEvents returns an empty accumulator for the given regimes, in the
// order of their rows; pairs are every regime against every earlier one.
func NewEvents(regimes []models.Regime) *Events {
	e := &Events{regimes: regimes}
	for range regimes {
		e.outcomes = append(e.outcomes, make([]uint64, len(models.Outcomes)+1))
		e.short = append(e.short, make([]uint64, len(models.Outcomes)+1))
	}
	for a := range regimes {
		for b := range a {
			e.pairs = append(e.pairs, eventPair{a: a, b: b, ttd: differences{s: NewSketch(FineBuckets)},
				warning: differences{s: NewSketch(FineBuckets)}})
		}
	}
	return e
}

// keepValues makes e keep every paired difference (PairValues).
func (e *Events) keepValues() {
	for p := range e.pairs {
		e.pairs[p].ttd.keep, e.pairs[p].warning.keep = true, true
	}
}

// PairValues returns the kept paired differences, in event order, of
// detection time and of warning time of regime a − regime b (indices, a > b).
func (e *Events) PairValues(a, b int) (ttd, warning []float64) {
	for _, p := range e.pairs {
		if p.a == a && p.b == b {
			return p.ttd.values, p.warning.values
		}
	}
	panic(fmt.Sprintf("results: no pair of regimes %d and %d", a, b))
}

// Add folds in one replication's shocks.csv rows: a block per regime, in
// regime order, each with the same occurrences and plants in the same
// order. It returns an error, and adds nothing, when the blocks do not
// match. O(rows × regimes).
func (e *Events) Add(rows []ShockRow) error {
	if err := e.check(rows); err != nil {
		return err
	}
	per := len(rows) / len(e.regimes)
	for j := range per {
		if rows[j].Outcome == models.NotReached {
			continue
		}
		e.reached++
		shortage := false
		for g := range e.regimes {
			shortage = shortage || rows[g*per+j].Outcome.Starved()
		}
		if shortage {
			e.shortages++
		}
		for g := range e.regimes {
			o := rows[g*per+j].Outcome
			e.outcomes[g][o]++
			if shortage {
				e.short[g][o]++
			}
		}
		for p := range e.pairs {
			e.pairs[p].add(&rows[e.pairs[p].a*per+j], &rows[e.pairs[p].b*per+j], shortage)
		}
	}
	return nil
}

func (p *eventPair) add(a, b *ShockRow, shortage bool) {
	if d := a.Detected - b.Detected; !math.IsNaN(d) {
		p.ttd.add(d)
	}
	if d := a.Warning - b.Warning; !math.IsNaN(d) {
		p.warning.add(d)
	}
	if shortage {
		p.caught[b2i(a.Outcome.Caught())][b2i(b.Outcome.Caught())]++
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// check verifies that rows are one block per regime of the same events.
func (e *Events) check(rows []ShockRow) error {
	g := len(e.regimes)
	if len(rows)%g != 0 {
		return fmt.Errorf("%d shock rows are not a block per regime of %d regimes", len(rows), g)
	}
	per := len(rows) / g
	for k := range rows {
		r, first := &rows[k], &rows[k%per]
		switch {
		case r.Regime != e.regimes[k/per]:
			return fmt.Errorf("shock row %d of replication %d is of regime %v, want %v", k, r.Replication, r.Regime, e.regimes[k/per])
		case r.Replication != first.Replication || r.Shock != first.Shock || r.Kind != first.Kind || r.Target != first.Target ||
			r.Plant != first.Plant || r.Onset != first.Onset || r.End != first.End:
			return fmt.Errorf("replication %d: regime %v met another shock or plant than %v in row %d", r.Replication, r.Regime, e.regimes[0], k%per)
		case (r.Outcome == models.NotReached) != (first.Outcome == models.NotReached):
			return fmt.Errorf("replication %d: shock %s reaches plant %s under one regime only", r.Replication, r.Shock, r.Plant)
		}
	}
	return nil
}

// EventSummary is summary.json's "events" section (see Events).
type EventSummary struct {
	Reached   uint64                  `json:"reached"`   // events: (replication, occurrence, plant) reached; the same for every regime
	Shortages uint64                  `json:"shortages"` // events on which a line starved under at least one regime
	Regimes   map[string]RegimeEvents `json:"regimes"`
	Paired    map[string]PairedEvents `json:"paired"` // by pair name, e.g. "platform-silo"
}

// RegimeEvents is one regime's events: outcome counts by outcome name and
// the share of shortage events it caught.
type RegimeEvents struct {
	Outcomes         map[string]uint64 `json:"outcomes"`          // over all reached events
	ShortageOutcomes map[string]uint64 `json:"shortage_outcomes"` // over shortage events
	Caught           Share             `json:"caught"`            // shortage events detected before the line starved, or without it starving
}

// Share is K of N with its Wilson score interval.
type Share struct {
	K     uint64       `json:"k"`
	N     uint64       `json:"n"`
	Share jsonFloat    `json:"share"`
	CI95  [2]jsonFloat `json:"ci95"`
}

// PairedEvents compares regime A with regime B on the same events.
type PairedEvents struct {
	A       string    `json:"a"`
	B       string    `json:"b"`
	TTD     EventDiff `json:"ttd_days"`     // A's detection time − B's, days, over events both detected
	Warning EventDiff `json:"warning_days"` // A's warning − B's, days, over events both detected and both starved
	Caught  McNemar   `json:"caught"`       // shortage events caught, A against B
}

// EventDiff summarises paired differences: n, how many are negative,
// zero and positive (the sign test's counts), mean with 95% t-interval,
// quantiles (the sketch's rule) and a distribution-free 95% interval of
// the median (order statistics; see MedianRanks).
type EventDiff struct {
	N        uint64       `json:"n"`
	Negative uint64       `json:"negative"`
	Zero     uint64       `json:"zero"`
	Positive uint64       `json:"positive"`
	SignP    jsonFloat    `json:"sign_p"` // exact two-sided sign test of negative against positive
	Mean     jsonFloat    `json:"mean"`
	CI95     [2]jsonFloat `json:"ci95"`
	P5       jsonFloat    `json:"p5"`
	P50      jsonFloat    `json:"p50"`
	P95      jsonFloat    `json:"p95"`
	P50CI95  [2]jsonFloat `json:"p50_ci95"`
}

// McNemar is a paired comparison of two shares over the same N events:
// caught by both, by A only, by B only, by neither; the difference of the
// shares (A − B) with Newcombe's interval, and McNemar's exact p-value.
type McNemar struct {
	N          uint64       `json:"n"`
	Both       uint64       `json:"both"`
	OnlyA      uint64       `json:"only_a"`
	OnlyB      uint64       `json:"only_b"`
	Neither    uint64       `json:"neither"`
	Difference jsonFloat    `json:"difference"`
	CI95       [2]jsonFloat `json:"ci95"`
	P          jsonFloat    `json:"mcnemar_p"`
}

// Summary returns the section as written to summary.json.
func (e *Events) Summary() EventSummary {
	out := EventSummary{Reached: e.reached, Shortages: e.shortages, Regimes: map[string]RegimeEvents{}, Paired: map[string]PairedEvents{}}
	for g, regime := range e.regimes {
		re := RegimeEvents{Outcomes: map[string]uint64{}, ShortageOutcomes: map[string]uint64{}}
		var caught uint64
		for _, o := range models.Outcomes {
			re.Outcomes[o.String()], re.ShortageOutcomes[o.String()] = e.outcomes[g][o], e.short[g][o]
			if o.Caught() {
				caught += e.short[g][o]
			}
		}
		re.Caught = NewShare(caught, e.shortages)
		out.Regimes[regime.String()] = re
	}
	for _, p := range e.pairs {
		a, b := e.regimes[p.a].String(), e.regimes[p.b].String()
		out.Paired[a+"-"+b] = PairedEvents{A: a, B: b, TTD: p.ttd.summary(), Warning: p.warning.summary(),
			Caught: NewMcNemar(p.caught[1][1], p.caught[1][0], p.caught[0][1], p.caught[0][0])}
	}
	return out
}

func (d *differences) summary() EventDiff {
	lo, hi := d.m.CI95()
	q := d.s.Quantiles(0.05, 0.5, 0.95)
	l, u := MedianRanks(d.s.N())
	m := d.s.AtRanks(l, u)
	return EventDiff{N: d.m.N, Negative: d.signs[0], Zero: d.signs[1], Positive: d.signs[2],
		SignP: jsonFloat(mcnemarP(d.signs[0], d.signs[2])), Mean: jsonFloat(d.m.Mean()), CI95: [2]jsonFloat{jsonFloat(lo), jsonFloat(hi)},
		P5: jsonFloat(q[0]), P50: jsonFloat(q[1]), P95: jsonFloat(q[2]), P50CI95: [2]jsonFloat{jsonFloat(m[0]), jsonFloat(m[1])}}
}
