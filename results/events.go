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
//     interval;
//   - per pair of regimes, the pair's own shortages (starved under either)
//     counted as caught by both, by one only or by neither (McNemar), the
//     paired difference of the shares with Newcombe's interval and
//     McNemar's test;
//   - per pair, the paired differences of detection time and of warning
//     time over the events both regimes detected (warning: both detected
//     and both starved), with mean, t-interval, quantiles and a
//     distribution-free interval of the median.
//
// The events of a replication are not independent, so every interval and
// test takes replications as clusters (see cluster). Memory is
// independent of the number of replications.
type Events struct {
	regimes   []models.Regime
	reached   uint64
	shortages uint64
	outcomes  [][]uint64 // [regime][outcome] over reached events
	short     [][]uint64 // [regime][outcome] over shortage events
	caught    []cluster  // per regime: caught (1) or not (0), over shortage events
	pairs     []eventPair
}

// eventPair is the paired comparison of regime a with regime b (indices).
type eventPair struct {
	a, b         int
	ttd, warning differences
	caught       [2][2]uint64 // [caught by a][caught by b], over the events a line starved in under a or b
	discordant   cluster      // caught by a only (1), by b only (−1), else 0, over the same events
}

// differences accumulates paired differences: moments and a sketch, the
// clustered sums behind their intervals and tests, and the values
// themselves when kept.
type differences struct {
	m      Moments
	s      *Sketch
	signs  [3]uint64 // negative, zero, positive
	mean   cluster   // the differences
	sign   cluster   // +1 negative, −1 positive, 0 zero: the sign test
	below  cluster   // 1 if negative: for the median's design effect
	atMost cluster   // 1 if negative or zero
	keep   bool
	values []float64
}

func (d *differences) add(x float64) {
	d.m.Add(x)
	d.s.Add(x)
	k := 1
	switch {
	case x < 0:
		k = 0
	case x > 0:
		k = 2
	}
	d.signs[k]++
	d.mean.add(x)
	d.sign.add(float64(1 - k))
	d.below.add(b2f(k == 0))
	d.atMost.add(b2f(k < 2))
	if d.keep {
		d.values = append(d.values, x)
	}
}

func (d *differences) close() {
	d.mean.close()
	d.sign.close()
	d.below.close()
	d.atMost.close()
}

func b2f(b bool) float64 { return float64(b2i(b)) }

// NewEvents returns an empty accumulator for the given regimes, in the
// order of their rows; pairs are every regime against every earlier one.
func NewEvents(regimes []models.Regime) *Events {
	e := &Events{regimes: regimes}
	for range regimes {
		e.outcomes = append(e.outcomes, make([]uint64, len(models.Outcomes)+1))
		e.short = append(e.short, make([]uint64, len(models.Outcomes)+1))
	}
	e.caught = make([]cluster, len(regimes))
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
				e.caught[g].add(b2f(o.Caught()))
			}
		}
		for p := range e.pairs {
			e.pairs[p].add(&rows[e.pairs[p].a*per+j], &rows[e.pairs[p].b*per+j])
		}
	}
	for g := range e.caught { // the replication ends: its events are one cluster
		e.caught[g].close()
	}
	for p := range e.pairs {
		e.pairs[p].ttd.close()
		e.pairs[p].warning.close()
		e.pairs[p].discordant.close()
	}
	return nil
}

