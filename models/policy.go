package models

import "math"

// TargetKind says how an order-up-to policy sets its target S.
type TargetKind uint8

// The targets of an order-up-to policy.
const (
	CoverTarget TargetKind = iota // S = Cover × forecast
	ZTarget                       // S = (L + R) × forecast + Z × σ̂ × √(L + R)
	LevelTarget                   // S = Level
)

// ForecastKind names a demand forecast.
type ForecastKind uint8

// The forecasts a policy can use.
const (
	MovingAverage ForecastKind = iota // mean of the last Periods days
	ExpSmoothing                      // F ← F + Alpha (d − F)
)

// Policy is an order-up-to (base-stock) policy for one input. Every
// ReviewDays days, at the end of the day, the node orders S minus the
// input's inventory position; S follows Target. The forecast is of the
// node's daily demand for its output (plant demand, or orders received),
// updated every day with that day's demand, which is then multiplied by the
// BOM quantity.
type Policy struct {
	ReviewDays   int
	Target       TargetKind
	CoverDays    float64 // CoverTarget
	Z            float64 // ZTarget
	LeadTimeDays float64 // ZTarget: planned lead time L
	Level        float64 // LevelTarget, units of input
	Forecast     ForecastKind
	Periods      int     // MovingAverage, ≥ 1
	Alpha        float64 // ExpSmoothing, in (0, 1]
	Returns      bool    // allow negative orders
}

// valid reports whether the policy's parameters can be used as they are.
func (pol *Policy) valid() bool {
	switch {
	case pol.ReviewDays < 1:
		return false
	case pol.Forecast == MovingAverage && pol.Periods < 1:
		return false
	case pol.Forecast == ExpSmoothing && !(pol.Alpha > 0 && pol.Alpha <= 1):
		return false
	case pol.Target == ZTarget && (math.IsNaN(pol.LeadTimeDays) || math.IsInf(pol.LeadTimeDays, 0) || pol.LeadTimeDays < 0):
		return false
	}
	return true
}

// forecast is the running forecast of one node's daily demand: mean and
// mean squared error, both updated in O(1) per day. The moving average keeps
// its window of the last Periods demands in a slab owned by the Run, slot j
// at window[j×stride]: the windows of the inputs with the same period
// interleave (see NewRun), so that a day's forecasts, which all move to the
// same slot, read one run of memory.
type forecast struct {
	mean, mse float64
	sum       float64   // moving average: sum of the window
	window    []float64 // moving average: the window's slots, stride apart
	stride    int
	periods   int // moving average: Policy.Periods
	next      int // the slot of the oldest demand
}

// sameForecast reports whether pol and q forecast demand the same way: the
// same method with the same periods (moving average) or smoothing
// (exponential smoothing).
func (pol *Policy) sameForecast(q *Policy) bool {
	if pol.Forecast != q.Forecast {
		return false
	}
	if pol.Forecast == MovingAverage {
		return pol.Periods == q.Periods
	}
	return pol.Alpha == q.Alpha
}

// reset starts the forecast at a stationary mean and standard deviation.
func (f *forecast) reset(mean, sd float64) {
	f.mean, f.mse, f.next = mean, float64(sd*sd), 0
	for j := range f.periods {
		f.window[j*f.stride] = mean
	}
	f.sum = float64(f.periods) * mean
}

// observe folds in one day's demand d. The squared error is smoothed with
// weight 1/Periods (moving average) or Alpha (exponential smoothing).
func (f *forecast) observe(pol *Policy, d float64) {
	err := d - f.mean
	if pol.Forecast == MovingAverage {
		slot := &f.window[f.next*f.stride]
		f.sum += d - *slot
		*slot = d
		if f.next++; f.next == f.periods {
			f.next = 0
		}
		f.mean = f.sum / float64(f.periods)
		f.mse += (float64(err*err) - f.mse) / float64(f.periods)
		return
	}
	f.mean += float64(pol.Alpha * err)
	f.mse += float64(pol.Alpha * (float64(err*err) - f.mse))
}

// target returns the order-up-to level S in units of input, for a forecast f
// of the node's daily output demand, a finished-goods target fg in units of
// output (already scaled), perUnit units of input per unit of output and
// the multiplier k on every target (1 but under equal footing, see
// Network.TargetScale).
func (pol *Policy) target(f *forecast, fg, perUnit, k float64) float64 {
	var out float64 // S in units of output
	switch pol.Target {
	case CoverTarget:
		out = float64(k*float64(pol.CoverDays*f.mean)) + fg
	case ZTarget:
		t := pol.LeadTimeDays + float64(pol.ReviewDays)
		out = float64(k*(float64(t*f.mean)+float64(float64(pol.Z*math.Sqrt(f.mse))*math.Sqrt(t)))) + fg
	default:
		return float64(k * pol.Level)
	}
	return float64(out * perUnit)
}
