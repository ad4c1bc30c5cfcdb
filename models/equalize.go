package models

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/supplysim/supplysim/sim/montecarlo"
)

// Footing says what regimes are held equal on before a batch compares
// them (DESIGN §4, equal footing): with identical order-up-to settings the
// regimes hold different stock in different places, and a lost-output
// difference would measure that rather than what information does.
type Footing uint8

// The footings.
const (
	// NoFooting compares the regimes with the scenario's settings as they are.
	NoFooting Footing = iota
	// EqualInventory scales each regime's order-up-to targets so that its
	// shock-free mean network inventory value (inputs on hand, finished
	// goods and work in process, in transit, at unit values) equals the
	// reference regime's.
	EqualInventory
	// EqualService scales them so that the shock-free plant fill rate
	// equals the reference's.
	EqualService
)

var footingNames = [...]string{NoFooting: "none", EqualInventory: "inventory", EqualService: "service"}

// String returns the footing as written in scenarios and manifests.
func (f Footing) String() string {
	if int(f) < len(footingNames) {
		return footingNames[f]
	}
	return fmt.Sprintf("Footing(%d)", f)
}

// ParseFooting reads "none", "inventory" or "service".
func ParseFooting(s string) (Footing, error) {
	for f, name := range footingNames {
		if name == s {
			return Footing(f), nil
		}
	}
	return 0, fmt.Errorf("unknown footing %q; want inventory, service or none", s)
}

// CalibrationFirst is the first replication a calibration runs: 2⁶³, a
// number no batch reaches, so calibration never reuses a batch's draws.
const CalibrationFirst uint64 = 1 << 63

// CalibrationTolerance is how close, relative to the reference's value, a
// calibrated regime's shock-free value must come.
const CalibrationTolerance = 0.002

// scaleBounds bound the search for a target multiplier.
const minScale, maxScale = 1.0 / 16, 16.0

// Calibration is what Equalize found: the reference regime's shock-free
// value and, per regime, the multiplier on its targets and the value it
// then reaches, over Runs shock-free replications from CalibrationFirst.
type Calibration struct {
	Footing   Footing
	Runs      int
	Reference Regime
	Target    float64 // the reference's value: EUR (inventory) or a share (service)
	Regimes   []RegimeScale
}

// RegimeScale is one regime's calibration.
type RegimeScale struct {
	Regime      Regime
	Scale       float64 // multiplier on every order-up-to target
	Achieved    float64 // the shock-free value with it
	Evaluations int     // batches of Runs replications the search used (run, or taken from a Shared)
	Start       float64 // the multiplier the search started from
	// Placement is the shock-free mean stock by tier with the multiplier
	// (Result.InventoryByTier): where the regime keeps what it holds.
	Placement []InventoryValue
}

// Equalize calibrates regimes[1:] against regimes[0] on footing f: for
// each, it finds the multiplier k on every order-up-to target at which the
// mean over runs shock-free replications (common random numbers, from
// CalibrationFirst) of the regime's inventory value or fill rate is within
// CalibrationTolerance of the reference's, by false position (Illinois)
// between a bracket found from k = 1 (or shared's Start). newRun makes a
// Run of nw for each of workers goroutines. The result depends on nothing
// but nw, the seed in newRun's runs, f, runs and the starts: not on
// workers. It does not change nw; see Calibration.Apply. Cost: about
// 1 + 4 × (len(regimes) − 1) batches of runs shock-free replications.
//
// With NoFooting every multiplier is 1 and each regime runs one batch of
// shock-free replications, for its Placement.
//
// With shared non-nil, an evaluation another calibration sharing it has run
// (or is running) on a network alike for that regime is taken from it
// instead of being run again: the calibration is the same either way
// (RegimeScale.Evaluations counts the evaluations the search used, run
// or taken).
func Equalize(ctx context.Context, nw *Network, newRun func() *Run, regimes []Regime, f Footing, runs, workers int, shared *Shared) (*Calibration, error) {
	if len(regimes) == 0 {
		return nil, fmt.Errorf("no regimes to calibrate")
	}
	if runs < 2 {
		return nil, fmt.Errorf("calibration needs at least 2 replications, got %d", runs)
	}
	c := &Calibration{Footing: f, Runs: runs, Reference: regimes[0]}
	var placement []InventoryValue // of the latest evaluation
	eval := func(g Regime, k float64) (float64, error) {
		run := func() (float64, []InventoryValue, error) { return shockFreeMean(ctx, newRun, g, k, f, runs, workers) }
		v, p, err := shared.recall(evaluationKey{g, k, f, runs}, run)
		placement = p
		return v, err
	}
	for i, g := range regimes {
		rs := RegimeScale{Regime: g, Scale: 1, Evaluations: 1, Start: 1}
		var err error
		switch {
		case i == 0 || f == NoFooting:
			rs.Achieved, err = eval(g, 1)
			if i == 0 {
				c.Target = rs.Achieved
			}
		default:
			rs, err = c.search(g, shared.start(g), eval)
		}
		if err != nil {
			return nil, err
		}
		rs.Placement = placement // the search ends with an evaluation at the scale it returns
		c.Regimes = append(c.Regimes, rs)
	}
	return c, nil
}