func (p *eventPair) add(a, b *ShockRow) {
	if d := a.Detected - b.Detected; !math.IsNaN(d) {
		p.ttd.add(d)
	}
	if d := a.Warning - b.Warning; !math.IsNaN(d) {
		p.warning.add(d)
	}
	if a.Outcome.Starved() || b.Outcome.Starved() {
		ca, cb := a.Outcome.Caught(), b.Outcome.Caught()
		p.caught[b2i(ca)][b2i(cb)]++
		p.discordant.add(b2f(ca && !cb) - b2f(cb && !ca))
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

// Share is K of N with its Wilson score interval, computed on the
// effective sample N / DesignEffect when the N events come in clusters.
type Share struct {
	K            uint64       `json:"k"`
	N            uint64       `json:"n"`
	Share        jsonFloat    `json:"share"`
	CI95         [2]jsonFloat `json:"ci95"`
	DesignEffect jsonFloat    `json:"design_effect"`
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
//
// The events of one replication are not independent, so the intervals and
// tests treat replications as clusters: CI95 is the cluster-robust
// t-interval of the mean (Replications − 1 degrees of freedom),
// DesignEffect its variance over the independent one; P50CI95 takes the
// order-statistic ranks of the effective sample N / d, d the largest of
// the mean's design effect and those of the shares of negative and of
// non-positive differences; SignP
// is the larger of the exact sign test and Durkalski's clustered one.
type EventDiff struct {
	N            uint64       `json:"n"`
	Replications uint64       `json:"replications"`
	Negative     uint64       `json:"negative"`
	Zero         uint64       `json:"zero"`
	Positive     uint64       `json:"positive"`
	SignP        jsonFloat    `json:"sign_p"`
	Mean         jsonFloat    `json:"mean"`
	CI95         [2]jsonFloat `json:"ci95"`
	DesignEffect jsonFloat    `json:"design_effect"`
	P5           jsonFloat    `json:"p5"`
	P50          jsonFloat    `json:"p50"`
	P95          jsonFloat    `json:"p95"`
	P50CI95      [2]jsonFloat `json:"p50_ci95"`
}

// McNemar is a paired comparison of two shares over the same N events:
// caught by both, by A only, by B only, by neither; the difference of the
// shares (A − B) with Newcombe's interval, and McNemar's exact p-value.
//
// Its events are the pair's own shortages: those on which a line starved
// under A or under B.
type McNemar struct {
	N            uint64       `json:"n"`
	Both         uint64       `json:"both"`
	OnlyA        uint64       `json:"only_a"`
	OnlyB        uint64       `json:"only_b"`
	Neither      uint64       `json:"neither"`
	ShareA       jsonFloat    `json:"share_a"` // caught by A
	ShareB       jsonFloat    `json:"share_b"`
	Difference   jsonFloat    `json:"difference"`
	CI95         [2]jsonFloat `json:"ci95"`
	DesignEffect jsonFloat    `json:"design_effect"`
	P            jsonFloat    `json:"mcnemar_p"`
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
		p := float64(caught) / float64(max(1, e.shortages))
		re.Caught = NewClusteredShare(caught, e.shortages, e.caught[g].designEffect(float64(p*(1-p))/float64(max(1, e.shortages))))
		out.Regimes[regime.String()] = re
	}
	for _, p := range e.pairs {
		a, b := e.regimes[p.a].String(), e.regimes[p.b].String()
		out.Paired[a+"-"+b] = PairedEvents{A: a, B: b, TTD: p.ttd.summary(), Warning: p.warning.summary(), Caught: p.mcnemar()}
	}
	return out
}

// mcnemar compares the shortages each regime of the pair caught, with
// replications as clusters.
func (p *eventPair) mcnemar() McNemar {
	both, onlyA, onlyB, neither := p.caught[1][1], p.caught[1][0], p.caught[0][1], p.caught[0][0]
	n := float64(both + onlyA + onlyB + neither)
	deff := 1.0
	if n > 0 {
		bc, d := float64(onlyA+onlyB), float64(onlyA)-float64(onlyB)
		deff = p.discordant.designEffect((bc - float64(d*d)/n) / float64(n*n))
	}
	return NewMcNemar(both, onlyA, onlyB, neither, deff, p.discordant.p())
}

func (d *differences) summary() EventDiff {
	q := d.s.Quantiles(0.05, 0.5, 0.95)
	n := d.s.N()
	out := EventDiff{N: d.m.N, Replications: d.mean.g, Negative: d.signs[0], Zero: d.signs[1], Positive: d.signs[2],
		Mean: jsonFloat(d.m.Mean()), P5: jsonFloat(q[0]), P50: jsonFloat(q[1]), P95: jsonFloat(q[2])}
	out.SignP = jsonFloat(math.Max(mcnemarP(d.signs[0], d.signs[2]), orZero(d.sign.p())))
	naive := math.NaN()
	if sd := d.m.SD(); n > 0 {
		naive = float64(sd*sd) / float64(n)
	}
	deff := d.mean.designEffect(naive)
	half := float64(TQuantile975(float64(d.mean.g-1)) * math.Sqrt(d.mean.variance()))
	out.CI95 = [2]jsonFloat{jsonFloat(float64(out.Mean) - half), jsonFloat(float64(out.Mean) + half)}
	out.DesignEffect = jsonFloat(deff)
	out.P50CI95 = d.medianInterval(n, deff)
	return out
}

// medianInterval is the distribution-free interval of the median on the
// effective sample n / d, d the largest of the mean's design effect (the
// values' own clustering, which bounds that of the indicators near the
// median) and those of the shares of negative and non-positive
// differences (which matter when many differences tie at 0).
func (d *differences) medianInterval(n uint64, deff float64) [2]jsonFloat {
	for _, c := range []*cluster{&d.below, &d.atMost} {
		p := c.y / math.Max(1, c.n)
		deff = math.Max(deff, c.designEffect(float64(p*(1-p))/math.Max(1, c.n)))
	}
	eff := uint64(float64(n) / deff)
	j, _ := MedianRanks(eff)
	if j == 0 {
		return [2]jsonFloat{jsonFloat(math.NaN()), jsonFloat(math.NaN())}
	}
	lo := max(1, uint64(math.Ceil(float64(j)*float64(n)/float64(eff))))
	v := d.s.AtRanks(lo, n-lo+1)
	return [2]jsonFloat{jsonFloat(v[0]), jsonFloat(v[1])}
}

func orZero(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}
