package models

import (
	"fmt"
	"math"

	"github.com/supplysim/supplysim/sim"
)

// recoveryDays is how long production must run unhindered for a plant to
// count as recovered (DESIGN §5: back to plan for 7 days running).
const recoveryDays = 7

// Detection is the record of one occurrence at one plant: an event, in
// the sense of the paired comparisons (DESIGN §5), when Reached.
type Detection struct {
	Occurrence int      // index into Result.Occurrences
	Plant      int      // node index
	Reached    bool     // the occurrence's footprint reaches the plant; if not, nothing below can happen
	Detected   sim.Time // when the plant knew the shortage would hit it, or Never
	Starved    sim.Time // first production starved of an input traced to the occurrence, or Never
	// TTRDays is onset until production has not been held below need for
	// 7 days running (0 if it never was after the onset; censored at the
	// horizon if it never recovered); NaN where the occurrence does not
	// reach the plant.
	TTRDays float64
}

// Outcome is what became of one event (an occurrence at a plant it
// reaches) under one regime. Its String is the stable name shocks.csv and
// summary.json use.
type Outcome uint8

// The outcomes of an event. The first three are the events on which the
// plant's line starved; the last two the events on which it did not.
const (
	NotReached            Outcome = iota // the occurrence's footprint does not reach the plant
	DetectedBeforeStarved                // detected, and the line starved later: a warning
	DetectedAfterStarved                 // the line starved first (or at the same minute), then detected
	StarvedUndetected                    // the line starved and the plant never traced it to the shock
	DetectedNotStarved                   // detected; the line never starved of it
	UndetectedNotStarved                 // neither detected nor starved
)

// Outcomes lists the outcomes of reached events in a fixed order.
var Outcomes = []Outcome{DetectedBeforeStarved, DetectedAfterStarved, StarvedUndetected, DetectedNotStarved, UndetectedNotStarved}

var outcomeNames = [...]string{NotReached: "not_reached", DetectedBeforeStarved: "detected_before_starved",
	DetectedAfterStarved: "detected_after_starved", StarvedUndetected: "starved_undetected",
	DetectedNotStarved: "detected_not_starved", UndetectedNotStarved: "undetected_not_starved"}

// String returns the outcome's stable name, e.g. "detected_before_starved".
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", o)
}

// ParseOutcome reads an outcome's name back.
func ParseOutcome(s string) (Outcome, error) {
	for o, name := range outcomeNames {
		if name == s {
			return Outcome(o), nil
		}
	}
	return 0, fmt.Errorf("unknown outcome %q", s)
}

// Starved reports whether the plant's line starved in this outcome.
func (o Outcome) Starved() bool {
	return o == DetectedBeforeStarved || o == DetectedAfterStarved || o == StarvedUndetected
}

// Caught reports whether the plant knew before its line starved: detected
// with warning, or detected and never starved.
func (o Outcome) Caught() bool { return o == DetectedBeforeStarved || o == DetectedNotStarved }

// Outcome classifies the record. A detection at the minute the line
// starves counts as after: it gave no warning.
func (d *Detection) Outcome() Outcome {
	return OutcomeOf(d.Reached, d.Detected != Never, d.Starved != Never, d.Detected < d.Starved)
}

// OutcomeOf classifies an event from whether it was reached, detected and
// starved, and whether detection came strictly before starvation.
func OutcomeOf(reached, detected, starved, before bool) Outcome {
	switch {
	case !reached:
		return NotReached
	case detected && starved && before:
		return DetectedBeforeStarved
	case detected && starved:
		return DetectedAfterStarved
	case starved:
		return StarvedUndetected
	case detected:
		return DetectedNotStarved
	}
	return UndetectedNotStarved
}

// impact fills the per-shock records and the TTD, Warning, TTR and
// PlatformUptime metrics. O(occurrences × plants × days).
func (res *Result) impact(r *Run) {
	nw := r.nw
	res.Occurrences = append(res.Occurrences[:0], r.occ...)
	res.Detections = res.Detections[:0]
	var ttd, warn mean
	res.TTR = math.NaN()
	if len(r.occ) > 0 {
		res.TTR = 0
	}
	for o := range r.occ {
		onset := r.occ[o].Onset
		reach := r.reach(o)
		for k, p := range nw.plants {
			dt := Detection{Occurrence: o, Plant: p, Reached: has(reach, p), Detected: r.detected[o*len(nw.Nodes)+p],
				Starved: r.starved[o*len(nw.plants)+k], TTRDays: math.NaN()}
			if dt.Reached {
				dt.TTRDays = res.recovery(k, onset, nw)
				res.TTR = max(res.TTR, dt.TTRDays)
			}
			if dt.Detected != Never {
				ttd.add((dt.Detected - onset).Days())
				if dt.Starved != Never {
					warn.add((dt.Starved - dt.Detected).Days())
				}
			}
			res.Detections = append(res.Detections, dt)
		}
	}
	res.TTD, res.Warning = ttd.value(), warn.value()
	res.PlatformUptime = math.NaN()
	if r.kind == Platform {
		res.PlatformUptime = 1 - r.platformDowntime().Days()/(nw.Horizon-nw.Warmup).Days()
	}
}

// recovery is plant k's time-to-recover from an onset, in days.
func (res *Result) recovery(k int, onset sim.Time, nw *Network) float64 {
	limited := res.Plants[k].limited
	first := int((onset+sim.Day-1)/sim.Day) - res.warmupDays // first measured day at or after the onset
	hit, run := false, 0
	for j := max(first, 0); j < len(limited); j++ {
		switch {
		case limited[j]:
			hit, run = true, 0
		case hit:
			if run++; run == recoveryDays {
				back := sim.Time(j-recoveryDays+1+res.warmupDays) * sim.Day
				return (back - onset).Days()
			}
		}
	}
	if !hit {
		return 0
	}
	return (nw.Horizon - onset).Days()
}

// platformDowntime is how long, within the measured window, the platform's
// cloud was out: the union of its outages. O(occurrences).
func (r *Run) platformDowntime() sim.Time {
	nw := r.nw
	var total, from, to sim.Time // [from, to) is the outage being merged
	for o := range r.occ {
		oc := &r.occ[o]
		if oc.Kind != CloudOutage || oc.Shock < 0 || r.cloudOf(o) != nw.platform {
			continue
		}
		s, e := max(oc.Onset, nw.Warmup), min(oc.End, nw.Horizon)
		if e <= s {
			continue
		}
		if s > to { // occurrences come by onset, so a gap closes the merged one
			total += to - from
			from, to = s, e
			continue
		}
		to = max(to, e)
	}
	return total + to - from
}

// mean is a running mean, NaN when empty.
type mean struct {
	n   int
	sum float64
}

func (m *mean) add(x float64) { m.n, m.sum = m.n+1, m.sum+x }

func (m *mean) value() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.sum / float64(m.n)
}