// Apply sets every calibrated regime's multiplier on nw.
func (c *Calibration) Apply(nw *Network) {
	for _, rs := range c.Regimes {
		nw.SetTargetScale(rs.Regime, rs.Scale)
	}
}

// search finds regime g's multiplier: from k = start it steps by factors
// of 2 (or, for inventory, first to the proportional guess) until the
// value crosses the target, then closes in by false position.
func (c *Calibration) search(g Regime, start float64, eval func(Regime, float64) (float64, error)) (RegimeScale, error) {
	rs := RegimeScale{Regime: g, Start: start}
	tol := CalibrationTolerance * math.Abs(c.Target)
	f := func(k float64) (float64, error) {
		rs.Evaluations++
		v, err := eval(g, k)
		return v - c.Target, err
	}
	k0, f0, err := start, 0.0, error(nil)
	if f0, err = f(k0); err != nil || math.Abs(f0) <= tol {
		rs.Scale, rs.Achieved = k0, f0+c.Target
		return rs, err
	}
	step := 2.0
	if f0 > 0 {
		step = 0.5
	}
	// From a start near a bound, the first step must not pass it.
	k1 := min(maxScale, max(minScale, k0*step))
	if c.Footing == EqualInventory && c.Target > 0 && f0+c.Target > 0 { // stock is nearly proportional to the targets
		k1 = min(maxScale, max(minScale, float64(k0*c.Target)/(f0+c.Target)))
	}
	f1, err := f(k1)
	for err == nil && math.Abs(f1) > tol && math.Signbit(f1) == math.Signbit(f0) {
		next := min(maxScale, max(minScale, k1*step)) // the last step tries the bound itself
		if next == k1 {
			return rs, fmt.Errorf("%v cannot reach the %v's %s of %.6g with its targets scaled by %g to %g (%.6g at %g)",
				g, c.Reference, c.Footing, c.Target, minScale, maxScale, f1+c.Target, k1)
		}
		k0, f0 = k1, f1
		k1 = next
		f1, err = f(k1)
	}
	if err != nil || math.Abs(f1) <= tol {
		rs.Scale, rs.Achieved = k1, f1+c.Target
		return rs, err
	}
	err = c.falsePosition(&rs, f, k0, f0, k1, f1, tol)
	return rs, err
}

// falsePosition closes in on the root of f between a and b (fa, fb of
// opposite signs) by the Illinois variant of regula falsi. It sets rs's
// scale and value; f counts its evaluations in rs. If the bracket closes
// without a value within tol (the mean over common random numbers can jump
// across the band), it settles on the end nearer the target, evaluated
// last so that the placement recorded is the one at that scale.
func (c *Calibration) falsePosition(rs *RegimeScale, f func(float64) (float64, error), a, fa, b, fb, tol float64) error {
	side, best, fbest := 0, a, fa // the true value nearest the target so far (fa, fb get halved)
	if math.Abs(fb) < math.Abs(fa) {
		best, fbest = b, fb
	}
	for range 40 {
		if math.Abs(b-a) <= float64(1e-9*max(math.Abs(a), math.Abs(b))) {
			break
		}
		k := (float64(a*fb) - float64(b*fa)) / (fb - fa)
		fk, err := f(k)
		if err != nil || math.Abs(fk) <= tol {
			rs.Scale, rs.Achieved = k, fk+c.Target
			return err
		}
		if math.Abs(fk) < math.Abs(fbest) {
			best, fbest = k, fk
		}
		if math.Signbit(fk) == math.Signbit(fb) {
			b, fb = k, fk
			if side == -1 {
				fa /= 2
			}
			side = -1
		} else {
			a, fa = k, fk
			if side == 1 {
				fb /= 2
			}
			side = 1
		}
	}
	fk, err := f(best)
	rs.Scale, rs.Achieved = best, fk+c.Target
	return err
}

// shockFreeMean is the mean over replications CalibrationFirst … +runs−1,
// summed in replication order, of regime g's shock-free inventory value
// (or fill rate) and stock by tier, with targets scaled by k.
func shockFreeMean(ctx context.Context, newRun func() *Run, g Regime, k float64, f Footing, runs, workers int) (float64, []InventoryValue, error) {
	sum := 0.0
	var tiers []InventoryValue
	_, err := montecarlo.Run(ctx, montecarlo.Options{First: CalibrationFirst, Count: uint64(runs), Workers: workers},
		func(int) montecarlo.Worker[shockFree] { return shockFreeWorker{newRun(), g, k, f} },
		func(_ uint64, v shockFree) error {
			sum += v.value
			if tiers == nil {
				tiers = make([]InventoryValue, len(v.tiers))
			}
			for t := range tiers {
				tiers[t].add(v.tiers[t])
			}
			return nil
		})
	for t := range tiers {
		tiers[t] = tiers[t].div(float64(runs))
	}
	mean := sum / float64(runs)
	if err == nil && (math.IsNaN(mean) || math.IsInf(mean, 0) || mean > 1e300) {
		err = fmt.Errorf("regime %s holds %v EUR of stock without shocks: its orders or stock grow without bound in this network", g, mean)
	}
	return mean, tiers, err
}

// shockFree is what one calibration replication reports.
type shockFree struct {
	value float64
	tiers []InventoryValue
}

type shockFreeWorker struct {
	run *Run
	g   Regime
	k   float64
	f   Footing
}

func (w shockFreeWorker) Replicate(rep uint64) (shockFree, error) {
	res := w.run.ShockFree(rep, w.g, w.k)
	v := shockFree{value: res.Inventory.Total(), tiers: append([]InventoryValue(nil), res.InventoryByTier...)}
	if w.f == EqualService {
		v.value = res.FillRate
	}
	return v, nil
}

// Shared lets the calibrations of several networks share evaluations (an
// experiment design's points, which differ only in a few settings): every
// evaluation, one regime's shock-free mean at one multiplier, is run once
// per network as that regime runs on it. Safe for concurrent use: an
// evaluation asked for while another calibration runs it waits for that
// one.
type Shared struct {
	// Evaluations holds what has been run, for every network; nil runs
	// every evaluation.
	Evaluations *Evaluations
	// Alike names the network of this calibration as regime g runs on it:
	// two networks of which Alike says the same for g must give g the same
	// shock-free replications from the same seed (a setting of another
	// regime's may differ between them; nothing g reads may).
	Alike func(g Regime) string
	// Start is the multiplier each regime's search starts from (absent: 1),
	// such as the one found for a network like this one: from a good start
	// the first evaluation is often within tolerance.
	Start map[Regime]float64
}

// start is the multiplier regime g's search starts from.
func (s *Shared) start(g Regime) float64 {
	if s != nil {
		if k, ok := s.Start[g]; ok && k >= minScale && k <= maxScale {
			return k
		}
	}
	return 1
}

// Evaluations are the shock-free means calibrations sharing them have run.
type Evaluations struct {
	mu   sync.Mutex
	done map[sharedKey]*evaluation
}

type evaluationKey struct {
	g    Regime
	k    float64
	f    Footing
	runs int
}

type sharedKey struct {
	network string
	evaluationKey
}

// evaluation is one shock-free mean: ready is closed once it is in.
type evaluation struct {
	ready     chan struct{}
	value     float64
	placement []InventoryValue
	err       error
}

// recall returns the evaluation key of s's network: from s's Evaluations,
// or run (once, for every calibration sharing them).
func (s *Shared) recall(key evaluationKey, run func() (float64, []InventoryValue, error)) (float64, []InventoryValue, error) {
	if s == nil || s.Evaluations == nil {
		return run()
	}
	e, k := s.Evaluations, sharedKey{s.Alike(key.g), key}
	e.mu.Lock()
	if e.done == nil {
		e.done = map[sharedKey]*evaluation{}
	}
	ev, ok := e.done[k]
	if !ok {
		ev = &evaluation{ready: make(chan struct{})}
		e.done[k] = ev
	}
	e.mu.Unlock()
	if ok {
		<-ev.ready
		if ev.err == nil {
			return ev.value, slices.Clone(ev.placement), nil
		}
		return run() // it failed there (cancelled, say): try here
	}
	ev.value, ev.placement, ev.err = run()
	if ev.err != nil {
		e.mu.Lock()
		delete(e.done, k)
		e.mu.Unlock()
	}
	close(ev.ready)
	return ev.value, ev.placement, ev.err
}
